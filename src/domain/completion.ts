// What `complete` (and `move … done`) require of a task before it may be done.
import { acceptanceCriteria, changelogBullets } from "./body.js";

export interface CompletionProblem {
  code: "commit_message_missing" | "insights_missing" | "acceptance_incomplete";
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
  const ac = acceptanceCriteria(body);
  if (ac.checked < ac.total) {
    out.push({
      code: "acceptance_incomplete",
      message: `${ac.total - ac.checked} of ${ac.total} acceptance criteria are not checked`,
      hint: `taskplain check ${id} <number|text>…   (or complete ${id} --check-acs)`,
    });
  }
  return out;
}
