// The page's copy of the board: task objects by id, kept current from the snapshot
// and the change messages of /ws and from the answers to our own writes.

import { PRIORITIES, STATES, type State } from "../../domain/enums.js";
import type { ServerMessage, TaskJson } from "../api-types.js";
import type { Filters } from "./filters.js";

const STATE_RANK = new Map<string, number>(STATES.map((s, i) => [s, i]));
const PRIORITY_RANK = new Map<string, number>(PRIORITIES.map((p, i) => [p, i]));

/** The order `taskplain list` uses: state, priority (urgent first), id. */
export function compareTasks(a: TaskJson, b: TaskJson): number {
  return (
    STATE_RANK.get(a.state)! - STATE_RANK.get(b.state)! ||
    PRIORITY_RANK.get(b.priority)! - PRIORITY_RANK.get(a.priority)! ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function matchesFilters(task: TaskJson, f: Filters): boolean {
  if (f.kind && task.kind !== f.kind) return false;
  if (f.priority && task.priority !== f.priority) return false;
  if (f.executor && task.executor !== f.executor) return false;
  if (f.label && !(task.labels ?? []).includes(f.label)) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!task.id.includes(q) && !task.title.toLowerCase().includes(q)) return false;
  }
  return true;
}

export type ChangeListener = (changedIds: Set<string> | "all") => void;

/** A lease as `GET /api/leases` gives it (leases.md; domain/leases.ts LeaseView). */
export interface LeaseJson {
  task: string;
  holder: string;
  tool?: string;
  model?: string;
  status: "live" | "expiring" | "expired";
  age_seconds: number;
  heartbeat_age_seconds: number;
  expires_in_seconds: number;
  acquired_at: string;
  renewed_at: string;
  expires_at: string;
}

export class BoardModel {
  readonly tasks = new Map<string, TaskJson>();
  /** leases by task id (live, expiring and expired), refreshed by the page */
  leases = new Map<string, LeaseJson>();
  totals = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
  root = "";
  /**
   * Done and canceled load page by page: how many of each column, in list order and
   * unfiltered, are loaded; and for which filter (a URL query) a filtered fetch found no more.
   */
  closedPrefix: Record<"done" | "canceled", number> = { done: 0, canceled: 0 };
  closedExhausted: Record<"done" | "canceled", string | null> = { done: null, canceled: null };
  /** child id → id of the task that lists it in `children` (kept task by task) */
  private parents = new Map<string, string>();
  private listeners: ChangeListener[] = [];

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  private emit(changed: Set<string> | "all"): void {
    for (const l of this.listeners) l(changed);
  }

  apply(message: ServerMessage): void {
    if (message.type === "snapshot") {
      this.tasks.clear();
      for (const t of message.tasks) this.tasks.set(t.id, t);
      this.root = message.root;
      this.totals = message.totals;
      for (const state of ["done", "canceled"] as const) {
        this.closedPrefix[state] = this.loadedCount(state);
        this.closedExhausted[state] = null;
      }
      this.rebuildParents();
      this.emit("all");
      return;
    }
    const changed = new Set<string>();
    for (const t of message.upserted) {
      this.set(t);
      changed.add(t.id);
    }
    for (const id of message.deleted) {
      this.unset(id);
      changed.add(id);
    }
    this.totals = message.totals;
    this.emit(changed);
  }

  /** Records a task as the server answered it after one of our writes. */
  upsert(task: TaskJson): void {
    const before = this.tasks.get(task.id);
    if (before && before.state !== task.state) {
      this.totals[before.state]--;
      this.totals[task.state]++;
    }
    this.set(task);
    this.emit(new Set([task.id]));
  }

  /** Adds tasks fetched page by page (done and canceled columns). */
  addPage(tasks: TaskJson[]): void {
    for (const t of tasks) this.set(t);
    this.emit("all");
  }

  /** Stores one task, keeping the parent links of its children current. */
  private set(task: TaskJson): void {
    this.unlinkChildren(this.tasks.get(task.id));
    this.tasks.set(task.id, task);
    for (const c of task.children ?? []) this.parents.set(c, task.id);
  }

  private unset(id: string): void {
    this.unlinkChildren(this.tasks.get(id));
    this.tasks.delete(id);
  }

  private unlinkChildren(task: TaskJson | undefined): void {
    for (const c of task?.children ?? []) if (this.parents.get(c) === task!.id) this.parents.delete(c);
  }

  private rebuildParents(): void {
    this.parents = new Map();
    for (const t of this.tasks.values()) for (const c of t.children ?? []) this.parents.set(c, t.id);
  }

  parentOf(task: TaskJson): TaskJson | undefined {
    const id = this.parents.get(task.id) ?? task.parent;
    return id ? this.tasks.get(id) : undefined;
  }

  /** Tasks of one column that pass the filters, in list order. */
  column(state: State, filters: Filters): TaskJson[] {
    const out: TaskJson[] = [];
    for (const t of this.tasks.values()) if (t.state === state && matchesFilters(t, filters)) out.push(t);
    return out.sort(compareTasks);
  }

  /** How many loaded tasks of a column pass the filters. */
  count(state: State, filters: Filters): number {
    return this.counts(filters)[state];
  }

  /** How many loaded tasks of each column pass the filters (one pass over the tasks). */
  counts(filters: Filters): Record<State, number> {
    const out = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
    for (const t of this.tasks.values()) if (matchesFilters(t, filters)) out[t.state]++;
    return out;
  }

  loadedCount(state: State): number {
    let n = 0;
    for (const t of this.tasks.values()) if (t.state === state) n++;
    return n;
  }

  /** Every label in use, for the filter's choices. */
  labels(): string[] {
    const set = new Set<string>();
    for (const t of this.tasks.values()) for (const l of t.labels ?? []) set.add(l);
    return [...set].sort();
  }
}
