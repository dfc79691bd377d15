// Building an execution attempt from `attempt add`'s flags (the CLI's own input format).
import { orderAttempt } from "../domain/attempt-input.js";
import { quoteInput, usageError } from "../domain/errors.js";
import { timestampMs } from "../domain/timestamps.js";

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
        `${flag} must be an ISO 8601 timestamp such as 2026-01-31T09:30:00Z (got ${quoteInput(String(value))})`,
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
