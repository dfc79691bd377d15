// Who gets dispatched next: filter ready work down to what can start now, order it
// by the rules of `next` (see the CLI spec), then hand out up to `parallelize` tasks
// whose `touches` cannot collide with each other or with work already in progress.

import { cycleMembership, describeCycle } from "./dependencies.js";
import {
  AMBIGUITIES,
  EXECUTORS,
  type Executor,
  ISOLATIONS,
  type Kind,
  PRIORITIES,
  SIZES,
  type State,
} from "./enums.js";
import { ancestorsOf, buildHierarchy, type Hierarchy } from "./hierarchy.js";
import { type Clash, PathHolders } from "./path-holders.js";
import { isOpen, pickFields, type Task } from "./task.js";

/**
 * The task fields ranking reads of every task: for dependencies, children, ancestors and
 * the paths in use. A service may rank tasks holding only these, and READY_FIELDS for
 * ready work (`rankFields`; a projection kept per file, services/projected.ts).
 */
export const HELD_FIELDS = [
  "id",
  "kind",
  "parent",
  "children",
  "state",
  "isolation",
  "touches",
  "depends_on",
] as const;
/** The task fields ranking reads of ready work (HELD_FIELDS and what orders and filters it). */
export const READY_FIELDS = [
  ...HELD_FIELDS,
  "title",
  "blocked",
  "priority",
  "size",
  "ambiguity",
  "executor",
  "labels",
  "updated_at",
] as const;
/** Ready work as ranking sees it. */
export type ReadyTask = Pick<Task, (typeof READY_FIELDS)[number]> & { state: "ready" };
/** Any other task as ranking sees it. */
export type HeldTask = Pick<Task, (typeof HELD_FIELDS)[number]> & { state: Exclude<State, "ready"> };
/** A task as ranking sees it. */
export type RankTask = ReadyTask | HeldTask;

/** What ranking reads of `task`. */
export const rankFields = (task: Task): RankTask =>
  task.state === "ready"
    ? (pickFields(task, READY_FIELDS) as ReadyTask)
    : (pickFields(task, HELD_FIELDS) as HeldTask);

import { compareText } from "./text-order.js";

export interface RankOptions {
  /** How many mutually non-conflicting tasks to hand out (default 1). */
  parallelize?: number;
  /** The tier of whoever asks; tasks needing a higher tier are skipped. */
  executor?: Executor;
  kinds?: Kind[];
  /** A task qualifies when it carries any of these labels. */
  labels?: string[];
  /**
   * Live leases by task id (leases.md). A ready task under a live lease is skipped with
   * code `lease`, and its `touches` count as taken, like work in progress. Callers pass
   * only live (unexpired) leases; without this option nothing is leased.
   */
  leases?: ReadonlyMap<string, LeaseHold>;
}

/** Who holds a task's lease, as `next` reports it. */
export interface LeaseHold {
  holder: string;
  /** ISO 8601 expiry, shown in the reason when given. */
  expires_at?: string;
  /** set when the holder closed the task in that worktree and the change is not merged here (a done mark) */
  closed_in?: string;
}

/**
 * The sort keys behind a task's rank. `priority` is the enum position (higher is
 * more urgent, ranked first); every other number ranks lower-first.
 */
export interface RankScore {
  priority: number;
  parent_in_progress: boolean;
  size: number;
  /** Tiers between the task and the asking executor (0 = exact fit); the task's tier when none asked. */
  executor: number;
  ambiguity: number;
  isolation: number;
  updated_at: string;
}

export interface RankedTask
  extends Pick<
    Task,
    "id" | "title" | "priority" | "size" | "ambiguity" | "executor" | "isolation" | "touches"
  > {
  score: RankScore;
  reasons: string[];
}

/**
 * Why a ready task cannot be dispatched now. Not being among the first `parallelize`
 * picks is not a skip: such tasks are only counted in `NextResult.remaining`.
 */
export type SkipCode =
  | "blocked"
  | "dependency_cycle"
  | "dependencies"
  | "conflict"
  | "executor"
  | "has_open_children"
  | "lease"
  | "done_elsewhere";

export interface SkippedTask {
  id: string;
  reason: string;
  code: SkipCode;
  conflicts_with?: string[];
}

export interface NextResult {
  tasks: RankedTask[];
  /** Ready tasks that cannot start now, each with its real reason, in rank order. */
  skipped: SkippedTask[];
  /** Dispatchable tasks beyond the `parallelize` picks (not skipped: just not asked for). */
  remaining: number;
}

