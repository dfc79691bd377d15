// Reading a task file's text: every reader of `tasks/` goes through here, and tells a
// file that is gone from one that cannot be read.
import { closeSync, constants, openSync, readFileSync } from "node:fs";

/** Whether `error` says a listed file is no longer there (moved or removed meanwhile; see relist.ts). */
export function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/**
 * The UTF-8 text of the file at `file` (an absolute path). Opened non-blocking, so a FIFO
 * or a device that someone named `*.md` reads as what it holds right now (usually
 * nothing: a parse error follows) instead of waiting for a writer forever. Throws what
 * `open`/`read` throw (ENOENT, EISDIR, EACCES, …).
 */
export function readTaskText(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}
