// The board's one door to the repository (board.md "Server", quality.md "Three front
// doors, one core"): a long-lived Workspace, and an index of every task file built once
// from it, then kept current path by path from the watcher and from our own writes. Writes
// go through the same services, lock, ChangeSet and atomic writes as the CLI. Everything
// the HTTP routes know about tasks comes from here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { AMBIGUITIES, SIZES, STATES, type State } from "../domain/enums.js";
import { compareForList, type ListFilters, matchesFilters } from "../domain/listing.js";
import { stateOfFolder } from "../domain/paths.js";
import { DEFAULT_MIN_SAMPLES, recommendedExecutor, routingData } from "../domain/routing.js";
import { computeStats, type StatsDimension, type StatsReport } from "../domain/stats.js";
import type { Task } from "../domain/task.js";
import type { MutationOutcome } from "../services/changes.js";
import { type CreateInput, createTask } from "../services/create.js";
import { deleteTask } from "../services/delete.js";
import { moveTask } from "../services/move.js";
import { acceptanceOf, loadAll } from "../services/repo.js";
import { showTask } from "../services/show.js";
import { updateTask } from "../services/update.js";
import { taskObject } from "../services/views.js";
import {
  isBroken,
  loadFullYaml,
  parseRecord,
  type TaskFileRef,
  type TaskRecord,
} from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import type { RecommendationTable, TaskDetailJson, TaskJson } from "./api-types.js";

interface Entry {
  task: Task;
  json: TaskJson;
  /** JSON.stringify(json), made once per version of the file (snapshots are built from it) */
  text?: string;
  /** the body, kept only while a text search needs it (read lazily from disk otherwise) */
  absPath: string;
}

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

export class BoardStore {
  /** relPath → entry */
  private readonly byPath = new Map<string, Entry>();
  /** id → relPath (the first file seen for an id; duplicates are validate's business) */
  private readonly pathOfId = new Map<string, string>();
  /** relPath → why it could not be read */
  readonly broken = new Map<string, string>();

  constructor(readonly ws: Workspace) {}

  get root(): string {
    return this.ws.root;
  }

  /** Reads every task file (through the parse cache, which is then saved for the next start). */
  async load(): Promise<void> {
    this.ws.invalidate();
    const repo = await loadAll(this.ws, { cache: true });
    this.byPath.clear();
    this.pathOfId.clear();
    this.broken.clear();
    for (const record of repo.records) this.put(record);
    for (const b of repo.broken) this.broken.set(b.ref.relPath, b.message);
    this.ws.flush();
  }

  private put(record: TaskRecord): TaskJson {
    const json = jsonOf(record);
    this.byPath.set(record.ref.relPath, { task: record.task, json, absPath: record.ref.absPath });
    if (!this.pathOfId.has(record.task.id)) this.pathOfId.set(record.task.id, record.ref.relPath);
    return json;
  }

  private drop(relPath: string): string | undefined {
    const entry = this.byPath.get(relPath);
    this.broken.delete(relPath);
    if (!entry) return undefined;
    this.byPath.delete(relPath);
    const { id } = entry.task;
    if (this.pathOfId.get(id) === relPath) {
      this.pathOfId.delete(id);
      for (const [p, e] of this.byPath) {
        if (e.task.id === id) {
          this.pathOfId.set(id, p);
          break;
        }
      }
    }
    return id;
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
      try {
        text = readFileSync(ref.absPath, "utf8");
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
      if (this.byPath.get(rel)?.json.version === record.version) continue;
      const before = this.byPath.get(rel);
      if (before && before.task.id !== record.task.id) {
        const id = this.drop(rel);
        if (id !== undefined) removed.add(id);
      }
      upserted.set(record.task.id, this.put(record));
    }
    const deleted = [...removed].filter((id) => !this.pathOfId.has(id));
    for (const id of removed) {
      const rel = this.pathOfId.get(id);
      if (rel && !upserted.has(id)) upserted.set(id, this.byPath.get(rel)!.json);
    }
    return { upserted: [...upserted.values()], deleted };
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
    const out = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
    for (const e of this.byPath.values()) out[e.task.state]++;
    return out;
  }

