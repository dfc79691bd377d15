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

/**
 * The git common directory of the repository holding `root` (searched upwards): the
 * clone's `.git` for the main worktree and for every linked worktree alike (a linked
 * worktree's private git dir names it in its `commondir` file). Null outside git.
 * Refs and the repository lock live here, so all worktrees of a clone share them
 * (leases.md "The model").
 */
export function gitCommonDirOf(root: string): string | null {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const gitDir = gitDirOf(dir);
    if (gitDir) {
      try {
        const common = readFileSync(path.join(gitDir, "commondir"), "utf8").trim();
        return common ? path.resolve(gitDir, common) : gitDir;
      } catch {
        return gitDir;
      }
    }
    if (path.dirname(dir) === dir) return null;
  }
}
