// Live updates: a chokidar watcher on tasks/ feeds changed paths, debounced, into the
// store; whatever really changed is pushed to every open page over /ws (board.md "Live").
import path from "node:path";
import { type FSWatcher, watch } from "chokidar";
import type { WebSocket } from "ws";
import { CLOSED_PAGE_SIZE, type ServerMessage } from "./api-types.js";
import type { BoardStore, IndexChange } from "./store.js";

/** Quiet time after the last file event before the batch is read (ms). */
export const WATCH_DEBOUNCE_MS = 60;

export class LiveHub {
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly store: BoardStore) {}

  /** Registers a page's socket and sends it the snapshot to start from. */
  add(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => this.sockets.delete(socket));
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

/**
 * Watches `<root>/tasks` and keeps `store` and the pages current. Resolves once the
 * watcher is ready, so a change made after it cannot be missed; what it sees is applied
 * only after `after` (the store's first full read) settles.
 */
export async function watchTasks(
  store: BoardStore,
  hub: LiveHub,
  after: Promise<unknown> = Promise.resolve(),
): Promise<FSWatcher> {
  const tasksDir = path.join(store.root, "tasks");
  const pending = new Set<string>();
  let full = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = after.catch(() => undefined);
  const flush = () => {
    timer = undefined;
    const paths = [...pending];
    const reloadAll = full;
    pending.clear();
    full = false;
    running = running.then(async () => {
      try {
        if (reloadAll) {
          await store.load();
          hub.resync();
        } else {
          hub.publish(await store.refreshPaths(paths));
        }
      } catch (error) {
        process.stderr.write(`taskplain web: could not re-read tasks: ${(error as Error).message}\n`);
      }
    });
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, WATCH_DEBOUNCE_MS);
  };
  const watcher = watch(tasksDir, {
    ignoreInitial: true,
    depth: 1,
    ignored: (file, stats) => Boolean(stats?.isFile()) && !file.endsWith(".md"),
  });
  const onFile = (file: string) => {
    if (!file.endsWith(".md")) return;
    pending.add(path.relative(store.root, file).split(path.sep).join("/"));
    schedule();
  };
  const onDir = (dir: string) => {
    if (dir === tasksDir) return;
    full = true;
    schedule();
  };
  watcher.on("add", onFile).on("change", onFile).on("unlink", onFile);
  watcher.on("addDir", onDir).on("unlinkDir", onDir);
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  const close = watcher.close.bind(watcher);
  watcher.close = async () => {
    if (timer) clearTimeout(timer);
    await close();
    await running;
  };
  return watcher;
}
