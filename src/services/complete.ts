// `complete`: the finish line — checks, optional box-ticking, done state and dated name.
import { checkAllBoxes } from "../domain/body.js";
import { usageError } from "../domain/errors.js";
import type { TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { guardLease, type LeaseCheck, settleLease } from "./lease-guard.js";
import { loadForWrite, unchanged } from "./task-write.js";
import { type MoveResult, planMove } from "./transitions.js";
import { type Mutation, type TaskView, withView, writtenView } from "./views.js";

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

/** `complete`: the JSON view is the done task object plus how many criteria were ticked. */
export async function completeTask(
  ws: Workspace,
  input: CompleteInput,
): Promise<Mutation<MoveResult & { ticked: number; already_done?: boolean }, TaskView>> {
  if (
    input.commitMessage !== undefined &&
    (/[\r\n]/.test(input.commitMessage) || !input.commitMessage.trim())
  ) {
    throw usageError("the commit message must be one non-empty line");
  }
  const now = input.now ?? ws.nowIso();
  await guardLease(ws, input.id, input.lease);
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(ws, input.id, input.ifVersion);
    // Done already: a retry after a timeout succeeds and writes nothing (agents.md).
    if (record.task.state === "done") return { ...alreadyDone(record), ticked: 0, already_done: true };
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
    const moved = await planMove(ws, changes, prepared, { id: input.id, state: "done" }, now);
    return { ...moved, ticked, already_done: false };
  });
  if (!outcome.dry_run && !outcome.result.already_done) await settleLease(ws, input.id, "done", input.lease);
  return withView(outcome, (r) =>
    writtenView(r.task, { ticked: r.ticked, ...(r.already_done ? { already_done: true } : {}) }),
  );
}

/** The result of completing a task that is done already: nothing changes. */
function alreadyDone(record: TaskRecord): MoveResult {
  return { task: unchanged(record), cascaded: [] };
}
