// Recording execution attempts safely: validated, appended under the repository lock.
import { attemptProblems, orderAttempt } from "../domain/attempt-input.js";
import { ATTEMPT_KEY_ORDER, REVIEWER_KEY_ORDER } from "../domain/enums.js";
import { EXIT, quoteInput, TaskplainError, usageError } from "../domain/errors.js";
import { summarizeExecution } from "../domain/telemetry.js";
import { timestampMs } from "../domain/timestamps.js";
import { type MutationOutcome, mutate } from "./changes.js";
import { getTask } from "./repo.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";

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
  new TaskplainError("invalid_attempt", `attempt refused for ${id}: ${problems.join("; ")}`, EXIT.refused, {
    details: problems,
    hint: "see the schema: taskplain schema | jq .properties.execution",
  });

export async function addAttempts(
  root: string,
  input: AddAttemptsInput,
): Promise<MutationOutcome<AddedAttempts>> {
  if (input.attempts.length === 0) throw usageError("no attempt given");
  const attempts = input.attempts.map((a) => {
    if (!a || typeof a !== "object" || Array.isArray(a))
      throw usageError("each attempt must be a JSON object");
    return orderAttempt(a);
  });
  const now = input.now ?? new Date().toISOString();
  return mutate(root, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(root, input.id, input.ifVersion);
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

export async function reviewAttempt(
  root: string,
  input: ReviewInput,
): Promise<MutationOutcome<{ task: WrittenTask; index: number; reviewer: Record<string, unknown> }>> {
  if (!input.name.trim()) throw usageError("--name must not be empty");
  const now = input.now ?? new Date().toISOString();
  if (input.at !== undefined && Number.isNaN(timestampMs(input.at)))
    throw usageError(`--at must be an ISO 8601 timestamp (got ${quoteInput(input.at)})`);
  return mutate(root, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(root, input.id, input.ifVersion);
    const count = record.task.execution?.attempts.length ?? 0;
    if (count === 0) {
      throw new TaskplainError("no_attempts", `${record.task.id} has no attempts to review`, EXIT.refused, {
        hint: `taskplain attempt add ${record.task.id} --tool … --status … --duration …`,
      });
    }
    const index = input.index ?? count - 1;
    if (!Number.isInteger(index) || index < 0 || index >= count)
      throw usageError(`--index must be 0..${count - 1} (got ${input.index})`);
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
}

export async function listAttempts(root: string, id: string) {
  const record = await getTask(root, id);
  const attempts = record.task.execution?.attempts ?? [];
  return {
    id: record.task.id,
    path: record.ref.relPath,
    version: record.version,
    attempts,
    summary: summarizeExecution(record.task.execution),
  };
}
