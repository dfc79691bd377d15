// The repository-wide write lock. It lives outside the working tree (in the git common
// directory when there is one, so every worktree of a clone serializes on the same lock;
// else the OS temp dir keyed by the repo path), is refreshed while held and considered
// stale when its holder stopped refreshing it (e.g. was killed).
//
// The lock folder also names its holder (`holder-<pid>`, with the host inside): a lock
// whose holder process is gone from this machine is taken over at once instead of
// after the staleness timeout, so a writer killed with SIGKILL costs the next writer
// milliseconds, not seconds. Only the process that removes the holder file may remove
// the folder, so two waiters never both take a dead holder's lock.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";
import { TaskplainError } from "../domain/errors.js";
import { sha1Hex } from "./file-version.js";
import { gitCommonDirOf } from "./git-dir.js";

const STALE_MS = 10_000;

/** The lock's target path (the lock itself is `<target>.lock`); also the folder of the lease file. */
export function lockPathFor(root: string): string {
  const gitDir = gitCommonDirOf(root);
  if (gitDir) return path.join(gitDir, "taskplain");
  const key = sha1Hex(path.resolve(root)).slice(0, 16);
  return path.join(os.tmpdir(), "taskplain-locks", key);
}

export function lockTimeoutMs(env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env.TASKPLAIN_LOCK_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const HOLDER_PREFIX = "holder-";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes over a lock whose holder is gone: a dead process of this host, or (when
 * `stale`) any holder that stopped refreshing it. Returns true when the caller should
 * try to lock again right away.
 */
function reapAbandoned(lockDir: string, stale: boolean): boolean {
  let entries: string[];
  let inode: number;
  try {
    inode = statSync(lockDir).ino;
    entries = readdirSync(lockDir);
  } catch {
    return true; // released meanwhile
  }
  const holder = entries.find((e) => e.startsWith(HOLDER_PREFIX));
  if (!holder) return false; // being set up, or an old-style lock: the mtime decides
  if (!stale) {
    let info: { pid?: number; host?: string } = {};
    try {
      info = JSON.parse(readFileSync(path.join(lockDir, holder), "utf8"));
    } catch {
      return false;
    }
    if (info.host !== os.hostname() || typeof info.pid !== "number" || isAlive(info.pid)) return false;
  }
  try {
    unlinkSync(path.join(lockDir, holder)); // only one waiter succeeds here
  } catch {
    return true;
  }
  try {
    // Emptied, the folder looks stale to proper-lockfile, which may remove it and make a
    // fresh one for another waiter meanwhile: remove only the folder we emptied.
    if (statSync(lockDir).ino === inode) rmdirSync(lockDir);
  } catch {
    // someone else's lock now, or already gone: try again either way
  }
  return true;
}

/**
 * Names the holder inside the lock folder. Adding a file changes the folder's mtime,
 * which proper-lockfile reads as "the lock was taken from me" at its next refresh (and
 * then throws from a timer: the process dies mid-write). So the mtime it recorded is put
 * back, in the same tick, before any refresh can look.
 */
function writeHolder(lockDir: string): void {
  const { atime, mtime } = statSync(lockDir);
  writeFileSync(
    path.join(lockDir, `${HOLDER_PREFIX}${process.pid}`),
    JSON.stringify({ pid: process.pid, host: os.hostname() }),
  );
  utimesSync(lockDir, atime, mtime);
}

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
  const lockDir = `${target}.lock`;
  while (!release) {
    try {
      release = await lockfile.lock(target, {
        stale: STALE_MS,
        update: STALE_MS / 4,
        realpath: false,
        retries: 0,
        // A holder that stalled past STALE_MS may have lost the lock; dying from a timer
        // would tear the write in progress, so the write finishes (it is atomic per file).
        onCompromised: () => undefined,
      });
      try {
        writeHolder(lockDir);
      } catch {
        // without it the lock is still sound; only its takeover waits for staleness
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTEMPTY: the lock went stale but still names its holder; ELOCKED: held
      if ((code === "ENOTEMPTY" || code === "ELOCKED") && reapAbandoned(lockDir, code === "ENOTEMPTY"))
        continue;
      // ENOENT: the folder we had just made was removed by a waiter that judged the one
      // before it stale (proper-lockfile's check and removal are two steps): a lost race.
      if (code === "ENOENT") mkdirSync(target, { recursive: true });
      else if (code !== "ELOCKED") {
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
    try {
      unlinkSync(path.join(lockDir, `${HOLDER_PREFIX}${process.pid}`));
    } catch {
      // already gone
    }
    await release().catch(() => undefined);
  }
}
