// Live updates (board.md "Live updates"): watchers on tasks/ feed changed paths, debounced,
// into the store; whatever really changed is pushed to every open page over /ws.
//
// chokidar watches tasks/ itself (state folders coming and going). The files inside the
// state folders are watched with one fs.watch per folder, which names the file that
// changed: chokidar would install a watcher per file (10,000 at 10,000 tasks, seconds at
// start) and re-list and lstat a whole folder on each change in it (every move). Missed
// events are caught by a cheap periodic look at the folders' stats and, when a page
// regains focus, by a stat of every file (BoardStore.check).
import { type FSWatcher as FsWatcher, watch as fsWatch, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { watch } from "chokidar";
import type { WebSocket } from "ws";
import { STATE_FOLDERS, STATES } from "../domain/enums.js";
import { CLOSED_PAGE_SIZE, type ServerMessage } from "./api-types.js";
import type { BoardStore, IndexChange } from "./store.js";

/** Quiet time after the last file event before the batch is read (ms). */
export const WATCH_DEBOUNCE_MS = 60;
/** Longest a batch of events waits for quiet before it is read anyway (ms). */
export const WATCH_MAX_WAIT_MS = 250;
/** How often the state folders' stats are compared with what the watcher reported (ms). */
export const FOLDER_CHECK_MS = 3000;
/** Delay after start before every file's stats are first taken (ms). */
const STAMP_DELAY_MS = 2000;
/** Least time between two full checks asked for by pages (ms). */
export const FULL_CHECK_MIN_MS = 5000;

export class LiveHub {
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly store: BoardStore) {}

  /** Called when a page asks the server to look for changes it may have missed (`{"type":"check"}`). */
  onCheck: () => void = () => undefined;

  /** Registers a page's socket and sends it the snapshot to start from. */
  add(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => this.sockets.delete(socket));
    socket.on("message", (data) => {
      try {
        if ((JSON.parse(String(data)) as { type?: unknown }).type === "check") this.onCheck();
      } catch {
        // not a message of ours: ignored
      }
    });
    socket.send(this.snapshotText());
  }

  /** The snapshot message as text, assembled from the store's per-task JSON (no re-serialisation). */
  private snapshotText(): string {
    const tasks = this.store.snapshotTasksText(CLOSED_PAGE_SIZE);
    const totals = JSON.stringify(this.store.totals());
    return `{"type":"snapshot","tasks":${tasks},"totals":${totals},"root":${JSON.stringify(this.store.root)}}`;
  }

  /** Pushes a change to every page (nothing when the change is empty). */
  publish(change: IndexChange): void {
    if (change.upserted.length === 0 && change.deleted.length === 0) return;
    this.send({ type: "changes", ...change, totals: this.store.totals() });
  }

  /** Sends every page a fresh snapshot (after a change too wide to describe, e.g. a folder vanished). */
  resync(): void {
    this.sendText(this.snapshotText());
  }

  private send(message: ServerMessage): void {
    this.sendText(JSON.stringify(message));
  }

  private sendText(text: string): void {
    for (const socket of this.sockets) {
      if (socket.readyState === socket.OPEN) socket.send(text);
    }
  }

  get connections(): number {
    return this.sockets.size;
  }

  closeAll(): void {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
  }
}

export interface TaskWatcher {
  /** Re-reads every file whose stats changed since it was read (throttled; for pages regaining focus). */
  check(): void;
  close(): Promise<void>;
}

interface FolderStamp {
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** when these stats were taken (ms) */
  at: number;
}

/**
 * A folder stamped this soon after it changed may change again without its stats
 * moving (timestamps are coarser than a burst of writes): it is listed once more.
 */
const RACY_MS = 2000;

const statOrNull = (dir: string): FolderStamp | null => {
  try {
    const st = statSync(dir);
    return st.isDirectory()
      ? { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, at: Date.now() }
      : null;
  } catch {
    return null;
  }
};

/** True when the folder is known not to have changed since `before` was taken. */
const unchanged = (before: FolderStamp | null | undefined, now: FolderStamp | null): boolean => {
  if (before === undefined) return false;
  if (before === null || now === null) return before === now;
  return (
    before.mtimeMs === now.mtimeMs &&
    before.ctimeMs === now.ctimeMs &&
    before.ino === now.ino &&
    before.at - Math.max(before.mtimeMs, before.ctimeMs) >= RACY_MS
  );
};

/**
 * Watches `<root>/tasks` and keeps `store` and the pages current. Resolves once the
 * watchers are in place, so a change made after it cannot be missed; what they see is
 * applied only after `after` (the store's first full read) settles, and the store's
 * Workspace is told of every changed path (`invalidate`), so it may run `watched`.
 */
