// Finding the repository root (task-format.md "Where tasks live").
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { quoteInput, TaskplainError } from "../domain/errors.js";

export interface RootOptions {
  /** --root flag */
  root?: string | undefined;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `init` may create tasks/ where there is none yet. */
  allowMissingTasks?: boolean;
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

export function findRoot(options: RootOptions): string {
  const { cwd, env } = options;
  const explicit = options.root ?? (env.TASKPLAIN_ROOT || undefined);
  if (explicit) {
    const dir = path.resolve(cwd, explicit);
    if (!isDir(dir)) {
      throw new TaskplainError(
        "root_not_found",
        `repository root ${quoteInput(dir, 200)} is not a directory`,
      );
    }
    // as when the root is looked for: a folder without tasks/ is no repository (init makes one)
    if (!options.allowMissingTasks && !isDir(path.join(dir, "tasks"))) {
      const from = options.root !== undefined ? "--root" : "TASKPLAIN_ROOT";
      throw new TaskplainError("no_repository", `no tasks/ folder in ${quoteInput(dir, 200)} (from ${from})`);
    }
    return dir;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (isDir(path.join(dir, "tasks"))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  const top = gitTopLevel(cwd) ?? "";
  const root = top && existsSync(top) ? top : path.resolve(cwd);
  if (!options.allowMissingTasks && !isDir(path.join(root, "tasks"))) {
    throw new TaskplainError("no_repository", `no tasks/ folder found from ${cwd} upwards`);
  }
  return root;
}

/** The top folder of the git work tree holding `cwd`, or undefined outside git. */
export function gitTopLevel(cwd: string): string | undefined {
  // loaded here, not with the module: child_process costs ~4 ms CPU, and only a folder
  // without tasks/ above it asks git
  const { spawnSync } = createRequire(import.meta.url)(
    "node:child_process",
  ) as typeof import("node:child_process");
  const git = spawnSync("git", ["rev-parse", "--show-toplevel"], { cwd, encoding: "utf8" });
  return git.status === 0 && git.stdout.trim() ? git.stdout.trim() : undefined;
}
