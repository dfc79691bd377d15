// The board's index of every task file (board.md "Server"): built once from a long-lived
// Workspace, then kept current path by path from the watcher and from our own writes, so
// that listing, counting and filtering never read the disk. store.ts adds the operations.
import { statSync } from "node:fs";
import path from "node:path";
import { STATES, type State } from "../domain/enums.js";
import { compareForList, type ListFilters, matchesFilters } from "../domain/listing.js";
import { stateOfFolder } from "../domain/paths.js";
import type { Task } from "../domain/task.js";
import type { MutationOutcome } from "../services/changes.js";
import { moveTask } from "../services/move.js";
import { acceptanceOf, loadAll } from "../services/repo.js";
import { taskObject } from "../services/views.js";
import { readTaskText } from "../storage/read-text.js";
import {
  isBroken,
  loadFullYaml,
  parseRecord,
  type TaskFileRef,
  type TaskRecord,
} from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import type { TaskJson } from "./api-types.js";

interface Entry {
  task: Task;
  version: string;
  /**
   * The task object (`list --output json` plus acceptance). At start it is made at once
   * for open tasks only; done and canceled ones keep their record until it is needed or
   * until `completeIndex()` makes it, after the server answers.
   */
  json?: TaskJson;
  record?: TaskRecord;
  /** JSON.stringify(json), made once per version of the file (snapshots are built from it) */
  text?: string;
  /** the file (its body is read from disk only when a text search needs it) */
  absPath: string;
  /** the file's stats when it was read (`check()` compares them); unknown until taken */
  stamp?: Stamp;
}

/** What tells a file apart from its earlier self without reading it. */
interface Stamp {
  /** size, mtime, ctime, inode */
  key: string;
  /** the file changed less than RACY_MS before the stats were taken: may change unseen */
  racy: boolean;
}

/** Timestamps are coarser than a burst of writes: a file this fresh is read again to be sure. */
const RACY_MS = 2000;

const stampOf = (st: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): Stamp => ({
  key: `${st.size} ${st.mtimeMs} ${st.ctimeMs} ${st.ino}`,
  racy: Date.now() - Math.max(st.mtimeMs, st.ctimeMs) < RACY_MS,
});

/** What changed in the index after a refresh or a write. */
export interface IndexChange {
  upserted: TaskJson[];
  deleted: string[];
}

export interface TaskQuery {
  filters: ListFilters;
  /** case-insensitive text that the id or the title must contain (the board's text filter) */
  text?: string;
  offset: number;
  limit: number | undefined;
}

const jsonOf = (record: TaskRecord): TaskJson =>
  taskObject(record, { acceptance: acceptanceOf(record) }) as unknown as TaskJson;

export class BoardIndex {
  /** relPath → entry */
  protected readonly byPath = new Map<string, Entry>();
  /** id → the relPaths carrying it, the first one shown (duplicates are validate's business) */
  private readonly pathsOfId = new Map<string, string[]>();
  /** tasks per state, kept as entries come and go */
  private readonly counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
  /** relPath → why it could not be read */
  readonly broken = new Map<string, string>();

  constructor(readonly ws: Workspace) {}

  get root(): string {
    return this.ws.root;
  }

  /**
   * Reads every task file (through the parse cache, which is then saved for the next
   * start). In a watched Workspace the records of files not invalidated since the last
   * read are reused as they are.
   */
  async load(): Promise<void> {
    if (!this.ws.watched) this.ws.invalidate();
    this.ws.refresh();
    const repo = await loadAll(this.ws, { cache: true });
    const stamps = new Map([...this.byPath].map(([rel, e]) => [rel, e.stamp]));
    this.byPath.clear();
    this.pathsOfId.clear();
    for (const s of STATES) this.counts[s] = 0;
    this.broken.clear();
    for (const record of repo.records) {
      const { state } = record.task;
      this.put(record, stamps.get(record.ref.relPath), state === "done" || state === "canceled");
    }
    for (const b of repo.broken) this.broken.set(b.ref.relPath, b.message);
    this.ws.flush();
  }