export async function watchTasks(
  store: BoardStore,
  hub: LiveHub,
  after: Promise<unknown> = Promise.resolve(),
  options: {
    folderCheckMs?: number;
    /** false: no file events, only the periodic folder check (tests of the safety net) */
    watchFiles?: boolean;
  } = {},
): Promise<TaskWatcher> {
  const tasksDir = path.join(store.root, "tasks");
  const pending = new Set<string>();
  /** state folders whose listing must be compared with the index */
  const rescan = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<unknown> = after.catch(() => undefined);
  const folders = new Map<string, FsWatcher>();
  const stamps = new Map<string, FolderStamp | null>();

  /** Runs `work` after everything before it, reporting (never throwing) its failure. */
  const chain = (work: () => Promise<void>) => {
    running = running.then(async () => {
      if (closed) return;
      try {
        await work();
      } catch (error) {
        process.stderr.write(`taskplain web: could not re-read tasks: ${(error as Error).message}\n`);
      }
    });
  };

  const flush = () => {
    timer = undefined;
    const paths = [...pending];
    const lists = [...rescan];
    pending.clear();
    rescan.clear();
    chain(async () => {
      for (const folder of lists) {
        // the folder's files as they are now against the index: what came and went
        const dir = path.join(tasksDir, folder);
        stamps.set(folder, statOrNull(dir));
        let names: string[] = [];
        try {
          names = readdirSync(dir);
        } catch {
          // gone: every file the index had there is gone too
        }
        const onDisk = new Set(names.filter((n) => n.endsWith(".md")).map((n) => `tasks/${folder}/${n}`));
        const known = new Set(store.pathsIn(folder));
        for (const rel of known) if (!onDisk.has(rel)) paths.push(rel);
        for (const rel of onDisk) if (!known.has(rel)) paths.push(rel);
      }
      if (paths.length > 0) hub.publish(await store.refreshPaths(paths));
    });
  };
  /** when the oldest event of the pending batch came (a steady stream still flushes) */
  let batchStart = 0;
  const schedule = () => {
    if (closed) return;
    const now = Date.now();
    if (timer) clearTimeout(timer);
    else batchStart = now;
    const wait = Math.min(WATCH_DEBOUNCE_MS, Math.max(0, batchStart + WATCH_MAX_WAIT_MS - now));
    timer = setTimeout(flush, wait);
  };

  const watchFolder = (folder: string) => {
    if (folders.has(folder) || closed || options.watchFiles === false) return;
    const dir = path.join(tasksDir, folder);
    let watcher: FsWatcher;
    try {
      watcher = fsWatch(dir, (_event, name) => {
        if (name === null || name === undefined) rescan.add(folder);
        else if (String(name).endsWith(".md")) pending.add(`tasks/${folder}/${name}`);
        else return; // a temp file of an atomic write: its rename brings the .md event
        schedule();
      });
    } catch {
      return; // not there (yet): the folder check or chokidar's addDir brings it
    }
    watcher.on("error", () => {
      watcher.close();
      folders.delete(folder);
      rescan.add(folder);
      schedule();
    });
    folders.set(folder, watcher);
    stamps.set(folder, statOrNull(dir));
  };
  const unwatchFolder = (folder: string) => {
    folders.get(folder)?.close();
    folders.delete(folder);
  };
  const stateFolders = STATES.map((s) => STATE_FOLDERS[s]);
  for (const folder of stateFolders) watchFolder(folder);

  // chokidar on tasks/ alone (depth 0): a state folder created, removed or replaced
  const tree = watch(tasksDir, {
    ignoreInitial: true,
    depth: 0,
    ignored: (_file, stats) => Boolean(stats?.isFile()),
  });
  const onDir = (dir: string) => {
    const folder = path.basename(dir);
    if (dir === tasksDir || !stateFolders.includes(folder)) return;
    unwatchFolder(folder);
    watchFolder(folder);
    rescan.add(folder);
    schedule();
  };
  tree.on("addDir", onDir).on("unlinkDir", onDir);
  await new Promise<void>((resolve) => tree.once("ready", () => resolve()));

  // The safety net for events the watchers missed (an overflowing queue, a folder
  // replaced between two looks): five stats now and then; a folder whose stats moved
  // since the watcher last reported on it is listed again and compared with the index.
  const folderCheck = setInterval(() => {
    for (const folder of stateFolders) {
      const now = statOrNull(path.join(tasksDir, folder));
      const before = stamps.get(folder);
      if (unchanged(before, now)) continue;
      // a folder replaced (another inode) needs a new watcher: the old one watches nothing
      if (before?.ino !== now?.ino) unwatchFolder(folder);
      if (now && !folders.has(folder)) watchFolder(folder);
      rescan.add(folder);
    }
    if (rescan.size > 0) schedule();
  }, options.folderCheckMs ?? FOLDER_CHECK_MS);
  folderCheck.unref();
  // (A folder that changed, through events or not, is listed once more at the next look.)
  // Files are stamped a little after the first read (out of the way of the first pages):
  // the full check compares against these stamps.
  const stamping = setTimeout(() => chain(async () => void (await store.check())), STAMP_DELAY_MS);
  stamping.unref();

  let lastFullCheck = 0;
  return {
    check() {
      const now = Date.now();
      if (now - lastFullCheck < FULL_CHECK_MIN_MS) return;
      lastFullCheck = now;
      chain(async () => hub.publish(await store.check()));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(folderCheck);
      clearTimeout(stamping);
      for (const w of folders.values()) w.close();
      folders.clear();
      await tree.close();
      await running;
    },
  };
}
