// Width-aware tables for human output (issue 16): columns sized by display width,
// shrunk by priority with `…` when the terminal is narrower than the table, control
// characters escaped, colour applied after sizing so escapes never disturb alignment.
import { displayWidth, escapeControl, pad, truncate } from "./width.js";

export type Style = (text: string) => string;

/** One cell: its text (plain, no ANSI) and an optional style applied after sizing. */
export type Cell = string | { text: string; style?: Style };

export interface Column {
  header: string;
  align?: "left" | "right";
  /**
   * When the table is too wide, columns give way in rank order, `shrink` and `drop` ranks
   * sharing one sequence (lowest first): a shrinking column is cut down to `min` (titles
   * and reasons rank 1), a dropping column disappears. Columns with neither keep their
   * width unless nothing else is left to give.
   */
  shrink?: number;
  /** The narrowest a shrinking column gets (default: its header's width, at least 6). */
  min?: number;
  /** See `shrink`: the rank at which this column is left out altogether. */
  drop?: number;
  /** A style for every cell of the column (a cell's own style wins). */
  style?: Style;
}

export interface TableOptions {
  /** Display columns available for each line. */
  width: number;
  /** Spaces between columns (default 2). */
  gap?: number;
  /** Style for the header line (e.g. dim or bold); default none. */
  headerStyle?: Style;
  /** Omit the header line. */
  noHeader?: boolean;
  /** A line of dashes under the header (default true when there is a header). */
  rule?: boolean;
  /** Prefix for every line (counted in the width), e.g. two spaces of indentation. */
  indent?: string;
}

const textOf = (cell: Cell | undefined): string =>
  escapeControl(typeof cell === "string" ? cell : (cell?.text ?? ""));
const styleOf = (cell: Cell | undefined, column: Column): Style | undefined =>
  (typeof cell === "object" ? cell.style : undefined) ?? column.style;

/**
 * The width each column gets: natural widths, then the `shrink`/`drop` steps in rank order
 * until the table fits (room a drop frees goes back to the columns that shrank, lowest
 * rank first), then, as a last resort, every column cut from the right down to
 * one column, so no line exceeds `width`. A width of 0 means the column is left out.
 * Exported for tests.
 */
export function layoutColumns(natural: number[], columns: Column[], width: number, gap: number): number[] {
  const widths = [...natural];
  const total = () => {
    const shown = widths.filter((w) => w > 0);
    return shown.reduce((a, b) => a + b, 0) + gap * Math.max(0, shown.length - 1);
  };
  // one step per rank; columns sharing a shrink rank give up width in proportion to what
  // each can spare, so a title and a reason column both stay readable
  const ranks = [
    ...new Set(columns.flatMap((c) => [c.shrink, c.drop]).filter((r): r is number => r !== undefined)),
  ].sort((a, b) => a - b);
  const floorOf = (i: number) =>
    Math.min(natural[i]!, columns[i]!.min ?? Math.max(6, displayWidth(columns[i]!.header)));
  const shrunk: number[][] = [];
  for (const rank of ranks) {
    if (total() <= width) break;
    const dropping = columns.flatMap((c, i) => (c.drop === rank ? [i] : []));
    const shrinking = columns.flatMap((c, i) => (c.shrink === rank && widths[i]! > 0 ? [i] : []));
    if (shrinking.length > 0) {
      const cut = share(
        total() - width,
        shrinking.map((i) => widths[i]! - floorOf(i)),
      );
      shrinking.forEach((i, k) => {
        widths[i] = widths[i]! - cut[k]!;
      });
      shrunk.push(shrinking);
    }
    if (total() > width) for (const i of dropping) widths[i] = 0;
  }
  // room freed by a later drop goes back to the columns that shrank, first-ranked first
  for (const group of shrunk) {
    const live = group.filter((i) => widths[i]! > 0);
    const back = share(
      Math.max(0, width - total()),
      live.map((i) => natural[i]! - widths[i]!),
    );
    live.forEach((i, k) => {
      widths[i] = widths[i]! + back[k]!;
    });
  }
  for (let i = widths.length - 1; i >= 0 && total() > width; i--) {
    if (widths[i] === 0) continue;
    widths[i] = Math.max(1, widths[i]! - (total() - width));
  }
  return widths;
}

/**
 * Renders rows under the columns' headers, one string per line (no trailing blanks, no
 * final newline). Every line fits `options.width` display columns (given at least one
 * column per visible column and the gaps).
 */
export function renderTable(columns: Column[], rows: Cell[][], options: TableOptions): string[] {
  const gap = options.gap ?? 2;
  const indent = options.indent ?? "";
  const showHeader = !options.noHeader;
  const texts = rows.map((row) => columns.map((_, c) => textOf(row[c])));
  const natural = columns.map((col, c) =>
    Math.max(showHeader ? displayWidth(col.header) : 0, ...texts.map((r) => displayWidth(r[c]!))),
  );
  const widths = layoutColumns(natural, columns, options.width - displayWidth(indent), gap);
  const line = (cells: string[], styles: (Style | undefined)[]): string => {
    const parts: string[] = [];
    for (const [c, col] of columns.entries()) {
      const w = widths[c]!;
      if (w === 0) continue;
      const cut = truncate(cells[c]!, w);
      const style = styles[c];
      // style the text only, not the padding, so underlines/backgrounds do not run on
      if (!style || cut === "") {
        parts.push(pad(cut, w, col.align));
        continue;
      }
      const gapText = " ".repeat(Math.max(0, w - displayWidth(cut)));
      parts.push(col.align === "right" ? gapText + style(cut) : style(cut) + gapText);
    }
    return `${indent}${parts.join(" ".repeat(gap))}`.trimEnd();
  };
  const out: string[] = [];
  if (showHeader) {
    const headerStyle = options.headerStyle;
    out.push(
      line(
        columns.map((c) => c.header),
        columns.map(() => headerStyle),
      ),
    );
    if (options.rule ?? true)
      out.push(
        `${indent}${widths
          .filter((w) => w > 0)
          .map((w) => "-".repeat(w))
          .join(" ".repeat(gap))}`,
      );
  }
  rows.forEach((row, r) => {
    out.push(
      line(
        texts[r]!,
        columns.map((col, c) => styleOf(row[c], col)),
      ),
    );
  });
  return out;
}

/** `amount` split over parts in proportion to their `caps`, never more than a cap. */
function share(amount: number, caps: number[]): number[] {
  const room = caps.reduce((a, b) => a + Math.max(0, b), 0);
  const take = Math.min(amount, room);
  if (take <= 0) return caps.map(() => 0);
  const parts = caps.map((c) => Math.floor((take * Math.max(0, c)) / room));
  let left = take - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; left > 0; k = (k + 1) % caps.length) {
    if (parts[k]! < Math.max(0, caps[k]!)) {
      parts[k]!++;
      left--;
    }
  }
  return parts;
}
