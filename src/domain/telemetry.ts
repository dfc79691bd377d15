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

/** Attempts sorted by start time (stable for equal starts). */
export function chronological(execution: TaskExecution | undefined): ExecutionAttempt[] {
  return attemptsOf(execution)
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

const distinct = (values: (string | undefined)[]): string[] => [
  ...new Set(values.filter((v): v is string => typeof v === "string")),
];

export function summarizeExecution(execution: TaskExecution | undefined): ExecutionSummary {
  const attempts = attemptsOf(execution);
  return {
    attempts: attempts.length,
    retries: retryCount(execution),
    execution_seconds: executionSeconds(execution),
    wall_clock_seconds: wallClockSeconds(execution),
    idle_seconds: idleSeconds(execution),
    final_status: finalStatus(execution),
    first_try_success: firstTrySuccess(execution),
    tools: distinct(attempts.map((a) => a.executor?.tool)),
    models: distinct(attempts.map((a) => a.executor?.model)),
  };
}

/** One duration formatter for every output (units.ts). */
export { formatDuration } from "./units.js";
