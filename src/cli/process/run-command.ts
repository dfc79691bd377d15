// Runs an agent command for `exec`: the process-wide part (child process, inherited
// stdin/stdout, forwarded SIGINT/SIGTERM — SIGTERM to the command's whole process tree)
// that only a front door may own.
import { type ChildProcess, spawn } from "node:child_process";
import type { CommandRun } from "../../domain/exec-outcome.js";
import { killTree } from "./kill-tree.js";

export interface RunCommandOptions {
  cwd: string;
  /** the command's environment, or a function of its start time (ms since the epoch) */
  env: NodeJS.ProcessEnv | ((startedAtMs: number) => NodeJS.ProcessEnv);
  /** where the child's stderr is echoed as it arrives */
  echoStderr: (chunk: Buffer) => void;
  /** the clock, in ms since the epoch */
  now: () => number;
  /** called with the child once it is spawned (exec stops it when its lease is lost) */
  onSpawn?: (child: ChildProcess) => void;
}

/** Runs `command` to its end and reports how it ended (never throws for the command's failure). */
export async function runCommand(command: string[], options: RunCommandOptions): Promise<CommandRun> {
  const startedAtMs = options.now();
  let tail = "";
  let interrupted: NodeJS.Signals | null = null;
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd,
    env: typeof options.env === "function" ? options.env(startedAtMs) : options.env,
    stdio: ["inherit", "inherit", "pipe"],
  });
  options.onSpawn?.(child);
  // SIGINT from a terminal already reaches the whole foreground group: the child gets it
  // once more. SIGTERM is sent to taskplain alone (an orchestrator stopping the agent):
  // it goes to everything the command started, or a shell's children would keep running
  // (and keep the stderr pipe open, so exec would wait for them).
  const forward = (signal: NodeJS.Signals) => {
    interrupted = signal;
    if (signal === "SIGTERM" && child.pid !== undefined) killTree(child.pid, signal);
    else child.kill(signal);
  };
  const onInt = () => forward("SIGINT");
  const onTerm = () => forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  child.stderr!.on("data", (chunk: Buffer) => {
    options.echoStderr(chunk);
    tail = (tail + chunk.toString("utf8")).slice(-8192);
  });
  const ended = await new Promise<Pick<CommandRun, "code" | "signal" | "spawnError">>((resolve) => {
    child.on("error", (error) => resolve({ code: 127, signal: null, spawnError: error }));
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  process.off("SIGINT", onInt);
  process.off("SIGTERM", onTerm);
  return { command, startedAtMs, endedAtMs: options.now(), ...ended, interrupted, stderrTail: tail };
}
