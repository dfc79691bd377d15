// Atomic file writes: temp file in the same folder, fsync, rename.
import { unlinkSync } from "node:fs";
import { mkdir, rename, unlink } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { TaskplainError } from "../domain/errors.js";

export async function writeFileAtomically(file: string, content: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, content, { encoding: "utf8", fsync: true });
  } catch (error) {
    throw ioError(`could not write ${file}`, error);
  }
}

export async function renameFile(from: string, to: string): Promise<void> {
  try {
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
  } catch (error) {
    throw ioError(`could not move ${from} to ${to}`, error);
  }
}

export async function removeFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw ioError(`could not delete ${file}`, error);
  }
}

export function ioError(message: string, cause: unknown): TaskplainError {
  const reason = (cause as NodeJS.ErrnoException)?.code ?? (cause as Error)?.message ?? String(cause);
  return new TaskplainError("io_error", `${message}: ${reason}`);
}

/** The temp files writeFileAtomically makes beside a task file: `<name>.md.<decimal hash>`. */
const TEMP_NAME = /\.md\.\d{1,10}$/;

/**
 * Removes the temp files a killed writer left among `files` (absolute paths: the entries
 * of the task folders that are not `.md` files, Workspace.otherFiles). Call it only while
 * holding the repository lock, on a listing taken under it: every writer holds the lock
 * while writing, so any temp file found then belongs to a writer that is gone. Best
 * effort; returns how many went.
 */
export function sweepAbandonedTemps(files: readonly string[]): number {
  let removed = 0;
  for (const file of files) {
    if (!TEMP_NAME.test(path.basename(file))) continue;
    try {
      unlinkSync(file);
      removed += 1;
    } catch {
      // gone already
    }
  }
  return removed;
}
