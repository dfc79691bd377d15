// Execution telemetry semantics (seed contract): pure figures derived from attempts.
import type { ExecutionAttempt, TaskExecution } from "./schema.js";
import { timestampMs } from "./timestamps.js";

export interface ExecutionSummary {
  attempts: number;
  retries: number;
  execution_seconds: number;
  wall_clock_seconds: number;
  idle_seconds: number;
  final_status: ExecutionAttempt["status"] | null;
  first_try_success: boolean;
  tools: string[];
  models: string[];
}

const attemptsOf = (execution: TaskExecution | undefined): ExecutionAttempt[] =>
  Array.isArray(execution?.attempts) ? execution.attempts : [];

const isAttempt = (a: unknown): a is ExecutionAttempt =>
  a !== null && typeof a === "object" && !Array.isArray(a);

/**
 * The attempts of an execution that are objects (tasks are normalized tolerantly, so an
 * invalid file may hold junk there; `validate` flags it, figures skip it). The array
 * itself when every entry is one; empty without attempts.
 */
export function validAttempts(execution: TaskExecution | undefined): ExecutionAttempt[] {
  const raw: unknown = execution?.attempts;
  if (!Array.isArray(raw) || raw.length === 0) return [];
  return raw.every(isAttempt) ? (raw as ExecutionAttempt[]) : raw.filter(isAttempt);
}

export const retryCount = (execution: TaskExecution | undefined): number =>
  Math.max(0, attemptsOf(execution).length - 1);

/** Σ duration_seconds. */
export const executionSeconds = (execution: TaskExecution | undefined): number =>
  attemptsOf(execution).reduce(
    (sum, a) => sum + (Number.isFinite(a.duration_seconds) ? a.duration_seconds : 0),
    0,
  );

/** last ended_at − first started_at, in whole seconds (0 without attempts). */
export function wallClockSeconds(execution: TaskExecution | undefined): number {
  const attempts = attemptsOf(execution);
  if (attempts.length === 0) return 0;
  const starts = attempts.map((a) => timestampMs(a.started_at)).filter((n) => !Number.isNaN(n));
  const ends = attempts.map((a) => timestampMs(a.ended_at)).filter((n) => !Number.isNaN(n));
  if (starts.length === 0 || ends.length === 0) return 0;
  return Math.max(0, Math.round((Math.max(...ends) - Math.min(...starts)) / 1000));
}

/** wall clock − execution time (never negative: overlapping attempts count as no idle). */
export const idleSeconds = (execution: TaskExecution | undefined): number =>
  Math.max(0, wallClockSeconds(execution) - executionSeconds(execution));

/** Attempts sorted by start time (stable for equal starts); a new array. */
export function chronological(execution: TaskExecution | undefined): ExecutionAttempt[] {
  const attempts = attemptsOf(execution);
  // Attempts are appended as they start, so most lists are already in order: check that
  // (valid, non-decreasing starts) before sorting, which then could only keep the order.
  let last = Number.NEGATIVE_INFINITY;
  let ordered = true;
  for (let i = 0; i < attempts.length && ordered; i++) {
    const t = attempts.length === 1 ? 0 : timestampMs(attempts[i]!.started_at);
    ordered = t >= last; // false for NaN as well
    last = t;
  }
  if (ordered) return attempts.slice();
  return attempts
    .map((a, i) => ({ a, i, t: timestampMs(a.started_at) }))
    .sort((x, y) => (x.t === y.t || Number.isNaN(x.t) || Number.isNaN(y.t) ? x.i - y.i : x.t - y.t))
    .map((x) => x.a);
}

/** Status of the attempt with the latest ended_at (the last in the file on ties). */
export function finalStatus(execution: TaskExecution | undefined): ExecutionAttempt["status"] | null {
  let best: ExecutionAttempt | null = null;
  let bestEnd = Number.NEGATIVE_INFINITY;
  for (const attempt of attemptsOf(execution)) {
    const end = timestampMs(attempt.ended_at);
    const key = Number.isNaN(end) ? Number.NEGATIVE_INFINITY : end;
    if (best === null || key >= bestEnd) {
      best = attempt;
      bestEnd = key;
    }
  }
  return best?.status ?? null;
}

/** The chronologically first attempt completed. */
export const firstTrySuccess = (execution: TaskExecution | undefined): boolean =>
  chronological(execution)[0]?.status === "completed";

/**
 * Every figure of `attempts` in one pass over them (stats summarizes thousands of tasks):
 * the same values as retryCount, executionSeconds, wallClockSeconds, idleSeconds,
 * finalStatus and firstTrySuccess give one by one. `ordered` is chronological(execution)
 * when the caller already has it (else it is computed for the first try).
 */
export function summarizeExecution(
  execution: TaskExecution | undefined,
  ordered?: readonly ExecutionAttempt[],
): ExecutionSummary {
  const attempts = attemptsOf(execution);
  let executionTotal = 0;
  let firstStart = Number.POSITIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let best: ExecutionAttempt | null = null;
  let bestEnd = Number.NEGATIVE_INFINITY;
  const tools = new Set<string>();
  const models = new Set<string>();
  for (const a of attempts) {
    executionTotal += Number.isFinite(a.duration_seconds) ? a.duration_seconds : 0;
    const start = timestampMs(a.started_at);
    if (start < firstStart) firstStart = start;
    const end = timestampMs(a.ended_at);
    if (end > lastEnd) lastEnd = end;
    const key = Number.isNaN(end) ? Number.NEGATIVE_INFINITY : end;
    if (best === null || key >= bestEnd) {
      best = a;
      bestEnd = key;
    }
    if (typeof a.executor?.tool === "string") tools.add(a.executor.tool);
    if (typeof a.executor?.model === "string") models.add(a.executor.model);
  }
  // NaN never wins a comparison, so only valid times reach firstStart and lastEnd
  const wall =
    firstStart === Number.POSITIVE_INFINITY || lastEnd === Number.NEGATIVE_INFINITY
      ? 0
      : Math.max(0, Math.round((lastEnd - firstStart) / 1000));
  return {
    attempts: attempts.length,
    retries: Math.max(0, attempts.length - 1),
    execution_seconds: executionTotal,
    wall_clock_seconds: wall,
    idle_seconds: Math.max(0, wall - executionTotal),
    final_status: best?.status ?? null,
    first_try_success:
      attempts.length > 0 && (ordered ?? chronological(execution))[0]?.status === "completed",
    tools: [...tools],
    models: [...models],
  };
}

/** One duration formatter for every output (units.ts). */
export { formatDuration } from "./units.js";
