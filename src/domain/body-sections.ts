// The body's `##` sections: their one definition, the template for new tasks, and the
// edits that replace a section or insert a missing heading without touching any other
// byte of the body.
import {
  type BodyHeading,
  type BodyLine,
  findHeading,
  headingOf,
  isBlank,
  normalizeHeadingText,
  type ParsedBody,
  parseBody,
  splitHeading,
  splitLines,
} from "./body-text.js";

export interface SectionDef {
  id: string;
  heading: string;
  aliases?: readonly string[];
}

/** The canonical `##` sections of a task body, in canonical order. */
export const SECTIONS = [
  { id: "overview", heading: "## Overview" },
  { id: "acceptance_criteria", heading: "## Acceptance Criteria" },
  { id: "technical_approach", heading: "## Technical Approach", aliases: ["delivery_plan"] },
  { id: "post_implementation_insights", heading: "## Post-Implementation Insights" },
] as const satisfies readonly SectionDef[];

/** The `###` subsections of Post-Implementation Insights; `legacy` names are accepted when reading. */
export const INSIGHT_SUBSECTIONS = [
  { id: "changelog", heading: "### Changelog" },
  { id: "decisions", heading: "### Decisions" },
  { id: "technical_changes", heading: "### Technical Changes", legacy: ["### Architecture"] },
] as const satisfies readonly { id: string; heading: string; legacy?: readonly string[] }[];

export type BodySectionId = (typeof SECTIONS)[number]["id"];
export type SectionId = BodySectionId | "body";

/** Every id accepted by `update --field`, `body` meaning the whole body. */
export const SECTION_IDS: readonly SectionId[] = [...SECTIONS.map((s) => s.id), "body"];

const sectionOf = (id: string): SectionDef | undefined => SECTIONS.find((s) => s.id === id);
const sectionIndex = (id: string): number => SECTIONS.findIndex((s) => s.id === id);

/**
 * Resolves a user-given section name to its id: accepts the id itself, an alias
 * (`delivery_plan`), the heading text ("Acceptance Criteria", "## Overview"), in any
 * case and with hyphens or spaces for underscores. Returns undefined when unknown.
 */
