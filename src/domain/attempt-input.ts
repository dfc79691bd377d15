// Building an execution attempt from command-line flags or JSON, in the seed's key order.
import { ATTEMPT_KEY_ORDER, EXECUTOR_KEY_ORDER, PLANNER_KEY_ORDER, REVIEWER_KEY_ORDER } from "./enums.js";
import { quoteInput, usageError } from "./errors.js";
import { attemptSchema, type ExecutionAttempt } from "./schema.js";
import { timestampMs, toIsoTimestamp } from "./timestamps.js";

export interface AttemptFlags {
  tool?: string;
  model?: string;
  status?: string;
  started?: string;
  ended?: string;
  duration?: string | number;
  error?: string;
  notes?: string;
  plannerTool?: string;
  plannerModel?: string;
}

function ordered(obj: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (obj[key] !== undefined) out[key] = obj[key];
  for (const [key, value] of Object.entries(obj)) if (!(key in out) && value !== undefined) out[key] = value;
  return out;
}

/** Puts an attempt's keys (and its executor/planner/reviewer keys) in the seed's order. */
export function orderAttempt(attempt: Record<string, unknown>): Record<string, unknown> {
  const a = { ...attempt };
  if (a.executor && typeof a.executor === "object") {
    const ex = { ...(a.executor as Record<string, unknown>) };
    if (ex.planner && typeof ex.planner === "object")
      ex.planner = ordered(ex.planner as Record<string, unknown>, PLANNER_KEY_ORDER);
    a.executor = ordered(ex, EXECUTOR_KEY_ORDER);
  }
  if (a.reviewer && typeof a.reviewer === "object")
    a.reviewer = ordered(a.reviewer as Record<string, unknown>, REVIEWER_KEY_ORDER);
  for (const key of ["started_at", "ended_at"])
    if (typeof a[key] === "string") a[key] = toIsoTimestamp(a[key]);
  return ordered(a, ATTEMPT_KEY_ORDER);
}

/** Any two of started/ended/duration determine the third; only a duration means it ended now. */
export function attemptFromFlags(flags: AttemptFlags, nowMs: number): Record<string, unknown> {
  if (!flags.tool) throw usageError("--tool is required (the agent tool, e.g. claude-code)");
  if (!flags.status) throw usageError("--status is required: completed, failed or abandoned");
  let duration: number | undefined;
  if (flags.duration !== undefined) {
    duration = Number(flags.duration);
    if (!Number.isInteger(duration) || duration < 0)
      throw usageError(`--duration must be whole seconds >= 0 (got ${quoteInput(String(flags.duration))})`);
  }
  const parse = (value: string | undefined, flag: string) => {
    if (value === undefined) return undefined;
    const ms = timestampMs(value);
    if (Number.isNaN(ms))
      throw usageError(
        `${flag} must be an ISO 8601 timestamp such as 2026-01-31T09:30:00Z (got ${quoteInput(value)})`,
      );
    return ms;
  };
  let start = parse(flags.started, "--started");
  let end = parse(flags.ended, "--ended");
  if (start === undefined && end === undefined && duration === undefined) {
    throw usageError("give two of --started, --ended, --duration (or only --duration, ending now)");
  }
  if (start !== undefined && end !== undefined) duration ??= Math.round((end - start) / 1000);
  else if (start !== undefined && duration !== undefined) end = start + duration * 1000;
  else if (end !== undefined && duration !== undefined) start = end - duration * 1000;
  else if (duration !== undefined) {
    end = nowMs;
    start = end - duration * 1000;
  } else throw usageError("give two of --started, --ended, --duration (or only --duration, ending now)");
  return orderAttempt({
    started_at: new Date(start!).toISOString(),
    ended_at: new Date(end!).toISOString(),
    duration_seconds: duration,
    status: flags.status,
    error_reason: flags.error,
    executor: {
      tool: flags.tool,
      model: flags.model,
      planner:
        flags.plannerTool || flags.plannerModel
          ? { tool: flags.plannerTool, model: flags.plannerModel }
          : undefined,
    },
    notes: flags.notes,
  });
}

/** Validates one attempt as it would sit at `index`; problems carry the full field path. */
export function attemptProblems(attempt: unknown, index: number): string[] {
  const result = attemptSchema.safeParse(attempt);
  if (result.success) return [];
  return result.error.issues.map(
    (i) => `execution.attempts.${index}${i.path.length ? `.${i.path.join(".")}` : ""}: ${i.message}`,
  );
}

export type { ExecutionAttempt };
