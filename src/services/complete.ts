// `complete`: the finish line — checks, optional box-ticking, done state and dated name.
import { checkAllBoxes } from "../domain/body.js";
import { EXIT, TaskplainError, usageError } from "../domain/errors.js";
import { type MutationOutcome, mutate } from "./changes.js";
import { guardLease, type LeaseCheck, settleLease } from "./lease-guard.js";
import { type MoveResult, planMove } from "./move.js";
import { loadForWrite } from "./task-write.js";

export interface CompleteInput {
  id: string;
  checkAcs?: boolean;
  commitMessage?: string;
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
  /** whose lease allows this (leases.md); `force` overrides someone else's lease */
  lease?: LeaseCheck;
}

export async function completeTask(
  root: string,
  input: CompleteInput,
): Promise<MutationOutcome<MoveResult & { ticked: number }>> {
  if (
    input.commitMessage !== undefined &&
    (/[\r\n]/.test(input.commitMessage) || !input.commitMessage.trim())
  ) {
    throw usageError("--commit-message must be one non-empty line");
  }
  const now = input.now ?? new Date().toISOString();
  await guardLease(root, input.id, input.lease);
  const outcome = await mutate(root, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(root, input.id, input.ifVersion);
    if (record.task.state === "done") {
      throw new TaskplainError("already_done", `${record.task.id} is already done`, EXIT.refused, {
        path: record.ref.relPath,
      });
    }
    // Prepare the file (commit message, ticks) in memory, then run move's checks on it.
    let ticked = 0;
    if (input.commitMessage !== undefined) record.file.set("commit_message", input.commitMessage);
    if (input.checkAcs) {
      const result = checkAllBoxes(record.file.body);
      ticked = result.ticked;
      record.file.body = result.body;
    }
    const prepared = {
      ...record,
      task: {
        ...record.task,
        commit_message:
          (record.file.get("commit_message") as string | undefined) ?? record.task.commit_message,
      },
    };
    const moved = await planMove(root, changes, prepared, { id: input.id, state: "done" }, now);
    return { ...moved, ticked };
  });
  if (!outcome.dry_run) await settleLease(root, input.id, "done", input.lease);
  return outcome;
}
