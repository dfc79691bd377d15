// The Body rules of task-format.md. Findings carry no file; hints name the task as
// `{id}`, which the caller replaces with the task's id.
import { acceptanceCriteria, changelogBullets } from "./body-lists.js";
import { findSection, findSections, SECTIONS } from "./body-sections.js";
import { parseBody } from "./body-text.js";
import type { State } from "./enums.js";

export interface BodyFinding {
  code: string;
  severity: "error" | "warning";
  message: string;
  hint?: string;
}

/** The `##` headings a body must have in `state` (Post-Implementation Insights only when done). */
export const requiredHeadings = (state: State): string[] =>
  SECTIONS.filter((s) => s.id !== "post_implementation_insights" || state === "done").map((s) => s.heading);

/** "2 of 5 acceptance criteria are not checked" (what `complete` refuses and validate warns of when done). */
export const uncheckedCriteria = (ac: { checked: number; total: number }): string =>
  `${ac.total - ac.checked} of ${ac.total} acceptance criteria ${ac.total - ac.checked === 1 ? "is" : "are"} not checked`;

const quote = (text: string, max = 60): string =>
  `"${text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text}"`;

/**
 * Checks a body against the Body rules for a task in `state`:
 * - missing_heading (warning): a required `##` heading is absent;
 * - acceptance_criteria_empty: no list item under Acceptance Criteria — a warning for
 *   idea and canceled tasks (not yet, or never going to be, specified), an error for
 *   ready, in-progress and done;
 * - duplicate_section (error): a canonical `##` heading written more than once;
 * - acceptance_criteria_format (error): top-level criteria written without a checkbox
 *   (one finding for all of them, repaired by `fix`), and criteria whose box is not
 *   `[ ]`, `[x]` or `[X]` followed by a space (one more finding);
 * - all_criteria_checked (warning): a ready or in-progress task whose criteria are all ticked;
 * - acceptance_incomplete (warning): a done task with criteria left unchecked — `complete`
 *   requires every one checked, but done files of the original tool may carry open boxes,
 *   so it is no error; a write that unchecks one says so;
 * - insights_missing (error): a done task without a bullet under `### Changelog`.
 */
export function validateBody(body: string, state: State): BodyFinding[] {
  const out: BodyFinding[] = [];
  const parsed = parseBody(body);
  for (const s of SECTIONS) {
    if (s.id === "post_implementation_insights" && state !== "done") continue;
    if (findSection(parsed, s.id)) continue;
    out.push({
      code: "missing_heading",
      severity: "warning",
      message: `The body has no "${s.heading}" section.`,
      hint: "taskplain validate --fix {id}",
    });
  }

  for (const s of SECTIONS) {
    const found = findSections(parsed, s.id);
    if (found.length < 2) continue;
    out.push({
      code: "duplicate_section",
      severity: "error",
      message: `The body has ${found.length} "${s.heading}" sections (lines ${found.map((h) => h.line + 1).join(", ")} of the body); a section is written once.`,
      hint: "taskplain validate --fix {id}",
    });
  }

  const ac = acceptanceCriteria(body);
  if (ac.total === 0 && ac.nonCheckboxItems.length === 0 && ac.malformedItems.length === 0) {
    out.push({
      code: "acceptance_criteria_empty",
      severity: state === "idea" || state === "canceled" ? "warning" : "error",
      message: "Acceptance Criteria lists no criteria; add at least one checkbox item such as “- [ ] …”.",
      hint: 'taskplain update {id} --field acceptance_criteria "- [ ] <criterion>"',
    });
  }
  const loose = ac.nonCheckboxItems;
  if (loose.length > 0) {
    const first = quote(loose[0]!.raw.trim());
    out.push({
      code: "acceptance_criteria_format",
      severity: "error",
      message:
        loose.length === 1
          ? `The acceptance criterion ${first} has no checkbox; write it as "- [ ] …".`
          : `${loose.length} acceptance criteria have no checkbox (the first is ${first}); write each as "- [ ] …".`,
      hint: "taskplain validate --fix {id}",
    });
  }
  const bad = ac.malformedItems;
  if (bad.length > 0) {
    const first = quote(bad[0]!.raw.trim());
    const spacing = bad.every((b) => /^\s*(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\]\S/.test(b.raw));
    out.push({
      code: "acceptance_criteria_format",
      severity: "error",
      message:
        bad.length === 1
          ? `The acceptance criterion ${first} has a box that is not "[ ]" or "[x]" followed by a space.`
          : `${bad.length} acceptance criteria have a box that is not "[ ]" or "[x]" followed by a space (the first is ${first}).`,
      hint: spacing
        ? "taskplain validate --fix {id}"
        : 'taskplain update {id} --field acceptance_criteria @criteria.md   (each criterion as "- [ ] …" or "- [x] …")',
    });
  }
  if (
    (state === "ready" || state === "in-progress") &&
    ac.total > 0 &&
    ac.checked === ac.total &&
    ac.malformedItems.length === 0
  ) {
    out.push({
      code: "all_criteria_checked",
      severity: "warning",
      message: `Every acceptance criterion is checked but the task is still ${state}; complete it, or uncheck what is still open.`,
      hint: "taskplain complete {id}",
    });
  }
  if (state === "done" && ac.checked < ac.total) {
    out.push({
      code: "acceptance_incomplete",
      severity: "warning",
      message: `The task is done but ${uncheckedCriteria(ac)}; check what was done, or reopen the task if work remains.`,
      hint: "taskplain check {id} <number|text>…   (or taskplain move {id} in-progress to reopen it)",
    });
  }
  if (state === "done" && changelogBullets(body).length === 0) {
    out.push({
      code: "insights_missing",
      severity: "error",
      message:
        'The task is done but "### Changelog" under Post-Implementation Insights has no bullet describing what changed.',
      hint: "taskplain update {id} --field post_implementation_insights @insights.md",
    });
  }
  return out;
}
