// Execution attempts given as JSON: checked against the telemetry schema, put in the seed's key order.
import { ATTEMPT_KEY_ORDER, EXECUTOR_KEY_ORDER, PLANNER_KEY_ORDER, REVIEWER_KEY_ORDER } from "./enums.js";
import { attemptSchema, type ExecutionAttempt } from "./schema.js";
import { toIsoTimestamp } from "./timestamps.js";

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

/** Validates one attempt as it would sit at `index`; problems carry the full field path. */
export function attemptProblems(attempt: unknown, index: number): string[] {
  const result = attemptSchema.safeParse(attempt);
  if (result.success) return [];
  return result.error.issues.map(
    (i) => `execution.attempts.${index}${i.path.length ? `.${i.path.join(".")}` : ""}: ${i.message}`,
  );
}

export type { ExecutionAttempt };