const HUMAN: Executor = "human_review";
// human_review sits last in EXECUTORS: a human can take any work, and only a human can take it.
const tier = (e: Executor): number => EXECUTORS.indexOf(e);

/** How an ancestor relates to a task: its parent, grandparent, … */
export const relationName = (depth: number): string =>
  depth === 0 ? "parent" : depth === 1 ? "grandparent" : `${"great-".repeat(depth - 1)}grandparent`;

interface Entry {
  task: ReadyTask;
  score: RankScore;
  /** The numeric keys of `score` packed into one number that sorts the same way. */
  key: number;
  /** The nearest ancestor in progress, and how far up it is (0 = parent). */
  active?: { ancestor: RankTask; depth: number };
  skip?: Omit<SkippedTask, "id">;
}

/**
 * The numeric sort keys of a score in one number, most significant first: priority
 * (higher first), an ancestor in progress (first), then size, executor, ambiguity and
 * isolation (lower first). Each key is an enum position, -1 for an unknown value, so
 * 3 bits each hold it once shifted by one.
 */
function packedKey(s: RankScore): number {
  let key = 6 - s.priority;
  key = key * 2 + (s.parent_in_progress ? 0 : 1);
  for (const k of [s.size, s.executor, s.ambiguity, s.isolation]) key = key * 8 + (k + 1);
  return key;
}

function compareEntries(a: Entry, b: Entry): number {
  return (
    a.key - b.key || compareText(a.score.updated_at, b.score.updated_at) || compareText(a.task.id, b.task.id)
  );
}

function executorSkip(task: ReadyTask, asked: Executor | undefined): string | undefined {
  if (task.executor === HUMAN && asked !== HUMAN) return "needs human review";
  if (asked && tier(task.executor) > tier(asked)) return `needs executor ${task.executor}, above ${asked}`;
  return undefined;
}

function reasonsFor(entry: Entry, asked: Executor | undefined): string[] {
  const t = entry.task;
  const out = [`priority ${t.priority}`];
  if (entry.active) {
    const { ancestor, depth } = entry.active;
    out.push(`${relationName(depth)} ${ancestor.kind} ${ancestor.id} in progress`);
  }
  out.push(`size ${t.size}`);
  out.push(
    asked && entry.score.executor === 0 ? `executor ${t.executor} (exact fit)` : `executor ${t.executor}`,
  );
  out.push(`ambiguity ${t.ambiguity}`, `isolation ${t.isolation}`);
  return out;
}

function toRanked(entry: Entry, asked: Executor | undefined): RankedTask {
  const t = entry.task;
  return {
    id: t.id,
    title: t.title,
    priority: t.priority,
    size: t.size,
    ambiguity: t.ambiguity,
    executor: t.executor,
    isolation: t.isolation,
    touches: [...t.touches],
    score: entry.score,
    reasons: reasonsFor(entry, asked),
  };
}

/**
 * Whether work in progress (or leased) holds any paths. An epic or story without
 * `touches` is a container: its work happens in its children, which hold their own
 * paths, so it blocks nothing, not even `isolation: global` work, unless it says
 * `isolation: global` itself.
 */
export const holdsPaths = (t: RankTask): boolean =>
  t.kind === "task" || t.touches.length > 0 || t.isolation === "global";

