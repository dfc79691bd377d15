// The line model under every body function: the body split into lines that keep their
// own line endings (so joining them back gives the exact input), plus a "visible" copy
// of each line in which HTML comments and fenced code are blanked out. Headings and
// list items are only ever looked for in the visible copy; edits are applied to the
// raw text at the same offsets (blanking replaces characters one for one).

export type Eol = "\n" | "\r\n";

export interface BodyLine {
  /** the line without its line ending, exactly as in the body */
  text: string;
  /** "\n", "\r\n", or "" for a last line without a newline */
  eol: string;
  /** `text` with HTML comments and fenced code replaced by spaces (same length) */
  visible: string;
  /**
   * the line is raw text a reader never sees as Markdown structure: a code fence
   * delimiter, a line of a fenced code block, or a line of an HTML block
   */
  inFence: boolean;
}

export interface BodyHeading {
  /** 1 for `#`, 2 for `##`, … */
  level: number;
  /** the heading text without the `#` marks, trimmed */
  text: string;
  /** 0-based index of the heading line in the body */
  line: number;
  /** first line of the section content (the line after the heading) */
  contentStart: number;
  /** end of the section content, exclusive: the next heading of the same or a higher level, or the end */
  contentEnd: number;
}

export interface ParsedBody {
  lines: BodyLine[];
  /** the line ending new lines get: the first one found in the body, "\n" when there is none */
  eol: Eol;
  headings: BodyHeading[];
}

/** Splits `body` into lines; `lines.map((l) => l.text + l.eol).join("")` is `body` again. */
export function splitLines(body: string): { text: string; eol: string }[] {
  const out: { text: string; eol: string }[] = [];
  let start = 0;
  while (start < body.length) {
    const nl = body.indexOf("\n", start);
    if (nl === -1) {
      out.push({ text: body.slice(start), eol: "" });
      break;
    }
    const cr = nl > start && body[nl - 1] === "\r";
    out.push({ text: body.slice(start, cr ? nl - 1 : nl), eol: cr ? "\r\n" : "\n" });
    start = nl + 1;
  }
  return out;
}

export const joinLines = (lines: readonly { text: string; eol: string }[]): string =>
  lines.map((l) => l.text + l.eol).join("");

export const detectEol = (body: string): Eol => {
  const nl = body.indexOf("\n");
  return nl > 0 && body[nl - 1] === "\r" ? "\r\n" : "\n";
};

const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;

// HTML blocks (CommonMark 4.6), the kinds that matter for criteria: raw-text elements
// (type 1, up to their closing tag) and block-level tags (type 6, up to a blank line).
const HTML_RAW_OPEN = /^ {0,3}<(script|pre|style|textarea)(?=[\s>]|$)/i;
const HTML_BLOCK_OPEN =
  /^ {0,3}<\/?(address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)(?=[\s/>]|$)/i;

/**
 * Blanks out HTML comments (which may span lines) in one line, skipping inline code
 * spans so that a `<!--` written inside backticks does not open a comment.
 * Returns the visible text and whether a comment is still open at the end of the line.
 */
