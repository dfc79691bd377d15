// What a command needs to lay out human text: the width, the theme, the clock, and the
// shared number formats (units.ts). Built once per command from its context.
import { count, formatDuration, relativeTime } from "../../domain/units.js";
import type { Ctx } from "../context.js";
import { type Style, type Theme, themeOf } from "./colour.js";
import { displayWidth, escapeControl, packItems, terminalWidth, truncate, wrap } from "./width.js";

export { count, formatDuration, relativeTime };

export interface View {
  /** display columns per line */
  width: number;
  theme: Theme;
  /** epoch milliseconds, for relative times */
  now: number;
}

export function viewOf(ctx: Ctx): View {
  return {
    width: terminalWidth(ctx.io),
    theme: themeOf(ctx.c),
    now: ctx.io.clock.now(),
  };
}

/** Lines joined into one block ending in a newline (nothing for no lines). */
export const block = (lines: string[]): string => (lines.length ? `${lines.join("\n")}\n` : "");

/**
 * `label value` pairs flowed into as few lines as fit `width`, two spaces apart; a pair
 * too wide for a line alone has its value cut with `…`. Labels take `labelStyle`, values
 * their own style (applied after cutting; pass plain text).
 */
export function flow(
  pairs: [label: string, value: string, valueStyle?: Style][],
  width: number,
  labelStyle: Style,
): string[] {
  const lines: string[] = [];
  let line = "";
  let used = 0;
  for (const [label, rawValue, valueStyle] of pairs) {
    const room = width - displayWidth(label) - 1;
    const value = truncate(escapeControl(rawValue), Math.max(1, room));
    const w = displayWidth(label) + 1 + displayWidth(value);
    const item = `${labelStyle(label)} ${valueStyle ? valueStyle(value) : value}`;
    if (line && used + 2 + w <= width) {
      line += `  ${item}`;
      used += 2 + w;
    } else {
      if (line) lines.push(line);
      line = item;
      used = w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * `label text` with the text wrapped (a list of items: packed, never split, " · " apart) to `width` and continuation lines indented under
 * the text (or under nothing when the label takes more than half the width).
 */
export function labelled(label: string, text: string | string[], width: number, labelStyle: Style): string[] {
  const lw = displayWidth(label) + 1;
  const hang = lw > width / 2 ? 0 : lw;
  const lines =
    typeof text === "string"
      ? wrap(escapeControl(text), width - hang)
      : packItems(text.map(escapeControl), width - hang);
  if (hang === 0) return [labelStyle(label), ...lines];
  return lines.map((l, i) => (i === 0 ? `${labelStyle(label)} ${l}` : `${" ".repeat(hang)}${l}`));
}
