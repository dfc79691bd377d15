// Recording execution attempts safely: validated, appended under the repository lock.
import { attemptProblems, orderAttempt } from "../domain/attempt-input.js";
import { ATTEMPT_KEY_ORDER, REVIEWER_KEY_ORDER } from "../domain/enums.js";
import { quoteInput, TaskplainError, usageError } from "../domain/errors.js";
import { type CommandRun, classifyRun, type RunOutcome } from "../domain/exec-outcome.js";
import { summarizeExecution } from "../domain/telemetry.js";
import { timestampMs } from "../domain/timestamps.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { getTask } from "./repo.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";
import { type Mutation, type TaskView, withView, writtenView } from "./views.js";

export interface AddAttemptsInput {
  id: string;
  attempts: Record<string, unknown>[];
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
}

export interface AddedAttempts {
  task: WrittenTask;
  attempts: Record<string, unknown>[];
  /** index of the first appended attempt */
  first_index: number;
}

const refuse = (problems: string[], id: string) =>
  new TaskplainError("invalid_attempt", `attempt refused for ${id}: ${problems.join("; ")}`, {
    details: problems,
    id,
  });

/** `attempt add`: the JSON view is `{id, index, attempts, task}` (index of the first appended attempt). */
export async function addAttempts(
  ws: Workspace,
  input: AddAttemptsInput,
): Promise<Mutation<AddedAttempts, TaskView>> {
  if (input.attempts.length === 0) throw usageError("no attempt given");
  const attempts = input.attempts.map((a) => {
    if (!a || typeof a !== "object" || Array.isArray(a))
      throw usageError("each attempt must be a JSON object");
    return orderAttempt(a);
  });
  const now = input.now ?? ws.nowIso();
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(ws, input.id, input.ifVersion);
    const existing = record.task.execution?.attempts.length ?? 0;
    const problems = attempts.flatMap((a, i) => attemptProblems(a, existing + i));
    if (problems.length > 0) throw refuse(problems, record.task.id);
    const task = writeTask(
      changes,
      record,
      (file) => {
        for (const attempt of attempts) file.appendTo(["execution", "attempts"], attempt);
      },
      { now },
    );
    return { task, attempts, first_index: existing };
  });
  return withView(outcome, (r) => ({
    id: r.task.task.id,
    index: r.first_index,
    attempts: r.attempts,
    task: writtenView(r.task),
  }));
}

export interface ReviewInput {
  id: string;
  index?: number;
  name: string;
  approved: boolean;
  notes?: string;
  at?: string;
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
}

/** `attempt review`: the JSON view is `{id, index, reviewer, task}`. */
export async function reviewAttempt(
  ws: Workspace,
  input: ReviewInput,
): Promise<Mutation<{ task: WrittenTask; index: number; reviewer: Record<string, unknown> }, TaskView>> {
  if (!input.name.trim()) throw usageError("the reviewer's name must not be empty");
  const now = input.now ?? ws.nowIso();
  if (input.at !== undefined && Number.isNaN(timestampMs(input.at)))
    throw usageError(`the review time must be an ISO 8601 timestamp (got ${quoteInput(String(input.at))})`);
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(ws, input.id, input.ifVersion);
    const count = record.task.execution?.attempts.length ?? 0;
    if (count === 0) {
      throw new TaskplainError("no_attempts", `${record.task.id} has no attempts to review`, {
        id: record.task.id,
      });
    }
    const index = input.index ?? count - 1;
    if (!Number.isInteger(index) || index < 0 || index >= count)
      throw usageError(`the attempt index must be 0..${count - 1} (got ${input.index})`);
    const reviewer: Record<string, unknown> = {
      name: input.name,
      approved: input.approved,
      reviewed_at: input.at ? new Date(timestampMs(input.at)).toISOString() : now,
    };
    if (input.notes) reviewer.notes = input.notes;
    const ordered = Object.fromEntries(
      REVIEWER_KEY_ORDER.filter((k) => k in reviewer).map((k) => [k, reviewer[k]]),
    );
    const task = writeTask(
      changes,
      record,
      (file) => {
        file.setInMap(["execution", "attempts", index], "reviewer", ordered, ATTEMPT_KEY_ORDER);
      },
      { now },
    );
    return { task, index, reviewer: ordered };
  });
  return withView(outcome, (r) => ({
    id: r.task.task.id,
    index: r.index,
    reviewer: r.reviewer,
    task: writtenView(r.task),
  }));
}

/** `attempt list`'s view: the attempts of task `id` and the figures derived from them (telemetry.md). */
export async function listAttempts(ws: Workspace, id: string) {
  const record = await getTask(ws, id);
  const attempts = record.task.execution?.attempts ?? [];
  return {
    id: record.task.id,
    path: record.ref.relPath,
    version: record.version,
    attempts,
    summary: summarizeExecution(record.task.execution),
  };
}

// `exec`: a finished agent command recorded as an attempt. Running the command (a child
// process, signals, stdio) is the front door's job (src/cli/process/run-command.ts).

export interface RecordRunInput {
  id: string;
  tool: string;
  model?: string;
  run: CommandRun;
}

/** The JSON view of `exec`: the run's outcome and where its attempt was recorded. */
export type ExecResult = RunOutcome & { id: string; attempt_index: number };

/** Appends the attempt a run makes (completed / failed / abandoned) to task `id`. */
export async function recordRun(ws: Workspace, input: RecordRunInput): Promise<ExecResult> {
  const outcome = classifyRun(input.run);
  const attempt: Record<string, unknown> = {
    started_at: new Date(input.run.startedAtMs).toISOString(),
    ended_at: new Date(input.run.endedAtMs).toISOString(),
    duration_seconds: outcome.duration_seconds,
    status: outcome.status,
    ...(outcome.error_reason ? { error_reason: outcome.error_reason } : {}),
    executor: { tool: input.tool, ...(input.model ? { model: input.model } : {}) },
  };
  const recorded = await addAttempts(ws, { id: input.id, attempts: [attempt] });
  return { id: input.id, ...outcome, attempt_index: recorded.result.first_index };
}
