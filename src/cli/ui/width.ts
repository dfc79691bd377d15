// Terminal width and display width: how many columns text takes on screen.
// Wide (CJK) characters take two columns, combining accents and zero-width joiners
// none, ANSI colour escapes none; `string-width` knows the Unicode tables, we do not
// keep our own (issue 16). Loading its tables and ICU's segmenter costs ~50 ms, so
// printable ASCII (almost every line we print) is measured without them: they are
// loaded on the first character outside it (quality.md, "Fast by design").
import type { Io } from "../context.js";

/** The narrowest width we lay out for; below it lines may exceed the terminal. */
export const MIN_WIDTH = 20;
/** The width when stdout is not a terminal and COLUMNS is unset (cli.md conventions). */
export const DEFAULT_WIDTH = 80;

/**
 * Columns available for a line of output: the terminal's own width when stdout is a TTY,
 * else a positive `COLUMNS` from the environment, else 80. Never below MIN_WIDTH.
 */
export function terminalWidth(io: Pick<Io, "stdoutIsTTY" | "env" | "columns">): number {
  const fromTty = io.stdoutIsTTY && io.columns && io.columns > 0 ? io.columns : undefined;
  const env = Number.parseInt(io.env.COLUMNS ?? "", 10);
  const fromEnv = Number.isInteger(env) && env > 0 ? env : undefined;
  return Math.max(MIN_WIDTH, fromTty ?? fromEnv ?? DEFAULT_WIDTH);
}

/**
 * Text measured without string-width: printable ASCII and the punctuation our own output
 * uses (`·`, `…`, `—`, `→`, `✓`, box-drawing …) — each one column wide (East Asian Width
 * narrow or ambiguous, counted narrow as string-width does) and one UTF-16 unit, one
 * grapheme. tests/unit/terminal-ui.test.ts checks each against string-width.
 */
export const NARROW_PUNCTUATION = "·…—–×→›−✓✗─├└│↔“”‘’≤≥•°±";
const NARROW_TEXT = new RegExp(`^[\\t\\x20-\\x7e${NARROW_PUNCTUATION}]*$`);
/** Columns of NARROW_TEXT: one a character, none for a tab (string-width counts it 0, as a control). */
const narrowWidth = (text: string): number => {
  let tabs = 0;
  for (let i = text.indexOf("\t"); i >= 0; i = text.indexOf("\t", i + 1)) tabs++;
  return text.length - tabs;
};
/** SGR colour escapes (`ESC [ … m`), the only escapes our own output puts in text. */
const SGR = /\x1b\[[0-9;]*m/g;

let unicodeWidth: ((text: string) => number) | undefined;
let segmenter: Intl.Segmenter | undefined;

/**
 * string-width, loaded on first use. A plain `require` call: the bundler inlines the
 * package and runs its initialisation only when this is called.
 */
function loadStringWidth(): (text: string) => number {
  unicodeWidth ??= (require("string-width") as { default: (text: string) => number }).default;
  return unicodeWidth;
}

/** Columns `text` occupies on screen (ANSI escapes ignored, wide characters count 2). */
export function displayWidth(text: string): number {
  if (NARROW_TEXT.test(text)) return narrowWidth(text);
  if (text.includes("\x1b")) {
    const plain = text.replace(SGR, "");
    if (NARROW_TEXT.test(plain)) return narrowWidth(plain);
  }
  return loadStringWidth()(text);
}

const CHUNK = 512;

/** Whether a grapheme boundary certainly falls before index `i` (two ASCII neighbours, not CR LF). */
const asciiBoundary = (text: string, i: number): boolean =>
  text.charCodeAt(i - 1) < 0x80 && text.charCodeAt(i) < 0x80 && !(text[i - 1] === "\r" && text[i] === "\n");

/**
 * User-perceived characters (an emoji with modifiers, a letter with its accents).
 * Long text is segmented in chunks cut where two ASCII characters meet (always a
 * grapheme boundary, UAX #29): Intl.Segmenter slows down quadratically on very long
 * strings, and a huge task file must not hang `show`.
 */
export function graphemes(text: string): string[] {
  if (NARROW_TEXT.test(text)) return text.split("");
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const seg = segmenter;
  if (text.length <= CHUNK) return Array.from(seg.segment(text), (s) => s.segment);
  const out: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + CHUNK);
    while (end < text.length && !asciiBoundary(text, end)) end++;
    for (const s of seg.segment(text.slice(start, end))) out.push(s.segment);
    start = end;
  }
  return out;
}

