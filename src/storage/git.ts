// Git is optional: moves of tracked files use `git mv` so history follows the file.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { TaskplainError } from "../domain/errors.js";

function git(root: string, args: string[]) {
  return spawnSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export function isTracked(root: string, file: string): boolean {
  const r = git(root, ["ls-files", "--error-unmatch", "--", path.relative(root, file)]);
  return r.status === 0;
}

/** `git mv` when `from` is tracked; returns false when the caller should rename it itself. */
export function gitMove(root: string, from: string, to: string): boolean {
  if (!isTracked(root, from)) return false;
  const r = git(root, ["mv", "--", path.relative(root, from), path.relative(root, to)]);
  if (r.status !== 0) {
    throw new TaskplainError("git_error", `git mv failed: ${r.stderr.trim() || `exit ${r.status}`}`);
  }
  return true;
}

/** `git rm` for tracked files (keeps the index in step); false when untracked. */
export function gitRemove(root: string, file: string): boolean {
  if (!isTracked(root, file)) return false;
  const r = git(root, ["rm", "-q", "-f", "--", path.relative(root, file)]);
  if (r.status !== 0) {
    throw new TaskplainError("git_error", `git rm failed: ${r.stderr.trim() || `exit ${r.status}`}`);
  }
  return true;
}
