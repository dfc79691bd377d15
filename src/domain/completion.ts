// What `complete` (and `move … done`) require of a task before it may be done. Every
// body error that `validate` reports about the criteria blocks completion too, so a
// task `complete` accepts is one `validate` finds clean.
import { acceptanceCriteria, changelogBullets, uncheckedCriteria, validateBody } from "./body.js";

export interface CompletionProblem {
  code:
    | "commit_message_missing"
    | "insights_missing"
    | "acceptance_incomplete"
    | "acceptance_criteria_format"
    | "duplicate_section";
  message: string;
  hint: string;
}

export function completionProblems(
  id: string,
  commitMessage: string | undefined,
  body: string,
): CompletionProblem[] {
  const out: CompletionProblem[] = [];
  if (!commitMessage) {
    out.push({
      code: "commit_message_missing",
      message: "commit_message is not set",
      hint: `taskplain complete ${id} --commit-message "feat(scope): summary  [Task:${id}]"`,
    });
  }
  if (changelogBullets(body).length === 0) {
    out.push({
      code: "insights_missing",
      message: "### Changelog under Post-Implementation Insights has no bullet",
      hint: `taskplain update ${id} --changelog "what a user notices"`,
    });
  }
  for (const f of validateBody(body, "in-progress")) {
    if (f.code !== "acceptance_criteria_format" && f.code !== "duplicate_section") continue;
    out.push({
      code: f.code,
      message: f.message.replace(/\.$/, ""),
      hint: (f.hint ?? "taskplain validate {id}").replaceAll("{id}", id),
    });
  }
  const ac = acceptanceCriteria(body);
  if (ac.checked < ac.total) {
    out.push({
      code: "acceptance_incomplete",
      message: uncheckedCriteria(ac),
      hint: `taskplain check ${id} <number|text>…   (or complete ${id} --check-acs)`,
    });
  }
  return out;
}
