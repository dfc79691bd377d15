// `check`: tick (or clear) single acceptance criteria by number or text (agents.md
// "The agent loop"). Ambiguous or unknown selectors refuse before anything is written.

import { acceptanceCriteria } from "../domain/body.js";
import { type CheckedCriterion, resolveCriteria, setCriteria } from "../domain/body-agent.js";
import { usageError } from "../domain/errors.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";
import { type Mutation, type TaskView, withView, writtenView } from "./views.js";

export interface CheckInput {
  id: string;
  /** 1-based numbers or unique case-insensitive substrings of criteria */
  selectors: string[];
  /** clear the boxes instead of ticking them */
  uncheck?: boolean;
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
}

export interface CheckResult extends WrittenTask {
  criteria: CheckedCriterion[];
  acceptance: { checked: number; total: number };
}

/** `check`: the JSON view is the task object plus the criteria named, the progress and `changed`. */
export async function checkCriteria(
  ws: Workspace,
  input: CheckInput,
): Promise<Mutation<CheckResult, TaskView>> {
  if (input.selectors.length === 0)
    throw usageError("name at least one criterion: its number or part of its text");
  const now = input.now ?? ws.nowIso();
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(ws, input.id, input.ifVersion);
    const positions = resolveCriteria(record.file.body, input.selectors);
    let criteria: CheckedCriterion[] = [];
    const written = writeTask(
      changes,
      record,
      (file) => {
        const result = setCriteria(file.body, positions, !input.uncheck);
        criteria = result.criteria;
        if (result.body !== file.body) file.body = result.body;
      },
      { now },
    );
    const ac = acceptanceCriteria(written.after.body);
    return { ...written, criteria, acceptance: { checked: ac.checked, total: ac.total } };
  });
  return withView(outcome, (r) =>
    writtenView(r, { criteria: r.criteria, acceptance: r.acceptance, changed: r.changed }),
  );
}
