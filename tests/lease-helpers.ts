// Helpers for lease tests: real git repositories with linked worktrees, clones of a
// bare repository on a file path, and polling (instead of fixed sleeps).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { lockPathFor } from "../src/storage/lock.js";
import { type RunResult, run, taskText, tempDir, writeTask } from "./helpers.js";

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "test",
      GIT_AUTHOR_EMAIL: "test@example.invalid",
      GIT_COMMITTER_NAME: "test",
      GIT_COMMITTER_EMAIL: "test@example.invalid",
    },
  }).trim();

/** A body `complete` accepts once its one criterion is ticked (--check-acs). */
const FINISHABLE = `
## Overview

Something to do.

## Acceptance Criteria

- [ ] It works

## Technical Approach

- Do it.

## Post-Implementation Insights

### Changelog

- Did it.
`;

/** Writes ready tasks `ids` into a repository folder (each with its own `touches`, ready to complete). */
export function addReadyTasks(root: string, ids: string[]): void {
  for (const id of ids) {
    writeTask(
      root,
      `tasks/10-ready/task-${id}.md`,
      taskText(
        {
          id,
          title: `Task ${id}`,
          kind: "task",
          state: "ready",
          priority: "normal",
          commit_message: `"feat: ${id}"`,
          touches: [`src/${id}/**`],
          created_at: "2026-03-16T10:00:00.000Z",
          updated_at: "2026-03-16T10:00:00.000Z",
        },
        FINISHABLE,
      ),
    );
  }
  for (const f of ["00-idea", "20-in-progress", "30-done", "40-canceled"])
    writeTask(root, `tasks/${f}/.gitkeep`, "");
}

/** A temp folder that removes itself: `using`-style cleanup through `dispose()`. */
export class Scratch {
  readonly dir = tempDir("taskplain-leases-");
  private readonly extra: string[] = [];

  /** Also remove this path (e.g. a lock folder outside the scratch dir). */
  alsoRemove(p: string): void {
    this.extra.push(p);
  }

  dispose(): void {
    for (const p of [this.dir, ...this.extra]) rmSync(p, { recursive: true, force: true });
  }
}

/** A clone at `<scratch>/main` holding `ids` as ready tasks (committed), plus `worktrees` linked worktrees. */
export function repoWithWorktrees(scratch: Scratch, ids: string[], worktrees: number): string[] {
  const main = path.join(scratch.dir, "main");
  execFileSync("git", ["init", "-q", main]);
  addReadyTasks(main, ids);
  git(main, "add", "-A");
  git(main, "commit", "-q", "-m", "tasks");
  const dirs = [main];
  for (let i = 1; i < worktrees; i++) {
    const wt = path.join(scratch.dir, `wt-${i}`);
    git(main, "worktree", "add", "-q", "-b", `agent-${i}`, wt);
    dirs.push(wt);
  }
  return dirs;
}

/** A bare repository `origin.git` (with the tasks) and `n` clones set up with `init --remote origin`. */
export async function bareWithClones(scratch: Scratch, ids: string[], n: number): Promise<string[]> {
  const seed = path.join(scratch.dir, "seed");
  execFileSync("git", ["init", "-q", seed]);
  addReadyTasks(seed, ids);
  git(seed, "add", "-A");
  git(seed, "commit", "-q", "-m", "tasks");
  const bare = path.join(scratch.dir, "origin.git");
  git(scratch.dir, "clone", "-q", "--bare", seed, bare);
  const clones: string[] = [];
  for (let i = 0; i < n; i++) {
    const clone = path.join(scratch.dir, `clone-${i}`);
    git(scratch.dir, "clone", "-q", bare, clone);
    const r = await run(["init", "--remote", "origin"], { cwd: clone });
    if (r.code !== 0) throw new Error(r.stderr);
    clones.push(clone);
  }
  return clones;
}

/** The lock folder of a repository outside git (in the OS temp dir), to clean up. */
export const outsideGitLockDir = (root: string): string => lockPathFor(root);

/** Polls `probe` until it returns a value, failing after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const errorOf = (
  r: RunResult,
): { code: string; message: string; details?: { lease?: { holder: string } } } =>
  (JSON.parse(r.stderr) as { error: { code: string; message: string } }).error;
