// `move`: change a task's state (and folder), with cascades to its descendants.

import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { guardLease, type LeaseCheck, settleLease } from "./lease-guard.js";
import { loadForWrite } from "./task-write.js";
import { type MoveInput, type MoveResult, planMove } from "./transitions.js";
import { type Mutation, type TaskView, withView, writtenView } from "./views.js";

/** `move`: the JSON view is the task object after the move plus what cascaded. */
export async function moveTask(
  ws: Workspace,
  input: MoveInput & { lease?: LeaseCheck },
): Promise<Mutation<MoveResult, TaskView>> {
  const now = input.now ?? ws.nowIso();
  // --force moves a blocked task and also one someone else holds the lease on (leases.md)
  await guardLease(ws, input.id, { ...input.lease, force: input.force });
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(ws, input.id, input.ifVersion);
    return planMove(ws, changes, record, input, now);
  });
  if (!outcome.dry_run) await settleLease(ws, input.id, input.state, input.lease);
  return withView(outcome, (r) =>
    writtenView(r.task, {
      cascaded: r.cascaded.map((c) => ({ id: c.task.id, state: c.task.state, path: c.path })),
    }),
  );
}
