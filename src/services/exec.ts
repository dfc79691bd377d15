// `exec`: run an agent command, time it, and record the attempt — whatever happens to it.
import { spawn } from "node:child_process";
import type { ExecutionStatus } from "../domain/enums.js";
import { errorReason } from "../domain/exec-reason.js";
import { addAttempts } from "./attempts.js";

export interface ExecInput {
  id: string;
  tool: string;
  model?: string;
  command: string[];
  cwd: string;
  /** the environment the command inherits (TASKPLAIN_* variables are added) */
  env?: NodeJS.ProcessEnv;
  /** where the child's stderr is echoed */
  echoStderr: (chunk: Buffer) => void;
}

export interface ExecResult {
  exitCode: number;
  status: ExecutionStatus;
  error_reason?: string;
  attempt_index: number;
  duration_seconds: number;
}

export async function execAndRecord(root: string, input: ExecInput): Promise<ExecResult> {
  const startedAt = Date.now();
  let tail = "";
  let interrupted: NodeJS.Signals | null = null;
  // What the agent needs to know which task it is on (agents.md).
  const env = {
    ...(input.env ?? process.env),
    TASKPLAIN_TASK_ID: input.id,
    TASKPLAIN_ROOT: root,
    TASKPLAIN_ATTEMPT_STARTED_AT: new Date(startedAt).toISOString(),
  };
  const child = spawn(input.command[0]!, input.command.slice(1), {
    cwd: input.cwd,
    env,
    stdio: ["inherit", "inherit", "pipe"],
  });
  const forward = (signal: NodeJS.Signals) => {
    interrupted = signal;
    child.kill(signal);
  };
  const onInt = () => forward("SIGINT");
  const onTerm = () => forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  child.stderr!.on("data", (chunk: Buffer) => {
    input.echoStderr(chunk);
    tail = (tail + chunk.toString("utf8")).slice(-8192);
  });
  const { code, signal, spawnError } = await new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    spawnError?: Error;
  }>((resolve) => {
    child.on("error", (error) => resolve({ code: 127, signal: null, spawnError: error }));
    child.on("close", (c, s) => resolve({ code: c, signal: s }));
  });
  process.off("SIGINT", onInt);
  process.off("SIGTERM", onTerm);
  const endedAt = Date.now();
  const exitCode = code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 9) : 1);
  let status: ExecutionStatus = "completed";
  let error_reason: string | undefined;
  if (interrupted || (signal && (signal === "SIGINT" || signal === "SIGTERM"))) {
    status = "abandoned";
    error_reason = `interrupted by ${interrupted ?? signal}`;
  } else if (exitCode !== 0) {
    status = "failed";
    error_reason = errorReason({
      stderrTail: tail,
      exitCode,
      command: input.command[0]!,
      spawnErrorCode: spawnError ? ((spawnError as NodeJS.ErrnoException).code ?? "ERROR") : undefined,
    });
  }
  const duration = Math.max(0, Math.round((endedAt - startedAt) / 1000));
  const attempt: Record<string, unknown> = {
    started_at: new Date(startedAt).toISOString(),
    ended_at: new Date(endedAt).toISOString(),
    duration_seconds: duration,
    status,
    ...(error_reason ? { error_reason } : {}),
    executor: { tool: input.tool, ...(input.model ? { model: input.model } : {}) },
  };
  const outcome = await addAttempts(root, { id: input.id, attempts: [attempt] });
  return {
    exitCode,
    status,
    ...(error_reason ? { error_reason } : {}),
    attempt_index: outcome.result.first_index,
    duration_seconds: duration,
  };
}
