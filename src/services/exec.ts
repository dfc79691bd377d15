// `exec`: run an agent command, time it, and record the attempt — whatever happens to it.
import { spawn } from "node:child_process";
import type { ExecutionStatus } from "../domain/enums.js";
import type { TaskplainError } from "../domain/errors.js";
import { addAttempts } from "./attempts.js";
import { killTree } from "./kill-tree.js";
import { type KeeperInput, LeaseKeeper } from "./lease-keeper.js";

/** What the command learns about its lease: who holds it (its own taskplain calls act as that holder). */
function leaseEnv(keeper: LeaseKeeper, remote: string | undefined): Record<string, string> {
  return { TASKPLAIN_HOLDER: keeper.holder, ...(remote ? { TASKPLAIN_LEASE_REMOTE: remote } : {}) };
}

export interface ExecInput {
  id: string;
  tool: string;
  model?: string;
  command: string[];
  cwd: string;
  /** where the child's stderr is echoed */
  echoStderr: (chunk: Buffer) => void;
  /** hold a lease on the task while the command runs (leases.md); omitted: no lease */
  lease?: Omit<KeeperInput, "onLost" | "id">;
  /** after SIGTERM for a lost lease, SIGKILL follows this much later (ms) */
  graceMs?: number;
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
  let lost: TaskplainError | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const keeper = input.lease
    ? await LeaseKeeper.start(root, {
        ...input.lease,
        id: input.id,
        onLost: (error) => {
          lost = error;
          killTree(child.pid, "SIGTERM");
          killTimer = setTimeout(() => killTree(child.pid, "SIGKILL"), input.graceMs ?? 10_000);
        },
      })
    : null;
  const child = spawn(input.command[0]!, input.command.slice(1), {
    cwd: input.cwd,
    stdio: ["inherit", "inherit", "pipe"],
    env: keeper ? { ...process.env, ...leaseEnv(keeper, input.lease?.remote) } : process.env,
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
  if (killTimer) clearTimeout(killTimer);
  const endedAt = Date.now();
  const exitCode = code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 9) : 1);
  let status: ExecutionStatus = "completed";
  let error_reason: string | undefined;
  const leaseLost = lost as TaskplainError | null;
  if (leaseLost) {
    status = "abandoned";
    error_reason = `lease_lost: ${leaseLost.message}`;
  } else if (interrupted || (signal && (signal === "SIGINT" || signal === "SIGTERM"))) {
    status = "abandoned";
    error_reason = `interrupted by ${interrupted ?? signal}`;
  } else if (exitCode !== 0) {
    status = "failed";
    const lastLine = tail
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
    error_reason = spawnError
      ? `could not start ${input.command[0]}: ${(spawnError as NodeJS.ErrnoException).code ?? spawnError.message}`
      : (lastLine?.slice(0, 500) ?? `exit code ${exitCode}`);
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
  const outcome = await addAttempts(root, { id: input.id, attempts: [attempt] }).finally(() =>
    keeper?.stop(),
  );
  return {
    exitCode,
    status,
    ...(error_reason ? { error_reason } : {}),
    attempt_index: outcome.result.first_index,
    duration_seconds: duration,
  };
}
