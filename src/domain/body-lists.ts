// Lists in the body: the acceptance criteria checklist and the Changelog bullets.
//
// Which list items count: only top-level items of a section are criteria (or changelog
// entries). An item is nested — a detail of the item above it, not an item of its own —
// when it is indented at least as far as the text of that item starts (CommonMark's
// rule: "- [ ] Ship it" followed by "  - docs updated"). Nested items need no checkbox and
// are not counted, but `checkAllBoxes` ticks their boxes too so a completed task has no
// open box left. Items under `###` subheadings inside Acceptance Criteria count as
// criteria. An item with no visible text (only a marker, or only a comment) is ignored.
// Comments, fenced and indented code and HTML blocks are never read as list items.
//
// A checkbox is `[ ]`, `[x]` or `[X]` followed by a space or the end of the line (GFM
// task list items). Anything else that looks like a box — `[~]`, `[-]`, `[]`, `[ ]text`
// without the space — is a malformed box: a format error that blocks `complete`, never
// "repaired" by adding a second box. A section heading that appears twice is read in
// full: criteria are collected from every Acceptance Criteria section (and
// validation reports the duplicate).
import { findSections } from "./body-sections.js";
import {
  type BodyLine,
  headingOf,
  isBlank,
  normalizeHeadingText,
  type ParsedBody,
  parseBody,
} from "./body-text.js";

interface ListEntry {
  /** 0-based line index in the body */
  line: number;
  topLevel: boolean;
  /** offset of the first visible character after the marker (the line length when there is none) */
  contentStart: number;
  /** visible text after the marker, trimmed */
  content: string;
  /** checkbox, with the offset of the character between its brackets */
  box: { checked: boolean; offset: number } | null;
  /** something written as a box that is not one of `[ ]`, `[x]`, `[X]` followed by a space */
  malformedBox: boolean;
  /** text of the lines continuing the item's first paragraph (top-level items only) */
  continuation: string[];
}

const LIST_ITEM = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const CHECKBOX = /^\[([ xX])\](?=[ \t]|$)/;
/** Box-like starts that are not checkboxes: `[]`, `[~]`, `[ x]`, `[x]text` … */
const BOX_LIKE = /^\[[^\]]{0,2}\]/;
/** A valid box mark written without the space after it: `[ ]text`, `[x]text`. */
const UNSPACED_BOX = /^\[[ xX]\](?=[^ \t])/;

/** Column width of leading whitespace, tabs advancing to the next multiple of 4. */
function columns(ws: string): number {
  let col = 0;
  for (const c of ws) col = c === "\t" ? col + 4 - (col % 4) : col + 1;
  return col;
}

function scanList(lines: readonly BodyLine[], start: number, end: number): ListEntry[] {
  const out: ListEntry[] = [];
  let current: { entry: ListEntry; contentColumn: number } | null = null;
  let last: ListEntry | null = null;
  let prevBlank = true;
  for (let i = start; i < end; i++) {
    const l = lines[i]!;
    if (l.inFence) continue;
    const vis = l.visible;
    if (isBlank(vis)) {
      prevBlank = true;
      continue;
    }
    if (headingOf(vis) || THEMATIC_BREAK.test(vis)) {
      current = null;
      last = null;
      prevBlank = true;
      continue;
    }
    const m = vis.match(LIST_ITEM);
    const indent = columns(vis.match(/^[ \t]*/)![0]);
    // An indented code block (4+ columns, after a blank line, outside any list) is text.
    if (!current && indent >= 4 && prevBlank) continue;
    if (m) {
      let contentStart = m[0].length;
      while (contentStart < vis.length && (vis[contentStart] === " " || vis[contentStart] === "\t")) {
        contentStart++;
      }
      const content = vis.slice(contentStart).trim();
      const box = content.match(CHECKBOX);
      const entry: ListEntry = {
        line: i,
        topLevel: !(current && indent >= current.contentColumn),
        contentStart,
        content,
        box: box ? { checked: box[1] !== " ", offset: contentStart + 1 } : null,
        malformedBox: !box && BOX_LIKE.test(content),
        continuation: [],
      };
      out.push(entry);
      if (entry.topLevel) {
        const gap = columns(m[3] ?? "");
        const markerEnd = indent + m[2]!.length;
        current = { entry, contentColumn: gap === 0 || gap > 4 ? markerEnd + 1 : markerEnd + gap };
      }
      last = entry;
      prevBlank = false;
      continue;
    }
    if (current && (indent >= current.contentColumn || !prevBlank)) {
      if (last === current.entry && !prevBlank) current.entry.continuation.push(vis.trim());
    } else {
      current = null;
      last = null;
    }
    prevBlank = false;
  }
  return out;
}

const itemText = (e: ListEntry): string =>
  [e.box ? e.content.slice(3).trim() : e.content, ...e.continuation].filter((t) => t !== "").join(" ");

/** List entries of every Acceptance Criteria section (a duplicated heading is read in full). */
function criteriaEntries(parsed: ParsedBody): ListEntry[] {
  return findSections(parsed, "acceptance_criteria").flatMap((h) =>
    scanList(parsed.lines, h.contentStart, h.contentEnd),
  );
}