export function resolveSectionId(name: string): SectionId | undefined {
  const key = name
    .trim()
    .replace(/^#+\s*/, "")
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (key === "body") return "body";
  const def = SECTIONS.find(
    (s) => s.id === key || ("aliases" in s && (s.aliases as readonly string[]).includes(key)),
  );
  return def?.id;
}

const GUIDANCE: Record<string, string> = {
  "## Overview": "What problem this solves and for whom.",
  "## Acceptance Criteria": "Observable outcomes, one checkbox each: - [ ] ...",
  "## Technical Approach": "How it will be built: main changes, risks, open questions.",
  "## Post-Implementation Insights": "Filled in when the work is finished.",
  "### Changelog": "One bullet per change a user would notice.",
  "### Decisions": "Choices made along the way and why.",
  "### Technical Changes": "At most ten lines: files, modules and integrations touched.",
};

/** The body written into a new task file (starts with a blank line, ends with one newline). */
export function newTaskBody(): string {
  const headings = [...SECTIONS.map((s) => s.heading), ...INSIGHT_SUBSECTIONS.map((s) => s.heading)];
  return `\n${headings.map((h) => `${h}\n\n<!-- ${GUIDANCE[h]} -->\n`).join("\n")}`;
}

/** The level-2 heading of a canonical section, or undefined when the body lacks it. */
export function findSection(parsed: ParsedBody, id: string) {
  const def = sectionOf(id);
  return def ? findHeading(parsed.headings, 2, [splitHeading(def.heading).text]) : undefined;
}

/** Every level-2 heading of a canonical section, in body order (more than one is a `duplicate_section`). */
export function findSections(parsed: ParsedBody, id: string): BodyHeading[] {
  const def = sectionOf(id);
  if (!def) return [];
  const wanted = normalizeHeadingText(splitHeading(def.heading).text);
  return parsed.headings.filter((h) => h.level === 2 && normalizeHeadingText(h.text) === wanted);
}

/** The content of a section (between its heading and the next heading of level ≤ 2), or null. */
export function sectionContent(body: string, sectionId: string): string | null {
  const id = resolveSectionId(sectionId);
  if (id === "body") return body;
  const parsed = parseBody(body);
  const h = id ? findSection(parsed, id) : undefined;
  if (!h) return null;
  return parsed.lines
    .slice(h.contentStart, h.contentEnd)
    .map((l) => l.text + l.eol)
    .join("");
}

/**
 * Removes a leading heading that repeats the section's own heading (any level, any
 * case), e.g. "## Overview\n\nText" for the overview section, so that writing the
 * text into the section does not duplicate its heading. Leading blank lines go too.
 */
export function stripLeadingHeading(sectionId: string, text: string): { text: string; stripped: boolean } {
  const def = sectionOf(resolveSectionId(sectionId) ?? "");
  if (!def) return { text, stripped: false };
  const lines = splitLines(text);
  const first = lines.findIndex((l) => !isBlank(l.text));
  const h = first === -1 ? null : headingOf(lines[first]!.text);
  if (!h || normalizeHeadingText(h.text) !== normalizeHeadingText(splitHeading(def.heading).text)) {
    return { text, stripped: false };
  }
  return {
    text: lines
      .slice(first + 1)
      .map((l) => l.text + l.eol)
      .join(""),
    stripped: true,
  };
}

type Line = Pick<BodyLine, "text" | "eol">;

/** The text as lines in the body's line ending, without leading and trailing blank lines. */
function contentLines(text: string, eol: string): Line[] {
  const lines = splitLines(text).map((l) => ({ text: l.text, eol }));
  while (lines.length > 0 && isBlank(lines[0]!.text)) lines.shift();
  while (lines.length > 0 && isBlank(lines[lines.length - 1]!.text)) lines.pop();
  return lines;
}

/**
 * Where a missing canonical section goes: before the heading of the next canonical
 * section the body has, or at the end when none follows. Text between sections (also
 * other `##` sections) keeps its place before that heading.
 */
function insertionLine(parsed: ParsedBody, index: number): number {
  for (const later of SECTIONS.slice(index + 1)) {
    const h = findSection(parsed, later.id);
    if (h) return h.line;
  }
  return parsed.lines.length;
}

/** Inserts `heading` (with `content`, possibly empty) at line `at`, adding only new lines. */
function insertBlock(parsed: ParsedBody, at: number, heading: string, content: Line[]): Line[] {
  const { eol } = parsed;
  const lines: Line[] = parsed.lines.map((l) => ({ text: l.text, eol: l.eol }));
  const block: Line[] = [{ text: heading, eol }];
  if (at < lines.length) {
    if (at > 0 && !isBlank(lines[at - 1]!.text)) block.unshift({ text: "", eol });
    if (content.length > 0) block.push({ text: "", eol }, ...content);
    block.push({ text: "", eol });
  } else {
    const last = lines[lines.length - 1];
    if (last && last.eol === "") last.eol = eol;
    if (last && !isBlank(last.text)) block.unshift({ text: "", eol });
    if (content.length > 0) block.push({ text: "", eol }, ...content);
  }
  lines.splice(at, 0, ...block);
  return lines;
}

const join = (lines: readonly Line[]): string => lines.map((l) => l.text + l.eol).join("");

/**
 * Replaces the content of a `##` section, keeping its heading, with one blank line after
 * the heading and one before the next heading. A heading at the start of `text` that
 * repeats the section's own is dropped. A missing section is inserted in canonical
 * position. `body` replaces the whole body (a final newline is added when missing).
 * Lines outside the section keep their exact bytes; new lines use the body's line ending.
 */
export function replaceSection(body: string, sectionId: string, text: string): string {
  const id = resolveSectionId(sectionId);
  if (!id) throw new Error(`unknown body section "${sectionId}"`);
  if (id === "body") return text === "" || text.endsWith("\n") ? text : `${text}${parseBody(body).eol}`;
  const def = sectionOf(id)!;
  const parsed = parseBody(body);
  const { eol } = parsed;
  const content = contentLines(stripLeadingHeading(id, text).text, eol);
  const h = findSection(parsed, id);
  if (!h) {
    return join(insertBlock(parsed, insertionLine(parsed, sectionIndex(id)), def.heading, content));
  }
  const hasNext = h.contentEnd < parsed.lines.length;
  const headingLine = parsed.lines[h.line]!;
  const replacement: Line[] = [{ text: headingLine.text, eol: headingLine.eol || eol }];
  if (content.length > 0) replacement.push({ text: "", eol }, ...content);
  if (hasNext) replacement.push({ text: "", eol });
  return join([...parsed.lines.slice(0, h.line), ...replacement, ...parsed.lines.slice(h.contentEnd)]);
}

/**
 * Inserts each missing heading of `required` (canonical headings such as
 * "## Overview", or section ids) as an empty section in canonical position. Nothing
 * else in the body changes; a heading that is not canonical is added at the end.
 */
export function insertMissingHeadings(
  body: string,
  required: readonly string[],
): { body: string; inserted: string[] } {
  const inserted: string[] = [];
  const wanted = required.map((r) => {
    const def =
      SECTIONS.find((s) => normalizeHeadingText(s.heading) === normalizeHeadingText(r)) ??
      sectionOf(resolveSectionId(r) ?? "");
    return def ? { heading: def.heading, index: sectionIndex(def.id) } : { heading: r, index: -1 };
  });
  // Canonical order first so that each insertion finds the ones before it in place.
  wanted.sort(
    (a, b) => (a.index === -1 ? SECTIONS.length : a.index) - (b.index === -1 ? SECTIONS.length : b.index),
  );
  for (const w of wanted) {
    const parsed = parseBody(body);
    const { level, text } = splitHeading(w.heading);
    if (findHeading(parsed.headings, level, [text])) continue;
    const at = w.index === -1 ? parsed.lines.length : insertionLine(parsed, w.index);
    body = join(insertBlock(parsed, at, `${"#".repeat(level)} ${text}`, []));
    inserted.push(w.heading);
  }
  return { body, inserted };
}

/**
 * Merges each canonical `##` section written twice into its first occurrence: the later
 * heading goes, its content is appended to the first section's content (a blank line
 * between). No text is lost and no other line changes; `merged` names the headings.
 */
export function mergeDuplicateSections(body: string): { body: string; merged: string[] } {
  const merged: string[] = [];
  for (const s of SECTIONS) {
    for (;;) {
      const parsed = parseBody(body);
      const [first, second] = findSections(parsed, s.id);
      if (!first || !second) break;
      const { eol } = parsed;
      const lines: Line[] = parsed.lines.map((l) => ({ text: l.text, eol: l.eol }));
      const moved = lines.slice(second.contentStart, second.contentEnd);
      while (moved.length > 0 && isBlank(moved[0]!.text)) moved.shift();
      while (moved.length > 0 && isBlank(moved[moved.length - 1]!.text)) moved.pop();
      const last = moved[moved.length - 1];
      if (last && last.eol === "") last.eol = eol;
      lines.splice(second.line, second.contentEnd - second.line);
      // after the first section's last non-blank line
      let at = first.contentEnd;
      while (at > first.contentStart && isBlank(lines[at - 1]!.text)) at--;
      const before = lines[at - 1];
      if (before && before.eol === "") before.eol = eol;
      const block: Line[] = moved.length === 0 ? [] : [{ text: "", eol }, ...moved];
      lines.splice(at, 0, ...block);
      body = join(lines);
      if (!merged.includes(s.heading)) merged.push(s.heading);
    }
  }
  return { body, merged };
}
