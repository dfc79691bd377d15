// A task body laid out for reading in a terminal (`show`, issue 16): template comments
// removed, sections with nothing in them folded into one dim line, prose wrapped to the
// width with list items keeping a hanging indent, fenced code kept as is but cut at the
// width. The file on disk is never changed; this is only a view.
import { headingOf, scanLines } from "../../domain/body-text.js";
import type { Theme } from "./colour.js";
import { displayWidth, escapeControl, packItems, truncate, wrap } from "./width.js";

interface Section {
  heading: string | null;
  level: number;
  lines: { text: string; code: boolean }[];
}

function sectionsOf(body: string): Section[] {
  const sections: Section[] = [{ heading: null, level: 0, lines: [] }];
  for (const line of scanLines(body)) {
    if (line.inFence) {
      sections[sections.length - 1]!.lines.push({ text: line.text, code: true });
      continue;
    }
    const heading = headingOf(line.visible);
    if (heading) {
      sections.push({ heading: heading.text.replace(/\s+#+\s*$/, ""), level: heading.level, lines: [] });
      continue;
    }
    // comments are blanked in `visible`; a line that held only a comment is dropped
    const wasComment = line.visible.trim() === "" && line.text.trim() !== "";
    if (!wasComment) sections[sections.length - 1]!.lines.push({ text: line.visible.trimEnd(), code: false });
  }
  return sections;
}

const hasContent = (s: Section) => s.lines.some((l) => l.code || l.text.trim() !== "");

/** `text` wrapped to `width`, continuation lines indented under a list item's text. */
function wrapProse(text: string, width: number): string[] {
  let marker = text.match(/^(\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?)/)?.[1] ?? text.match(/^\s*/)![0];
  // deep indentation in a narrow terminal: give the text the room instead
  if (displayWidth(marker) > width / 2) marker = "";
  const hang = " ".repeat(displayWidth(marker));
  const inner = width - hang.length;
  const [first, ...rest] = wrap(text.slice(marker.length).trim(), inner);
  return [`${marker}${first ?? ""}`, ...rest.map((l) => `${hang}${l}`)];
}

/**
 * The body as display lines of at most `width` columns. Sections whose heading is
 * followed only by blank lines or comments are listed once at the end ("empty: …").
 * Blank-line runs collapse to one.
 */
export function readableBody(body: string, width: number, theme: Theme): string[] {
  const out: string[] = [];
  const empty: string[] = [];
  const sections = sectionsOf(body);
  // a parent heading (e.g. "## Post-Implementation Insights") counts as filled when a
  // deeper section under it has content
  const filled = sections.map((s, i) => {
    if (hasContent(s)) return true;
    for (let j = i + 1; j < sections.length && sections[j]!.level > s.level; j++)
      if (hasContent(sections[j]!)) return true;
    return false;
  });
  const blank = () => {
    if (out.length > 0 && out[out.length - 1] !== "") out.push("");
  };
  let emptyLevel = Number.POSITIVE_INFINITY;
  sections.forEach((s, i) => {
    if (s.heading !== null && !filled[i]) {
      // name an empty section once, not each empty subsection under it
      if (s.level <= emptyLevel) {
        empty.push(s.heading);
        emptyLevel = s.level;
      }
      return;
    }
    emptyLevel = Number.POSITIVE_INFINITY;
    if (s.heading !== null) {
      blank();
      out.push(theme.bold(truncate(escapeControl(`${"#".repeat(s.level)} ${s.heading}`), width)));
    }
    for (const line of s.lines) {
      if (line.code) out.push(theme.dim(truncate(escapeControl(line.text.replace(/\t/g, "  ")), width)));
      else if (line.text.trim() === "") blank();
      else out.push(...wrapProse(escapeControl(line.text.replace(/\t/g, "  ")), width));
    }
  });
  while (out[out.length - 1] === "") out.pop();
  if (empty.length > 0) {
    blank();
    out.push(...packItems([`empty: ${empty[0]}`, ...empty.slice(1)], width, ", ").map((l) => theme.dim(l)));
  }
  return out;
}
