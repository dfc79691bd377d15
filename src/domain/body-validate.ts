// The Body rules of task-format.md. Findings carry no file; hints name the task as
// `{id}`, which the caller replaces with the task's id.
import { acceptanceCriteria, changelogBullets } from "./body-lists.js";
import { findSection, SECTIONS } from "./body-sections.js";
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

const quote = (text: string, max = 60): string =>
  `"${text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text}"`;

/**
 * Checks a body against the Body rules for a task in `state`:
 * - missing_heading (warning): a required `##` heading is absent;
 * - acceptance_criteria_empty: no list item under Acceptance Criteria — a warning for
 *   idea and canceled tasks (not yet, or never going to be, specified), an error for
 *   ready, in-progress and done;
 * - acceptance_criteria_format (error): top-level criteria written without a checkbox
 *   (one finding for all of them);
 * - all_criteria_checked (warning): a ready or in-progress task whose criteria are all ticked;
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

  const ac = acceptanceCriteria(body);
  if (ac.total === 0 && ac.nonCheckboxItems.length === 0) {
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
  if ((state === "ready" || state === "in-progress") && ac.total > 0 && ac.checked === ac.total) {
    out.push({
      code: "all_criteria_checked",
      severity: "warning",
      message: `Every acceptance criterion is checked but the task is still ${state}; complete it, or uncheck what is still open.`,
      hint: "taskplain complete {id}",
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