/** Ranks ready work and picks up to `parallelize` tasks that are safe to run together. */
export function rankReadyTasks(tasks: readonly RankTask[], options: RankOptions = {}): NextResult {
  const asked = options.executor;
  const limit = Math.max(1, Math.floor(options.parallelize ?? 1));
  const kinds = options.kinds && options.kinds.length > 0 ? new Set(options.kinds) : undefined;
  const labels = options.labels && options.labels.length > 0 ? new Set(options.labels) : undefined;
  const hierarchy = buildHierarchy(tasks);
  const { byId } = hierarchy;

  // One pass over every task: open children (found both from parents' `children` lists
  // and the legacy `parent` field), the paths in use (work in progress and leased ready
  // work, containers excepted, in task order), and the ready tasks.
  const withOpenChildren = new Set<string>();
  const taken = new PathHolders();
  const ready: ReadyTask[] = [];
  for (const t of tasks) {
    if (t.parent && isOpen(t.state)) withOpenChildren.add(t.parent);
    for (const c of t.children) {
      const child = byId.get(c);
      if (child && isOpen(child.state)) withOpenChildren.add(t.id);
    }
    if (t.state === "ready") ready.push(t);
    if ((t.state === "in-progress" || (t.state === "ready" && options.leases?.has(t.id))) && holdsPaths(t))
      taken.add(t);
  }

  const cycles = cycleMembership(tasks, byId);
  const entries: Entry[] = [];
  for (const task of ready) {
    if (kinds && !kinds.has(task.kind)) continue;
    if (labels && !task.labels.some((l) => labels.has(l))) continue;
    const active = activeAncestor(hierarchy, task.id);
    const taskTier = tier(task.executor);
    const score: RankScore = {
      priority: PRIORITIES.indexOf(task.priority),
      parent_in_progress: active !== undefined,
      size: SIZES.indexOf(task.size),
      executor: asked ? Math.max(0, tier(asked) - taskTier) : taskTier,
      ambiguity: AMBIGUITIES.indexOf(task.ambiguity),
      isolation: ISOLATIONS.indexOf(task.isolation),
      updated_at: task.updated_at,
    };
    const entry: Entry = { task, active, score, key: packedKey(score) };
    const lease = options.leases?.get(task.id);
    const cycle = cycles.get(task.id);
    entry.skip = lease
      ? leaseSkip(lease)
      : cycle
        ? {
            code: "dependency_cycle",
            reason: `can never start: ${describeCycle(cycle)} (taskplain validate names the fix)`,
          }
        : eligibility(task, byId, withOpenChildren, asked);
    entries.push(entry);
  }
  entries.sort(compareEntries);

  const result: NextResult = { tasks: [], skipped: [], remaining: 0 };
  let said: { clashes: readonly Clash[]; reason: string } | undefined;
  for (const entry of entries) {
    const { task } = entry;
    if (entry.skip) {
      result.skipped.push({ id: task.id, ...entry.skip });
      continue;
    }
    const clashes = taken.clashes(task);
    if (clashes.length > 0) {
      // global candidates share one list of clashes: its reason is written once
      if (clashes !== said?.clashes)
        said = { clashes, reason: `conflicts: ${clashes.map((c) => c.why).join("; ")}` };
      result.skipped.push({
        id: task.id,
        code: "conflict",
        reason: said.reason,
        conflicts_with: clashes.map((c) => c.id),
      });
      continue;
    }
    // Beyond the requested count a task is checked (a conflict is still its real
    // reason) but no longer taken: it is simply not among the picks.
    if (result.tasks.length >= limit) {
      result.remaining += 1;
      continue;
    }
    taken.add(task);
    result.tasks.push(toRanked(entry, asked));
  }
  return result;
}

/** The nearest ancestor in progress and how far up it is (0 = parent); stops on a cycle. */
function activeAncestor(h: Hierarchy<RankTask>, id: string): Entry["active"] {
  const ancestors = ancestorsOf(h, id);
  const depth = ancestors.findIndex((a) => a.state === "in-progress");
  return depth >= 0 ? { ancestor: ancestors[depth]!, depth } : undefined;
}

function leaseSkip(lease: LeaseHold): Omit<SkippedTask, "id"> {
  if (lease.closed_in)
    return {
      code: "done_elsewhere",
      reason: `closed by ${lease.holder} in ${lease.closed_in} (not merged here yet)`,
    };
  const until = lease.expires_at ? ` until ${lease.expires_at}` : "";
  return { code: "lease", reason: `leased by ${lease.holder}${until}` };
}

function eligibility(
  task: ReadyTask,
  byId: Map<string, RankTask>,
  withOpenChildren: Set<string>,
  asked: Executor | undefined,
): Omit<SkippedTask, "id"> | undefined {
  if (task.blocked) return { code: "blocked", reason: `blocked: ${JSON.stringify(task.blocked)}` };
  const unmet = task.depends_on
    .map((id) => ({ id, state: byId.get(id)?.state ?? "missing" }))
    .filter((d) => d.state !== "done");
  if (unmet.length > 0) {
    const list = unmet.map((d) => `${d.id} (${d.state})`).join(", ");
    return { code: "dependencies", reason: `waits on ${list}` };
  }
  if (task.kind !== "task" && withOpenChildren.has(task.id))
    return { code: "has_open_children", reason: `${task.kind} still has open children` };
  const executor = executorSkip(task, asked);
  if (executor) return { code: "executor", reason: executor };
  return undefined;
}
