// How a finished agent command becomes an execution attempt (telemetry.md, "exec"):
// pure, so every front door and the tests classify runs the same way.
import type { ExecutionStatus } from "./enums.js";
import { errorReason } from "./exec-reason.js";

/** What running the command produced. Times in ms since the epoch. */
export interface CommandRun {
  command: string[];
  startedAtMs: number;
  endedAtMs: number;
  /** the exit code, or null when a signal ended it */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** set when the command could not be started at all (e.g. ENOENT) */
  spawnError?: NodeJS.ErrnoException;
  /** the signal taskplain forwarded to it (the user pressed Ctrl-C), if any */
  interrupted?: NodeJS.Signals | null;
  /** the last bytes the command wrote to stderr */
  stderrTail: string;
  /** why taskplain stopped the command itself (e.g. `lease_lost: …`), if it did */
  stoppedBecause?: string;
}

export interface RunOutcome {
  /** the exit code taskplain passes on (128 + signal number when killed) */
  exit_code: number;
  status: ExecutionStatus;
  error_reason?: string;
  duration_seconds: number;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Classifies a run: stopped by taskplain (lease lost) or interrupted → abandoned, non-zero exit → failed (with its reason), else completed. */
export function classifyRun(run: CommandRun): RunOutcome {
  const { code, signal } = run;
  const exit_code = code ?? (signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 1) : 1);
  const duration_seconds = Math.max(0, Math.round((run.endedAtMs - run.startedAtMs) / 1000));
  if (run.stoppedBecause)
    return { exit_code, status: "abandoned", error_reason: run.stoppedBecause, duration_seconds };
  if (run.interrupted || signal === "SIGINT" || signal === "SIGTERM") {
    return {
      exit_code,
      status: "abandoned",
      error_reason: `interrupted by ${run.interrupted ?? signal}`,
      duration_seconds,
    };
  }
  if (exit_code === 0) return { exit_code, status: "completed", duration_seconds };
  const error_reason = errorReason({
    stderrTail: run.stderrTail,
    exitCode: exit_code,
    command: run.command[0] ?? "",
    spawnErrorCode: run.spawnError ? (run.spawnError.code ?? "ERROR") : undefined,
  });
  return { exit_code, status: "failed", error_reason, duration_seconds };
}
