// Git is optional: moves of tracked files use `git mv` so history follows the file.
// Git runs as a child process without blocking the event loop (a long-lived server keeps
// answering while it runs); callers hold the repository lock.
import { createRequire } from "node:module";
import path from "node:path";
import { TaskplainError } from "../domain/errors.js";

interface GitResult {
  status: number | null;
  stderr: string;
}

function git(root: string, args: string[]): Promise<GitResult> {
  // loaded on first use: child_process costs ~4 ms CPU, and most writes run no git
  const { execFile } = createRequire(import.meta.url)(
    "node:child_process",
  ) as typeof import("node:child_process");
  return new Promise((resolve) => {
    execFile("git", args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (!error) return resolve({ status: 0, stderr });
      const code = (error as NodeJS.ErrnoException & { code?: unknown }).code;
      // no git at all (ENOENT) counts as "not tracked", like a non-zero exit
      resolve({ status: typeof code === "number" ? code : null, stderr: String(stderr ?? "") });
    });
  });
}

export async function isTracked(root: string, file: string): Promise<boolean> {
  const r = await git(root, ["ls-files", "--error-unmatch", "--", path.relative(root, file)]);
  return r.status === 0;
}

/**
 * `git mv` when `from` is tracked; returns false when the caller should rename it itself.
 * Tries the move first (one git process in the usual, tracked case) and asks whether the
 * file is tracked only when it fails.
 */
export async function gitMove(root: string, from: string, to: string): Promise<boolean> {
  const r = await git(root, ["mv", "--", path.relative(root, from), path.relative(root, to)]);
  if (r.status === 0) return true;
  if (!(await isTracked(root, from))) return false;
  throw new TaskplainError("git_error", `git mv failed: ${r.stderr.trim() || `exit ${r.status}`}`);
}

/** `git rm` for tracked files (keeps the index in step); false when untracked. */
export async function gitRemove(root: string, file: string): Promise<boolean> {
  if (!(await isTracked(root, file))) return false;
  const r = await git(root, ["rm", "-q", "-f", "--", path.relative(root, file)]);
  if (r.status !== 0) {
    throw new TaskplainError("git_error", `git rm failed: ${r.stderr.trim() || `exit ${r.status}`}`);
  }
  return true;
}