function maskComments(text: string, inComment: boolean): { visible: string; inComment: boolean } {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (inComment) {
      const close = text.indexOf("-->", i);
      const end = close === -1 ? text.length : close + 3;
      out += " ".repeat(end - i);
      i = end;
      if (close !== -1) inComment = false;
      continue;
    }
    const open = text.indexOf("<!--", i);
    const tick = text.indexOf("`", i);
    if (tick !== -1 && (open === -1 || tick < open)) {
      // An inline code span: a run of n backticks up to the next run of exactly n.
      let n = 1;
      while (text[tick + n] === "`") n++;
      const run = "`".repeat(n);
      let close = text.indexOf(run, tick + n);
      while (close !== -1 && text[close + n] === "`") {
        let skip = close;
        while (text[skip] === "`") skip++;
        close = text.indexOf(run, skip);
      }
      const end = close === -1 ? tick + n : close + n;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (open === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    i = open;
    inComment = true;
  }
  return { visible: out, inComment };
}

// Validation asks several questions of the same body in a row (headings, criteria,
// changelog); remembering the last scan spares re-reading it each time.
let lastBody: string | undefined;
let lastScan: BodyLine[] = [];

/** Splits the body into lines and marks what is hidden (comments, fenced code). Treat the result as read-only. */
export function scanLines(body: string): BodyLine[] {
  if (body === lastBody) return lastScan;
  lastScan = scan(body);
  lastBody = body;
  return lastScan;
}

function scan(body: string): BodyLine[] {
  const out: BodyLine[] = [];
  let fence: { char: string; length: number } | null = null;
  let inComment = false;
  /** an open HTML block: ends at a line matching `end`, or at a blank line when null */
  let html: { end: RegExp | null } | null = null;
  for (const { text, eol } of splitLines(body)) {
    if (html) {
      if (html.end === null && isBlank(text)) {
        html = null;
        out.push({ text, eol, visible: text, inFence: false });
        continue;
      }
      if (html.end?.test(text)) html = null;
      out.push({ text, eol, visible: " ".repeat(text.length), inFence: true });
      continue;
    }
    if (!fence && !inComment) {
      const raw = HTML_RAW_OPEN.exec(text);
      if (raw || HTML_BLOCK_OPEN.test(text)) {
        const end = raw ? new RegExp(`</${raw[1]}>`, "i") : null;
        html = end?.test(text.slice(raw![0].length)) ? null : { end };
        out.push({ text, eol, visible: " ".repeat(text.length), inFence: true });
        continue;
      }
    }
    if (fence) {
      const blank = " ".repeat(text.length);
      const close = text.match(/^[ \t]*(`{3,}|~{3,})[ \t]*$/);
      if (close?.[1] && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
      out.push({ text, eol, visible: blank, inFence: true });
      continue;
    }
    if (!inComment) {
      const open = text.match(FENCE_OPEN);
      const marker = open?.[1];
      // A backtick fence's info string may not contain backticks (CommonMark).
      if (marker && !(marker[0] === "`" && open[2]?.includes("`"))) {
        fence = { char: marker[0]!, length: marker.length };
        out.push({ text, eol, visible: " ".repeat(text.length), inFence: true });
        continue;
      }
    }
    const masked = maskComments(text, inComment);
    inComment = masked.inComment;
    out.push({ text, eol, visible: masked.visible, inFence: false });
  }
  return out;
}

const ATX = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/;

/** The level and text of an ATX heading (`## Text`), or null. Looks at visible text only. */
export function headingOf(visible: string): { level: number; text: string } | null {
  // Most lines are not headings: look for the `#` (after up to 3 spaces) before the regex.
  let i = 0;
  while (i < 3 && visible.charCodeAt(i) === 32) i += 1;
  if (visible.charCodeAt(i) !== 35) return null;
  const m = visible.match(ATX);
  if (!m) return null;
  const text = (m[2] ?? "")
    .trim()
    .replace(/(^|[ \t]+)#+$/, "")
    .trim();
  return { level: m[1]!.length, text };
}

/** Case-, spacing- and hyphen-insensitive form of a heading text, for comparisons. */
export const normalizeHeadingText = (text: string): string =>
  text
    .replace(/^#+/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");

/** `"## Overview"` → `{level: 2, text: "Overview"}`. */
export function splitHeading(heading: string): { level: number; text: string } {
  const m = heading.match(/^(#+)\s*(.*)$/);
  return m ? { level: m[1]!.length, text: m[2]!.trim() } : { level: 2, text: heading.trim() };
}

export function findHeadings(lines: readonly BodyLine[]): BodyHeading[] {
  const found: { level: number; text: string; line: number }[] = [];
  lines.forEach((l, i) => {
    if (l.inFence) return;
    const h = headingOf(l.visible);
    if (h) found.push({ ...h, line: i });
  });
  return found.map((h, k) => {
    const next = found.slice(k + 1).find((o) => o.level <= h.level);
    return { ...h, contentStart: h.line + 1, contentEnd: next ? next.line : lines.length };
  });
}

/**
 * Reads the structure of a body: its lines (with endings), the line ending to use for
 * new lines, and every heading outside comments and code fences with the range of its
 * section (line indexes are 0-based within the body; `contentEnd` is exclusive). Treat
 * the result as read-only (the last one is remembered).
 */
export function parseBody(body: string): ParsedBody {
  if (body === lastParsedBody && lastParsed) return lastParsed;
  const lines = scanLines(body);
  lastParsed = { lines, eol: detectEol(body), headings: findHeadings(lines) };
  lastParsedBody = body;
  return lastParsed;
}

// Like scanLines: validation parses the same body several times in a row.
let lastParsedBody: string | undefined;
let lastParsed: ParsedBody | undefined;

/** The first heading of `level` whose text matches one of `texts` (see normalizeHeadingText). */
export function findHeading(
  headings: readonly BodyHeading[],
  level: number,
  texts: readonly string[],
  within?: { start: number; end: number },
): BodyHeading | undefined {
  const wanted = new Set(texts.map(normalizeHeadingText));
  return headings.find(
    (h) =>
      h.level === level &&
      wanted.has(normalizeHeadingText(h.text)) &&
      (!within || (h.line >= within.start && h.line < within.end)),
  );
}

export const isBlank = (text: string): boolean => text.trim() === "";

/**
 * The body as a reader sees its text: HTML comments removed (outside code), every
 * other character kept — what `list --search` matches against.
 */
export function readableText(body: string): string {
  if (!body.includes("<!--")) return body;
  return scanLines(body)
    .map((l) => (l.inFence ? l.text : l.visible) + l.eol)
    .join("");
}
