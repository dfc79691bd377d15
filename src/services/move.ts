// `move`: change a task's state (and folder), with cascades to its descendants.
import { completionProblems } from "../domain/completion.js";
import { OPEN_STATES, type State } from "../domain/enums.js";
import { EXIT, TaskplainError } from "../domain/errors.js";
import { isOpen } from "../domain/task.js";
import type { TaskRecord } from "../storage/repository.js";
import { type ChangeSet, type MutationOutcome, mutate } from "./changes.js";
import { guardLease, type LeaseCheck, settleLease } from "./lease-guard.js";
import { getTask } from "./repo.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";

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

/** All descendants of a record, read by file name (no full repository parse). */
export async function descendantRecords(root: string, record: TaskRecord): Promise<TaskRecord[]> {
  const out: TaskRecord[] = [];
  const seen = new Set([record.task.id]);
  const queue = [...record.task.children];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    try {
      const child = await getTask(root, id);
      out.push(child);
      queue.push(...child.task.children);
    } catch {
      // a missing child is validate's business (missing_child); the move itself can proceed
    }
  }
  return out;
}

/** Sets state on a parsed file, maintaining completed_at. */
export function applyState(file: TaskRecord["file"], state: State, now: string): void {
  file.set("state", state);
  if (state === "done") file.set("completed_at", now);
  else if (file.has("completed_at")) file.delete("completed_at");
}

export async function planMove(
  root: string,
  changes: ChangeSet,
  record: TaskRecord,
  input: MoveInput,
  now: string,
): Promise<MoveResult> {
  const { task } = record;
  if (task.blocked && input.state !== "canceled" && !input.force) {
    throw new TaskplainError("task_blocked", `${task.id} is blocked: ${task.blocked}`, EXIT.refused, {
      hint: `taskplain update ${task.id} --unset blocked   (or pass --force)`,
    });
  }
  const descendants = input.cascade || input.state === "done" ? await descendantRecords(root, record) : [];
  if (input.state === "done") {
    const problems = completionProblems(task.id, task.commit_message, record.file.body);
    if (problems.length > 0) {
      throw new TaskplainError(
        "completion_refused",
        `${task.id} cannot be done yet: ${problems.map((p) => p.message).join("; ")}`,
        EXIT.refused,
        {
          hint: problems[0]!.hint,
          details: problems,
        },
      );
    }
    const open = descendants.filter((d) => isOpen(d.task.state));
    if (open.length > 0) {
      throw new TaskplainError(
        "incomplete_descendant",
        `${task.id} has open descendants: ${open.map((d) => `${d.task.id} (${d.task.state})`).join(", ")}`,
        EXIT.refused,
        {
          hint: `finish or cancel them first, e.g. taskplain move ${task.id} canceled --cascade cancel`,
        },
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

export async function moveTask(
  root: string,
  input: MoveInput & { lease?: LeaseCheck },
): Promise<MutationOutcome<MoveResult>> {
  const now = input.now ?? new Date().toISOString();
  await guardLease(root, input.id, { ...input.lease, force: input.force });
  const outcome = await mutate(root, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(root, input.id, input.ifVersion);
    return planMove(root, changes, record, input, now);
  });
  if (!outcome.dry_run) await settleLease(root, input.id, input.state, input.lease);
  return outcome;
}
