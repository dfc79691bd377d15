// A reader lists the state folders once and trusts that listing (workspace.ts), and
// readers take no lock: another process may move a task between the listing and the
// read (a state change renames the file into another tasks/<state>/ folder, under the
// repository lock) or delete it. A reader that finds a listed file gone lists the
// folders again and reads the task at its new place — a bounded number of times.
import { isGone } from "./read-text.js";
import type { Workspace } from "./workspace.js";

/** How many passes over a listing a read makes at most (the first, then one per listing again). */
export const RELIST_ATTEMPTS = 5;

/** Thrown by a pass that found a listed file gone and must not skip it: `relisting` runs it again. */
export class ListedFileGone extends Error {
  constructor(readonly relPath: string) {
    super(`${relPath} was moved or removed while it was being read`);
  }
}

/**
 * Runs `pass` over the workspace's listing; when it throws because a listed file is gone
 * (ListedFileGone, or an ENOENT error from a read), forgets the listing and runs it again.
 * `lastTry` is true on the last of RELIST_ATTEMPTS passes: a pass that skips gone files
 * then skips them instead of throwing; any other error is thrown as it is.
 */
export async function relisting<T>(ws: Workspace, pass: (lastTry: boolean) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await pass(attempt === RELIST_ATTEMPTS);
    } catch (error) {
      if (attempt === RELIST_ATTEMPTS || !(error instanceof ListedFileGone || isGone(error))) throw error;
      ws.invalidate();
    }
  }
}
