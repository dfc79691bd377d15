// The repository-wide write lock. It lives outside the working tree (under .git/ when
// there is one, else the OS temp dir keyed by the repo path), is refreshed while held
// and considered stale when its holder stopped refreshing it (e.g. was killed).
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";
import { TaskplainError } from "../domain/errors.js";
import { gitDirOf } from "./git-dir.js";

const STALE_MS = 10_000;

export function lockPathFor(root: string): string {
  const gitDir = gitDirOf(root);
  if (gitDir) return path.join(gitDir, "taskplain");
  const key = createHash("sha1").update(path.resolve(root)).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), "taskplain-locks", key);
}

export function lockTimeoutMs(env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env.TASKPLAIN_LOCK_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` while holding the repository lock; throws exit-4 `lock_timeout` when it cannot be had in time. */
export async function withRepositoryLock<T>(
  root: string,
  fn: () => Promise<T>,
  env: NodeJS.ProcessEnv,
): Promise<T> {
  const timeoutMs = lockTimeoutMs(env);
  const target = lockPathFor(root);
  mkdirSync(target, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let release: (() => Promise<void>) | undefined;
  let wait = 5;
  while (!release) {
    try {
      release = await lockfile.lock(target, {
        stale: STALE_MS,
        update: STALE_MS / 4,
        realpath: false,
        retries: 0,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") {
        throw new TaskplainError(
          "lock_error",
          `could not take the repository lock ${target}.lock: ${(error as Error).message}`,
        );
      }
      if (Date.now() >= deadline) {
        throw new TaskplainError(
          "lock_timeout",
          `timed out after ${Math.round(timeoutMs / 1000)}s waiting for the repository lock ${target}.lock`,
          {
            path: `${target}.lock`,
          },
        );
      }
      // jittered back-off keeps fifty waiting writers from stampeding together
      await sleep(wait + Math.random() * wait);
      wait = Math.min(wait * 1.5, 50);
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}
