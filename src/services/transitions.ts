// State transitions shared by move, complete and pickup: the rules of a state change
// (blocked, completion checks, open descendants) and the cascade to descendants.
import { completionProblems } from "../domain/completion.js";
import { OPEN_STATES, type State } from "../domain/enums.js";
import { TaskplainError } from "../domain/errors.js";
import { isOpen } from "../domain/task.js";
import type { TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import type { ChangeSet } from "./changes.js";
import { descendantRecords } from "./hierarchy.js";
import { type WrittenTask, writeTask } from "./task-write.js";

export interface MoveInput {
  id: string;
  state: State;
  cascade?: "ready" | "cancel";
  force?: boolean;
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
}

export interface MoveResult {
  task: WrittenTask;
  cascaded: WrittenTask[];
}

/** Sets state on a parsed file, maintaining completed_at. */
export function applyState(file: TaskRecord["file"], state: State, now: string): void {
  file.set("state", state);
  if (state === "done") file.set("completed_at", now);
  else if (file.has("completed_at")) file.delete("completed_at");
}

/** Plans a state change of `record` (and its cascade) in `changes`; throws when a rule refuses it. */
export async function planMove(
  ws: Workspace,
  changes: ChangeSet,
  record: TaskRecord,
  input: MoveInput,
  now: string,
): Promise<MoveResult> {
  const { task } = record;
  if (task.blocked && input.state !== "canceled" && !input.force) {
    throw new TaskplainError("task_blocked", `${task.id} is blocked: ${task.blocked}`, { id: task.id });
  }
  const descendants = input.cascade || input.state === "done" ? await descendantRecords(ws, record) : [];
  if (input.state === "done") {
    const problems = completionProblems(task.id, task.commit_message, record.file.body);
    if (problems.length > 0) {
      throw new TaskplainError(
        "completion_refused",
        `${task.id} cannot be done yet: ${problems.map((p) => p.message).join("; ")}`,
        { id: task.id, details: problems },
      );
    }
    const open = descendants.filter((d) => isOpen(d.task.state));
    if (open.length > 0) {
      throw new TaskplainError(
        "incomplete_descendant",
        `${task.id} has open descendants: ${open.map((d) => `${d.task.id} (${d.task.state})`).join(", ")}`,
        { id: task.id },
      );
    }
  }
  const written = writeTask(
    changes,
    record,
    (file) => {
      if (task.state !== input.state) applyState(file, input.state, now);
    },
    { now },
  );
  const cascaded: WrittenTask[] = [];
  for (const d of descendants) {
    const target =
      input.cascade === "ready" && d.task.state === "idea"
        ? "ready"
        : input.cascade === "cancel" && OPEN_STATES.includes(d.task.state)
          ? "canceled"
          : null;
    if (!target) continue;
    cascaded.push(writeTask(changes, d, (file) => applyState(file, target, now), { now }));
  }
  return { task: written, cascaded };
}
