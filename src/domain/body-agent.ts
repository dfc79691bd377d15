// Body edits and views for the agent loop (agents.md "The agent loop"): ticking single
// criteria, appending one bullet under a Post-Implementation Insights subsection, and the
// lean text of a body for an agent's context window. Pure; headings come from
// body-sections.ts (SECTIONS, INSIGHT_SUBSECTIONS).
import { acceptanceCriteria } from "./body-lists.js";
import { findSection, INSIGHT_SUBSECTIONS, insertMissingHeadings } from "./body-sections.js";
import { type BodyLine, findHeading, isBlank, parseBody, splitHeading } from "./body-text.js";
import { TaskplainError, usageError } from "./errors.js";

export type InsightId = (typeof INSIGHT_SUBSECTIONS)[number]["id"];

/** One entry of `check`: which criterion a selector matched and whether it changed. */
export interface CheckedCriterion {
  /** 1-based number among the task's criteria */
  number: number;
  text: string;
  checked: boolean;
  changed: boolean;
}

/**
 * Resolves `check` selectors to criteria: a whole number is the 1-based position, any
 * other text a case-insensitive substring that must match exactly one criterion.
 * Throws `usage` (exit 5) for an empty selector, `criterion_not_found` or
 * `criterion_ambiguous` (exit 1) otherwise — before anything is written.
 */
export function resolveCriteria(body: string, selectors: readonly string[]): number[] {
  const { items } = acceptanceCriteria(body);
  const list = items.map((item, i) => `${i + 1}. ${item.text}`).join("; ") || "(none)";
  return selectors.map((selector) => {
    const s = selector.trim();
    if (s === "") throw usageError("a criterion selector is empty");
    if (/^\d+$/.test(s)) {
      const n = Number(s);
      if (n < 1 || n > items.length) {
        throw new TaskplainError(
          "criterion_not_found",
          `there is no criterion ${n} (the task has ${items.length})`,
          {
            hint: `criteria: ${list}`,
          },
        );
      }
      return n - 1;
    }
    const needle = s.toLowerCase();
    const hits = items.flatMap((item, i) => (item.text.toLowerCase().includes(needle) ? [i] : []));
    if (hits.length === 0) {
      throw new TaskplainError("criterion_not_found", `no criterion contains "${s}"`, {
        hint: `criteria: ${list}`,
      });
    }
    if (hits.length > 1) {
      throw new TaskplainError(
        "criterion_ambiguous",
        `"${s}" matches ${hits.length} criteria: ${hits.map((i) => i + 1).join(", ")}`,
        { hint: "pass the criterion's number or a longer part of its text" },
      );
    }
    return hits[0]!;
  });
}

/**
 * Sets the checkbox of the criteria at the given 0-based positions to `checked`
 * (`[ ]` ↔ `[x]`); every other byte of the body stays.
 */
export function setCriteria(
  body: string,
  positions: readonly number[],
  checked: boolean,
): { body: string; criteria: CheckedCriterion[] } {
  const { items } = acceptanceCriteria(body);
  const parsed = parseBody(body);
  const texts = new Map<number, string>();
  const criteria: CheckedCriterion[] = [];
  for (const pos of [...new Set(positions)].sort((a, b) => a - b)) {
    const item = items[pos]!;
    const changed = item.checked !== checked;
    if (changed) {
      const line = parsed.lines[item.line]!.text;
      const box = line.search(/\[[ xX]\]/);
      texts.set(item.line, `${line.slice(0, box + 1)}${checked ? "x" : " "}${line.slice(box + 2)}`);
    }
    criteria.push({ number: pos + 1, text: item.text, checked, changed });
  }
  const next = parsed.lines.map((l, i) => (texts.get(i) ?? l.text) + l.eol).join("");
  return { body: texts.size === 0 ? body : next, criteria };
}

/**
 * Appends `- <text>` under `### <subsection>` of Post-Implementation Insights, inserting
 * the section and the subsection heading in canonical position when missing. Other
 * subsections and every other byte of the body stay as they are. `text` must be one
 * non-empty line (usage error otherwise).
 */
