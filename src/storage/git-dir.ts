// Where taskplain keeps its private files (lock, parse cache): inside the repository's
// git directory, never in the working tree.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

/** `.git` of `root`, or the directory a worktree's `.git` file points to; null outside git. */
export function gitDirOf(root: string): string | null {
  const dotGit = path.join(root, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, "utf8"));
    return pointer ? path.resolve(root, pointer[1]!) : null;
  } catch {
    return null;
  }
}
