// Running git asynchronously (a heartbeat must not freeze the process it runs in) with a
// predictable environment: C locale for parseable messages, no terminal prompts, no
// pager. Used by the lease stores.
import { createRequire } from "node:module";
import { type ErrorCode, TaskplainError } from "../domain/errors.js";

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface GitRunOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
}

const GIT_ENV = {
  LC_ALL: "C",
  LANG: "C",
  GIT_TERMINAL_PROMPT: "0",
  GIT_PAGER: "cat",
  GIT_OPTIONAL_LOCKS: "0",
};

/** Runs `git <args>` in `cwd`; never throws for a non-zero exit (the caller reads `code`). */
export function runGit(cwd: string, args: string[], options: GitRunOptions = {}): Promise<GitResult> {
  // loaded on first use: child_process costs ~4 ms CPU, and a write without leases runs no git
  const { spawn } = createRequire(import.meta.url)(
    "node:child_process",
  ) as typeof import("node:child_process");
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd,
      env: { ...process.env, ...GIT_ENV, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString("utf8");
    });
    child.on("error", (error) =>
      reject(new TaskplainError("git_error", `could not run git: ${error.message}`)),
    );
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** Runs git and returns trimmed stdout; exit-2 `git_error` (naming `what`) when git fails. */
export async function gitText(
  cwd: string,
  args: string[],
  what: string,
  options: GitRunOptions = {},
): Promise<string> {
  const r = await runGit(cwd, args, options);
  if (r.code !== 0) throw gitError(what, r);
  return r.stdout.toString("utf8").trim();
}

/**
 * A failed git call as a TaskplainError: `<what> failed: ` and what git said, one line —
 * from its first `fatal:`/`error:` line on (git's own advice follows it), at most four
 * lines joined by " / ", each trimmed (no tabs), or the last three lines when git named
 * no error.
 */
export function gitError(what: string, r: GitResult, code: ErrorCode = "git_error"): TaskplainError {
  const lines = r.stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const first = lines.findIndex((line) => /^(fatal|error):/.test(line));
  const said = first >= 0 ? lines.slice(first, first + 4) : lines.slice(-3);
  return new TaskplainError(code, `${what} failed: ${said.join(" / ") || `exit ${r.code}`}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