export interface AcceptanceItem {
  /** 0-based line index in the body */
  line: number;
  checked: boolean;
  /** the criterion without marker and checkbox (lines continuing it are joined with a space) */
  text: string;
  /** the item's first line exactly as written */
  raw: string;
}

export interface AcceptanceCriteria {
  items: AcceptanceItem[];
  total: number;
  checked: number;
  /** top-level list items written without a checkbox */
  nonCheckboxItems: { line: number; raw: string }[];
  /** top-level list items whose box is not `[ ]`, `[x]` or `[X]` followed by a space */
  malformedItems: { line: number; raw: string }[];
}

/** The checklist of the Acceptance Criteria section (empty when the section is missing). */
export function acceptanceCriteria(body: string): AcceptanceCriteria {
  const parsed = parseBody(body);
  const items: AcceptanceItem[] = [];
  const nonCheckboxItems: { line: number; raw: string }[] = [];
  const malformedItems: { line: number; raw: string }[] = [];
  for (const e of criteriaEntries(parsed)) {
    if (!e.topLevel || e.content === "") continue;
    const raw = parsed.lines[e.line]!.text;
    if (e.box) items.push({ line: e.line, checked: e.box.checked, text: itemText(e), raw });
    else if (e.malformedBox) malformedItems.push({ line: e.line, raw });
    else nonCheckboxItems.push({ line: e.line, raw });
  }
  return {
    items,
    total: items.length,
    checked: items.filter((i) => i.checked).length,
    nonCheckboxItems,
    malformedItems,
  };
}

function rebuild(parsed: ParsedBody, texts: Map<number, string>): string {
  return parsed.lines.map((l, i) => (texts.get(i) ?? l.text) + l.eol).join("");
}

/**
 * Gives every top-level Acceptance Criteria item that lacks one a `[ ] ` checkbox right
 * after its marker ("- Ship it" → "- [ ] Ship it"). Every other byte stays as it was.
 */
export function addMissingCheckboxes(body: string): { body: string; fixed: number } {
  const parsed = parseBody(body);
  const texts = new Map<number, string>();
  for (const e of criteriaEntries(parsed)) {
    if (!e.topLevel || e.box || e.malformedBox || e.content === "") continue;
    const text = parsed.lines[e.line]!.text;
    texts.set(e.line, `${text.slice(0, e.contentStart)}[ ] ${text.slice(e.contentStart)}`);
  }
  return texts.size === 0 ? { body, fixed: 0 } : { body: rebuild(parsed, texts), fixed: texts.size };
}

/**
 * Adds the missing space after a valid box mark ("- [ ]Ship it" → "- [ ] Ship it"): the
 * one malformed box whose meaning is not in doubt. Other malformed boxes (`[~]`, `[]`)
 * are left for a person. Every other byte stays as it was.
 */
export function spaceUnspacedBoxes(body: string): { body: string; fixed: number } {
  const parsed = parseBody(body);
  const texts = new Map<number, string>();
  for (const e of criteriaEntries(parsed)) {
    if (!e.topLevel || !e.malformedBox || !UNSPACED_BOX.test(e.content)) continue;
    const text = parsed.lines[e.line]!.text;
    texts.set(e.line, `${text.slice(0, e.contentStart + 3)} ${text.slice(e.contentStart + 3)}`);
  }
  return texts.size === 0 ? { body, fixed: 0 } : { body: rebuild(parsed, texts), fixed: texts.size };
}

/**
 * Ticks every open checkbox (`[ ]` → `[x]`) in the Acceptance Criteria section,
 * including boxes of nested items; `ticked` counts the boxes changed. Nothing else changes.
 */
export function checkAllBoxes(body: string): { body: string; ticked: number } {
  const parsed = parseBody(body);
  const texts = new Map<number, string>();
  for (const e of criteriaEntries(parsed)) {
    if (!e.box || e.box.checked) continue;
    const text = parsed.lines[e.line]!.text;
    texts.set(e.line, `${text.slice(0, e.box.offset)}x${text.slice(e.box.offset + 1)}`);
  }
  return texts.size === 0 ? { body, ticked: 0 } : { body: rebuild(parsed, texts), ticked: texts.size };
}

/**
 * The top-level bullets under `### Changelog` inside Post-Implementation Insights, as
 * text without the marker (a bullet wrapped over several lines is joined with spaces).
 */
export function changelogBullets(body: string): string[] {
  const parsed = parseBody(body);
  const pii = findSections(parsed, "post_implementation_insights")[0];
  if (!pii) return [];
  const changelog = parsed.headings.find(
    (h) =>
      h.level >= 3 &&
      h.line >= pii.contentStart &&
      h.line < pii.contentEnd &&
      normalizeHeadingText(h.text) === "changelog",
  );
  if (!changelog) return [];
  return scanList(parsed.lines, changelog.contentStart, Math.min(changelog.contentEnd, pii.contentEnd))
    .filter((e) => e.topLevel && e.content !== "")
    .map(itemText)
    .filter((t) => t !== "");
}