  /**
   * Makes the task objects that `load()` left for later (done and canceled tasks: most
   * of a big repository, and only a page of them is shown at first), a small slice at a
   * time so that requests are answered meanwhile. What the parse cache learns from them
   * is saved by `flush()` when the server stops (saving 10,000 entries blocks for a while).
   */
  async completeIndex(): Promise<void> {
    const pending = [...this.byPath.values()].filter((e) => e.json === undefined);
    for (let i = 0; i < pending.length; i += 100) {
      for (const e of pending.slice(i, i + 100)) this.jsonOf(e);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Saves what reads taught the parse cache (for the next start). */
  flush(): void {
    this.ws.flush();
  }

  private put(record: TaskRecord, stamp?: Stamp, later = false): void {
    const rel = record.ref.relPath;
    if (this.byPath.has(rel)) this.drop(rel);
    const entry: Entry = {
      task: record.task,
      version: record.version,
      absPath: record.ref.absPath,
      stamp,
      ...(later ? { record } : { json: jsonOf(record) }),
    };
    this.byPath.set(rel, entry);
    this.counts[record.task.state]++;
    const paths = this.pathsOfId.get(record.task.id);
    if (paths) paths.push(rel);
    else this.pathsOfId.set(record.task.id, [rel]);
  }

  /** The entry's task object, made now if it was left for later. */
  private jsonOf(entry: Entry): TaskJson {
    if (entry.json) return entry.json;
    const record = entry.record!;
    entry.record = undefined;
    try {
      entry.json = jsonOf(record);
    } catch {
      // A record from the parse cache reads its body lazily and refuses when the file
      // changed since: shown without its progress until the watcher's re-read replaces it.
      entry.json = taskObject(record, { acceptance: { checked: 0, total: 0 } }) as unknown as TaskJson;
    }
    return entry.json;
  }

  private drop(relPath: string): string | undefined {
    const entry = this.byPath.get(relPath);
    this.broken.delete(relPath);
    if (!entry) return undefined;
    this.byPath.delete(relPath);
    this.counts[entry.task.state]--;
    const { id } = entry.task;
    const paths = this.pathsOfId.get(id)?.filter((p) => p !== relPath) ?? [];
    if (paths.length > 0) this.pathsOfId.set(id, paths);
    else this.pathsOfId.delete(id);
    return id;
  }

  private pathOf(id: string): string | undefined {
    return this.pathsOfId.get(id)?.[0];
  }

  /** The repository-relative paths of the files in the index under `tasks/<folder>/`. */
  pathsIn(folder: string): string[] {
    const prefix = `tasks/${folder}/`;
    const out: string[] = [];
    for (const rel of this.byPath.keys()) if (rel.startsWith(prefix)) out.push(rel);
    for (const rel of this.broken.keys()) if (rel.startsWith(prefix)) out.push(rel);
    return out;
  }

  /**
   * The watcher's safety net: stats every file in the index and re-reads those whose
   * stats changed since they were read (an event the watcher missed). Files not yet
   * stamped are only stamped. Resolves with what changed.
   */
  async check(): Promise<IndexChange> {
    const entries = [...this.byPath];
    const changed: string[] = [];
    // Synchronous stats in slices: a flood of asynchronous ones would queue a write's
    // file operations behind them in libuv's pool; between slices requests go first.
    const SLICE = 500;
    for (let i = 0; i < entries.length; i += SLICE) {
      for (const [rel, entry] of entries.slice(i, i + SLICE)) {
        let now: Stamp;
        try {
          now = stampOf(statSync(entry.absPath));
        } catch {
          changed.push(rel);
          continue;
        }
        if (entry.stamp === undefined) entry.stamp = now;
        else if (entry.stamp.key !== now.key || entry.stamp.racy) changed.push(rel);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return changed.length > 0 ? this.refreshPaths(changed) : { upserted: [], deleted: [] };
  }

  /**
   * Re-reads the given repository-relative paths (changed, created or removed files)
   * and reports the tasks whose content changed. A file whose version is unchanged
   * yields nothing, so our own writes are not reported twice.
   */
  async refreshPaths(relPaths: Iterable<string>): Promise<IndexChange> {
    const paths = [...new Set(relPaths)];
    this.ws.invalidate(paths);
    await loadFullYaml(); // a file the fast path cannot read needs the YAML library
    const upserted = new Map<string, TaskJson>();
    const removed = new Set<string>();
    for (const rel of paths) {
      const ref = refOf(this.root, rel);
      if (!ref) continue;
      let text: string;
      let stamp: Stamp;
      try {
        stamp = stampOf(statSync(ref.absPath));
        text = readTaskText(ref.absPath);
      } catch {
        const id = this.drop(rel);
        if (id !== undefined) removed.add(id);
        continue;
      }
      const record = parseRecord(ref, text);
      if (isBroken(record)) {
        const id = this.drop(rel);
        if (id !== undefined) removed.add(id);
        this.broken.set(rel, record.message);
        continue;
      }
      this.broken.delete(rel);
      const before = this.byPath.get(rel);
      if (before?.version === record.version) {
        before.stamp = stamp;
        continue;
      }
      if (before && before.task.id !== record.task.id) {
        const id = this.drop(rel);
        if (id !== undefined) removed.add(id);
      }
      this.put(record, stamp);
      upserted.set(record.task.id, this.get(record.task.id)!);
    }
    const deleted = [...removed].filter((id) => !this.pathsOfId.has(id));
    for (const id of removed) {
      const json = this.get(id);
      if (json && !upserted.has(id)) upserted.set(id, json);
    }
    return { upserted: [...upserted.values()], deleted };
  }

  /**
   * Readies the write path before the first write needs it: loads the YAML library and
   * the lock, and plans one move as a dry run (nothing is locked or written), so the
   * first card someone drags does not also pay for loading and compiling that code.
   */
  async warmUp(): Promise<void> {
    await loadFullYaml();
    await import("../storage/lock.js");
    const sample = [...this.byPath.values()].find((e) => e.task.state !== "canceled" && !e.task.blocked);
    if (!sample) return;
    const { id } = sample.task;
    const { version } = sample;
    await moveTask(this.ws, { id, state: "canceled", ifVersion: version, dryRun: true }).catch(
      () => undefined,
    );
  }

  /** Applies a service's outcome to the index: re-reads every path it touched. */
  async afterWrite(outcome: MutationOutcome<unknown>): Promise<IndexChange> {
    const paths = outcome.changes.flatMap((c) => (c.from ? [c.from, c.path] : [c.path]));
    return this.refreshPaths(paths);
  }

  get size(): number {
    return this.byPath.size;
  }

  totals(): Record<State, number> {
    return { ...this.counts };
  }

  /** The task object of `id`, or undefined. */
  get(id: string): TaskJson | undefined {
    const rel = this.pathOf(id);
    const entry = rel ? this.byPath.get(rel) : undefined;
    return entry && this.jsonOf(entry);
  }

  /** Tasks matching `filters`, sorted as `list` sorts them, then the requested page. */
  query({ filters, text, offset, limit }: TaskQuery): { tasks: TaskJson[]; total: number } {
    const needle = text?.toLowerCase();
    let childIds: Set<string> | undefined;
    if (filters.parent !== undefined) {
      childIds = new Set(this.get(filters.parent)?.children ?? []);
    }
    const matching = [...this.byPath.values()]
      .filter((e) => matchesFilters(e.task, () => bodyOf(e.absPath), filters, childIds))
      .filter((e) => !needle || e.task.id.includes(needle) || e.task.title.toLowerCase().includes(needle))
      .sort((a, b) => compareForList(a.task, b.task));
    const end = limit === undefined ? undefined : offset + limit;
    return { tasks: matching.slice(offset, end).map((e) => this.jsonOf(e)), total: matching.length };
  }

  /** The snapshot a page starts from: every open task, and a first page of each closed column. */
  snapshot(closedPage: number): { tasks: TaskJson[]; totals: Record<State, number> } {
    return { tasks: this.snapshotEntries(closedPage).map((e) => this.jsonOf(e)), totals: this.totals() };
  }

  /** The snapshot's task list as JSON text, joined from each task's cached text. */
  snapshotTasksText(closedPage: number): string {
    return `[${this.snapshotEntries(closedPage)
      .map((e) => {
        e.text ??= JSON.stringify(this.jsonOf(e));
        return e.text;
      })
      .join(",")}]`;
  }

  private snapshotEntries(closedPage: number): Entry[] {
    const sorted = [...this.byPath.values()].sort((a, b) => compareForList(a.task, b.task));
    const shown: Partial<Record<State, number>> = {};
    return sorted.filter((e) => {
      const { state } = e.task;
      if (state !== "done" && state !== "canceled") return true;
      shown[state] = (shown[state] ?? 0) + 1;
      return shown[state]! <= closedPage;
    });
  }
}

function bodyOf(absPath: string): string {
  try {
    const text = readTaskText(absPath);
    const end = text.indexOf("\n---", 4);
    return end === -1 ? text : text.slice(end + 4);
  } catch {
    return "";
  }
}

/** The file reference of a repository-relative path under tasks/<state folder>/, or null. */
export function refOf(root: string, relPath: string): TaskFileRef | null {
  const parts = relPath.split("/");
  if (parts.length !== 3 || parts[0] !== "tasks" || !parts[2]!.endsWith(".md")) return null;
  const folderState = stateOfFolder(parts[1]!);
  if (!folderState) return null;
  return { folderState, name: parts[2]!, relPath, absPath: path.join(root, relPath) };
}
