// Read-your-writes for a long-lived Workspace without a stat of every file on every read
// (the MCP server; issue 17). On Linux, inotify queues a change to a watched folder while
// the writing process is still inside its write(), rename() or unlink() call. A request
// sent after a write is therefore always behind that write's event, and letting the event
// loop poll once more (`settle`) delivers the event to the workspace before the request
// is answered. The workspace can then run `watched`: a read reuses the records it kept and
// reads again only the files an event named.
//
// Nowhere else is that order certain (macOS's FSEvents report late; kqueue does not see an
// edit inside a folder), so elsewhere nothing is watched and each read stats every file,
// as it does when a watcher fails. A folder replaced, a `tasks/` moved, a folder whose
// stats changed with no event from it, or a burst of events as big as inotify's queue
// (what it drops, should the queue overflow) makes the next read look at every file again.
import { type FSWatcher, watch as fsWatch, lstatSync, statSync } from "node:fs";
import path from "node:path";
import { STATE_FOLDERS, STATES } from "../domain/enums.js";
import type { Workspace } from "./workspace.js";

export interface FolderEvents {
  /**
   * Resolves once every change made before the call has been reported to the workspace
   * (after the loop polled once more) and the watched folders checked to still be the
   * ones watched, and unchanged but for what their events said (a stat each): call it,
   * instead of `Workspace.refresh`, before each request's reads.
   */
  settle(): Promise<void>;
  /** Stops watching; the workspace stats every file again. */
  close(): void;
}

/**
 * Whether every change to the task file at `absPath` shows as an event of its folder: not
 * so for a symbolic link (its target may be edited elsewhere) or a file with other hard
 * links (it may be edited through one of them). A watched workspace keeps the records of
 * other files only (repository.ts), and reads these on every read. False when it cannot
 * be told.
 */
export function seenByFolderWatch(absPath: string): boolean {
  try {
    const st = lstatSync(absPath);
    return st.isFile() && st.nlink === 1;
  } catch {
    return false;
  }
}

/** A folder's mtime and ctime as text ("" when it cannot be stat'ed). */
const stampOf = (dir: string): string => {
  try {
    const st = statSync(dir);
    return `${st.mtimeMs} ${st.ctimeMs}`;
  } catch {
    return "";
  }
};

const inodeOf = (dir: string): number | undefined => {
  try {
    return statSync(dir).ino;
  } catch {
    return undefined;
  }
};

/**
 * Watches `<root>/tasks` and its state folders, reporting every change to `ws`
 * (`invalidate`), and sets `ws.watched`. Returns null, leaving `ws` as it is, where the
 * order above is not certain (`platform` other than linux) or `tasks/` cannot be watched.
 */
export function watchFolders(ws: Workspace, platform: string = process.platform): FolderEvents | null {
  if (platform !== "linux") return null;
  const tasksDir = path.join(ws.root, "tasks");
  /** directory → its watcher and the inode it watches */
  const watchers = new Map<string, { watcher: FSWatcher; ino: number }>();
  let closed = false;
  /** events since the last settle(), and the folders they came from */
  let events = 0;
  const told = new Set<string>();
  /** each state folder's stats (mtime, ctime) at the last settle() */
  const stamps = new Map<string, string>();

  const unwatch = (dir: string) => {
    watchers.get(dir)?.watcher.close();
    watchers.delete(dir);
  };
  const stop = () => {
    for (const dir of [...watchers.keys()]) unwatch(dir);
    ws.watched = false;
    ws.invalidate();
  };
  const watch = (dir: string, onEvent: (name: string | null) => void): boolean => {
    const ino = inodeOf(dir);
    if (ino === undefined) return false;
    try {
      const watcher = fsWatch(dir, { persistent: false }, (_event, name) =>
        onEvent(name ? String(name) : null),
      );
      watcher.on("error", () => {
        // a watcher that fails could miss changes: look at every file from now on
        closed = true;
        stop();
      });
      watchers.set(dir, { watcher, ino });
      return true;
    } catch {
      return false;
    }
  };
  const watchStateFolders = () => {
    for (const state of STATES) {
      const folder = STATE_FOLDERS[state];
      const dir = path.join(tasksDir, folder);
      if (watchers.has(dir)) continue;
      // a missing folder is not watched: the watcher of tasks/ sees it come
      watch(dir, (name) => {
        events += 1;
        told.add(dir);
        ws.invalidate(name ? [`tasks/${folder}/${name}`] : undefined);
      });
    }
  };
  const rewatch = () => {
    ws.invalidate();
    for (const dir of [...watchers.keys()]) if (dir !== tasksDir) unwatch(dir);
    watchStateFolders();
  };
  // tasks/ itself: a state folder created, removed or replaced
  if (!watch(tasksDir, rewatch)) return null;
  watchStateFolders();
  ws.watched = true;

  return {
    async settle() {
      // The first immediate may run before the loop polls again (when called from an I/O
      // callback); the second runs after a whole poll phase, which read every event queued
      // before this call.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      if (closed) {
        ws.refresh(); // unwatched now: the folders are looked at, each read stats every file
        return;
      }
      if (inodeOf(tasksDir) !== watchers.get(tasksDir)?.ino) {
        // tasks/ itself was moved or replaced: its watcher watches something else now
        unwatch(tasksDir);
        if (!watch(tasksDir, rewatch)) {
          closed = true;
          stop();
          return;
        }
        rewatch();
        return;
      }
      for (const state of STATES) {
        const dir = path.join(tasksDir, STATE_FOLDERS[state]);
        if (inodeOf(dir) !== watchers.get(dir)?.ino) {
          rewatch();
          return;
        }
      }
      // The safety net for events the kernel dropped (an overflowing queue, 16,384 events
      // by default): a folder whose stats moved without an event from it, or a burst of
      // events that big, makes the next read look at every file. (Files coming or going
      // move their folder's stats; an edit in place does not, and is always an event.)
      let unsure = events >= 8192;
      for (const state of STATES) {
        const dir = path.join(tasksDir, STATE_FOLDERS[state]);
        const stamp = stampOf(dir);
        if (stamps.has(dir) && stamps.get(dir) !== stamp && !told.has(dir)) unsure = true;
        stamps.set(dir, stamp);
      }
      events = 0;
      told.clear();
      if (unsure) ws.invalidate();
    },
    close() {
      closed = true;
      stop();
    },
  };
}