  /** The task object of `id`, or undefined. */
  get(id: string): TaskJson | undefined {
    const rel = this.pathOfId.get(id);
    return rel ? this.byPath.get(rel)?.json : undefined;
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
    return { tasks: matching.slice(offset, end).map((e) => e.json), total: matching.length };
  }

  /** The snapshot a page starts from: every open task, and a first page of each closed column. */
  snapshot(closedPage: number): { tasks: TaskJson[]; totals: Record<State, number> } {
    return { tasks: this.snapshotEntries(closedPage).map((e) => e.json), totals: this.totals() };
  }

  /** The snapshot's task list as JSON text, joined from each task's cached text. */
  snapshotTasksText(closedPage: number): string {
    return `[${this.snapshotEntries(closedPage)
      .map((e) => {
        e.text ??= JSON.stringify(e.json);
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

  /** The `show --output json` object of one task (read fresh from disk). */
  async show(id: string): Promise<TaskDetailJson> {
    this.ws.refresh();
    return (await showTask(this.ws, id)).view as unknown as TaskDetailJson;
  }

  /** `new`: creates a task (and updates its parent's children). */
  async create(input: CreateInput): Promise<{ task: TaskJson; change: IndexChange }> {
    const outcome = await createTask(this.ws, input);
    const change = await this.afterWrite(outcome);
    return { task: this.get(outcome.result.record.task.id)!, change };
  }

  /** `update`: metadata (a null value unsets the key) and/or the whole body, version-checked. */
  async update(
    id: string,
    input: { version: string; meta?: Record<string, unknown>; body?: string },
  ): Promise<{ task: TaskJson; change: IndexChange }> {
    const outcome = await updateTask(this.ws, {
      id,
      ifVersion: input.version,
      meta: Object.entries(input.meta ?? {}),
      fields: input.body === undefined ? [] : [["body", input.body]],
    });
    const change = await this.afterWrite(outcome);
    return { task: this.get(id)!, change };
  }

  /** `move`: a new state (same rules as the CLI, cascades included), version-checked. */
  async move(
    id: string,
    input: { version: string; state: State; force?: boolean; cascade?: "ready" | "cancel" },
  ): Promise<{ task: TaskJson; change: IndexChange }> {
    const outcome = await moveTask(this.ws, {
      id,
      state: input.state,
      ifVersion: input.version,
      force: input.force,
      cascade: input.cascade,
    });
    const change = await this.afterWrite(outcome);
    return { task: this.get(id)!, change };
  }

  /** `delete`: removes the file and the references to it, version-checked. */
  async remove(id: string, input: { version: string; force?: boolean }): Promise<{ change: IndexChange }> {
    const outcome = await deleteTask(this.ws, { id, ifVersion: input.version, force: input.force });
    return { change: await this.afterWrite(outcome) };
  }

  /**
   * The executor `recommend` would pick for each ambiguity × size (telemetry.md,
   * "Routing"), over every task in the index: the Insights view's recommendation table.
   */
  recommendations(): RecommendationTable {
    const data = routingData([...this.byPath.values()].map((e) => e.task));
    const cells = AMBIGUITIES.flatMap((ambiguity) =>
      SIZES.map((size) => ({ ambiguity, size, recommended: recommendedExecutor(data, { ambiguity, size }) })),
    );
    return { min_samples: DEFAULT_MIN_SAMPLES, cells };
  }

  /** The `stats --output json` object over every task in the index. */
  stats(by: StatsDimension[] | undefined): StatsReport {
    const tasks = [...this.byPath.values()].map((e) => e.task);
    return computeStats(tasks, { by, now: this.ws.clock.now() });
  }
}

function bodyOf(absPath: string): string {
  try {
    const text = readFileSync(absPath, "utf8");
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