export function appendInsight(body: string, subsection: InsightId, text: string): string {
  const bullet = text.trim();
  if (bullet === "" || /[\r\n]/.test(bullet)) {
    throw usageError("a changelog, decision or technical-change entry must be one non-empty line");
  }
  body = insertMissingHeadings(body, ["post_implementation_insights"]).body;
  let parsed = parseBody(body);
  const eol = parsed.eol;
  const within = () => {
    const pii = findSection(parsed, "post_implementation_insights")!;
    return { start: pii.contentStart, end: pii.contentEnd };
  };
  const headingOfSub = (i: number) => {
    const def = INSIGHT_SUBSECTIONS[i]!;
    const names = [def.heading, ...("legacy" in def ? def.legacy : [])].map((h) => splitHeading(h).text);
    return findHeading(parsed.headings, 3, names, within());
  };
  const index = INSIGHT_SUBSECTIONS.findIndex((s) => s.id === subsection);
  const lines: { text: string; eol: string }[] = parsed.lines.map((l) => ({ text: l.text, eol: l.eol }));
  if (!headingOfSub(index)) {
    // Before the first later subsection present, else at the end of the section.
    let at = within().end;
    for (let k = index + 1; k < INSIGHT_SUBSECTIONS.length; k++) {
      const h = headingOfSub(k);
      if (h) {
        at = h.line;
        break;
      }
    }
    while (at > within().start && isBlank(lines[at - 1]!.text)) at--;
    const last = lines[at - 1];
    if (last && last.eol === "") last.eol = eol;
    const block = [
      { text: "", eol },
      { text: INSIGHT_SUBSECTIONS[index]!.heading, eol },
    ];
    if (at < lines.length && !isBlank(lines[at]!.text)) block.push({ text: "", eol });
    if (at === 0) block.shift();
    lines.splice(at, 0, ...block);
    body = lines.map((l) => l.text + l.eol).join("");
    parsed = parseBody(body);
    lines.splice(0, lines.length, ...parsed.lines.map((l) => ({ text: l.text, eol: l.eol })));
  }
  const h = headingOfSub(index)!;
  const end = Math.min(h.contentEnd, within().end);
  let last = h.line;
  for (let i = h.contentStart; i < end; i++) if (!isBlank(lines[i]!.text)) last = i;
  const lastLine = parsed.lines[last]!;
  const afterList = last !== h.line && isListItem(lastLine);
  const block = [{ text: `- ${bullet}`, eol }];
  if (!afterList) block.unshift({ text: "", eol });
  if (lines[last]!.eol === "") lines[last]!.eol = eol;
  const next = lines[last + 1];
  if (next && !isBlank(next.text)) block.push({ text: "", eol });
  lines.splice(last + 1, 0, ...block);
  return lines.map((l) => l.text + l.eol).join("");
}

const isListItem = (line: BodyLine): boolean => /^[ \t]*([-*+]|\d{1,9}[.)])([ \t]|$)/.test(line.visible);

/**
 * The body as an agent should read it: HTML comments (the template's guidance) removed,
 * sections and subsections with nothing left in them dropped, runs of blank lines
 * collapsed, trimmed. Fenced code is kept as written. Returns "" for an empty template.
 */
export function leanBody(body: string): string {
  const parsed = parseBody(body);
  const kept = parsed.lines.map((l) => {
    if (l.inFence) return l.text;
    // Comments are blanked in `visible`; so is nothing else outside fences.
    return l.visible === l.text ? l.text : l.visible.trimEnd();
  });
  const hidden = new Set<number>();
  parsed.lines.forEach((l, i) => {
    if (!l.inFence && l.visible !== l.text && isBlank(kept[i]!)) hidden.add(i);
  });
  for (const h of parsed.headings) {
    let empty = true;
    for (let i = h.contentStart; i < h.contentEnd && empty; i++) {
      const isSub = parsed.headings.some((o) => o.line === i);
      if (!isSub && !isBlank(kept[i]!) && !hidden.has(i)) empty = false;
    }
    if (empty) for (let i = h.line; i < h.contentEnd; i++) hidden.add(i);
  }
  const out: string[] = [];
  kept.forEach((text, i) => {
    if (hidden.has(i)) return;
    if (isBlank(text) && (out.length === 0 || isBlank(out[out.length - 1]!))) return;
    out.push(isBlank(text) ? "" : text);
  });
  while (out.length > 0 && isBlank(out[out.length - 1]!)) out.pop();
  return out.join("\n");
}
