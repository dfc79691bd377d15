// Filtering and ordering tasks the way `list` (and the board) shows them.
import { readableText } from "./body-text.js";
import {
  type Ambiguity,
  type Executor,
  type Isolation,
  type Kind,
  OPEN_STATES,
  PRIORITIES,
  type Priority,
  type Size,
  STATES,
  type State,
} from "./enums.js";
import type { Task } from "./task.js";

export interface ListFilters {
  states?: State[];
  open?: boolean;
  priorities?: Priority[];
  kinds?: Kind[];
  sizes?: Size[];
  ambiguities?: Ambiguity[];
  executors?: Executor[];
  isolations?: Isolation[];
  labels?: string[];
  /** direct children of this id */
  parent?: string;
  search?: RegExp;
  blocked?: boolean;
  withExecution?: boolean;
  limit?: number;
}

const STATE_RANK = new Map(STATES.map((s, i) => [s, i]));
const PRIORITY_RANK = new Map(PRIORITIES.map((p, i) => [p, i]));

/**
 * The state-then-priority part of the list order as one number (smaller first): sorting
 * by it, then by id, is the same as sorting with compareForList.
 */
export function listRank(task: Pick<Task, "state" | "priority">): number {
  return (
    STATE_RANK.get(task.state)! * PRIORITIES.length +
    (PRIORITIES.length - 1 - PRIORITY_RANK.get(task.priority)!)
  );
}

/** State order, then priority (urgent first), then id. */
export function compareForList(a: Task, b: Task): number {
  return (
    STATE_RANK.get(a.state)! - STATE_RANK.get(b.state)! ||
    PRIORITY_RANK.get(b.priority)! - PRIORITY_RANK.get(a.priority)! ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const within = <T>(values: T[] | undefined, value: T) =>
  !values || values.length === 0 || values.includes(value);

/** True when `filters` let every task through (`limit` aside): no filter given, or only empty ones. */
export function selectsAll(filters: ListFilters): boolean {
  for (const [key, value] of Object.entries(filters)) {
    if (key === "limit" || value === undefined || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    return false;
  }
  return true;
}

/**
 * The part of `matchesFilters` that needs only a task's state and priority: callers
 * holding those without the whole task (a parse-cache line) rule out most tasks first.
 */
export function matchesStateAndPriority(
  task: Pick<Task, "state" | "priority">,
  filters: ListFilters,
): boolean {
  if (!within(filters.states, task.state)) return false;
  if (filters.open && !OPEN_STATES.includes(task.state)) return false;
  return within(filters.priorities, task.priority);
}

/** `childIds` is the set of ids listed under `filters.parent` (computed once by the caller). */
export function matchesFilters(
  task: Task,
  /** the body, asked for only when searching */
  body: () => string,
  filters: ListFilters,
  childIds?: Set<string>,
): boolean {
  if (!matchesStateAndPriority(task, filters)) return false;
  if (!within(filters.kinds, task.kind)) return false;
  if (!within(filters.sizes, task.size)) return false;
  if (!within(filters.ambiguities, task.ambiguity)) return false;
  if (!within(filters.executors, task.executor)) return false;
  if (!within(filters.isolations, task.isolation)) return false;
  if (filters.labels && filters.labels.length > 0 && !filters.labels.some((l) => task.labels.includes(l)))
    return false;
  if (filters.parent !== undefined && !(childIds?.has(task.id) || task.parent === filters.parent))
    return false;
  if (filters.blocked !== undefined && Boolean(task.blocked) !== filters.blocked) return false;
  if (filters.withExecution !== undefined && Boolean(task.execution) !== filters.withExecution) return false;
  if (filters.search) {
    const re = filters.search;
    re.lastIndex = 0;
    // the body as a reader sees it: the template's guidance comments never match
    if (!re.test(task.id) && !re.test(task.title) && !re.test(readableText(body()))) return false;
  }
  return true;
}