const NAMED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x1b": "\\e" };

/**
 * Text safe to put in one cell or line: tabs, newlines, escapes and every other control
 * character (C0, DEL, C1) are shown as visible escapes (`\t`, `\n`, `\e`, `\x07`) so they can
 * neither move the cursor nor break alignment.
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

/**
 * `text` cut to at most `width` display columns, ending in `…` when cut. Cuts between
 * graphemes, so accents stay on their letter and a wide character is never split.
 * Expects text without ANSI escapes (colour after truncating).
 */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  if (displayWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const g of graphemes(text)) {
    const w = displayWidth(g);
    if (used + w > width - 1) break;
    out += g;
    used += w;
  }
  // no blank before the ellipsis ("foo …" reads as a separate word)
  return `${out.trimEnd()}…`;
}

/** Pads with spaces to `width` display columns (text already that wide is returned as is). */
export function pad(text: string, width: number, align: "left" | "right" = "left"): string {
  const gap = " ".repeat(Math.max(0, width - displayWidth(text)));
  return align === "right" ? gap + text : text + gap;
}

/**
 * Splits `text` into lines of at most `width` display columns, breaking at spaces where
 * possible and inside long words otherwise. Leading indentation is not preserved.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  const push = () => {
    lines.push(line);
    line = "";
  };
  for (const word of text.split(/ +/)) {
    let rest = word;
    if (displayWidth(rest) > width) {
      // a word longer than a line: fill the current line, then cut the word — in one
      // pass over its graphemes (a 10,000-character value must not cost n² work)
      if (line) push();
      let head = "";
      let headWidth = 0;
      for (const g of graphemes(rest)) {
        const w = displayWidth(g);
        if (head && headWidth + w > width) {
          lines.push(head);
          head = "";
          headWidth = 0;
        }
        head += g;
        headWidth += w;
      }
      rest = head;
    }
    if (!rest) continue;
    const candidate = line ? `${line} ${rest}` : rest;
    if (displayWidth(candidate) <= width) line = candidate;
    else {
      push();
      line = rest;
    }
  }
  if (line || lines.length === 0) push();
  return lines;
}

/**
 * Items joined by `separator`, packed into lines of at most `width` columns without
 * splitting an item (so `3h 18m` or `--sample` never break apart); an item wider than a
 * line is wrapped on its own. The separator's trailing blanks are dropped at line ends.
 */
export function packItems(items: string[], width: number, separator = " · "): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    const candidate = line ? `${line}${separator}${item}` : item;
    if (displayWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) {
      const ended = `${line}${separator}`.trimEnd();
      lines.push(displayWidth(ended) <= width ? ended : line);
    }
    if (displayWidth(item) <= width) line = item;
    else {
      const parts = wrap(item, width);
      line = parts.pop() ?? "";
      lines.push(...parts);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Each line as is when it fits `width`, else wrapped at spaces with continuation lines
 * two spaces deeper than the line's own indentation. Lines that fit keep their spacing
 * (aligned tables pass through untouched). Colour escapes count as zero width.
 */
export function fitLines(lines: string[], width: number): string[] {
  return lines.flatMap((line) => {
    if (displayWidth(line) <= width) return [line];
    const indent = line.match(/^ */)![0];
    const hang = indent.length + 2 <= width / 2 ? `${indent}  ` : "";
    const [first, ...rest] = wrap(line.slice(indent.length), width - hang.length);
    return [`${indent}${first}`, ...rest.map((l) => `${hang}${l}`)];
  });
}
