// The shape of a `taskplain stats` report, plus the dimension vocabulary of `--by`.
// Kept apart from the computation so renderers (CLI, CSV, the board) can depend on the
// types and the dimension order without pulling in the aggregation code.
//
// Conventions of the report (it is printed as-is by `--output json`):
// - keys are snake_case, durations are seconds;
// - every rate is a Proportion `{rate, n, ci}`: the fraction in 0..1, its sample size and
//   its 95 % Wilson interval (telemetry.md, "Routing"), so 1 of 1 never reads as "100 %";
// - a figure that is undefined for lack of data (a rate over zero attempts, a median of
//   nothing) is null, never 0, so "no data" cannot be mistaken for "always fails".
import {
  AMBIGUITIES,
  EXECUTORS,
  type ExecutionStatus,
  ISOLATIONS,
  KINDS,
  PRIORITIES,
  SIZES,
  type Size,
  type State,
} from "./enums.js";
import type { Proportion } from "./stats-interval.js";
import type { Task } from "./task.js";
import { compareText } from "./text-order.js";

export type { Proportion } from "./stats-interval.js";

export const STATS_DIMENSIONS = [
  "model",
  "tool",
  "ambiguity",
  "size",
  "executor",
  "isolation",
  "kind",
  "priority",
  "label",
] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

/**
 * The task fields the stats report reads of every task: its scope (state, activity, the
 * hierarchy of `--task`). A service may hand the report tasks holding only these, and
 * STATS_FIELDS for tasks with telemetry (`statsFields`; a projection kept per file,
 * services/projected.ts).
 */
export const SCOPE_FIELDS = ["id", "state", "parent", "children", "last_activity_at"] as const;
/** The task fields the stats report reads of a task with telemetry: the dimensions and its row. */
export const STATS_FIELDS = [
  ...SCOPE_FIELDS,
  "title",
  "kind",
  "priority",
  "size",
  "ambiguity",
  "executor",
  "isolation",
  "labels",
  "execution",
] as const;
/** A task with telemetry as the stats report sees it. */
export type TrackedTask = Pick<Task, (typeof STATS_FIELDS)[number]>;
/** A task without telemetry as the stats report sees it: only counted, or placed in time. */
export type UntrackedTask = Pick<Task, (typeof SCOPE_FIELDS)[number]> & { execution?: undefined };
/** A task as the stats report sees it. */
export type StatsTask = TrackedTask | UntrackedTask;

export const isStatsDimension = (value: string): value is StatsDimension =>
  (STATS_DIMENSIONS as readonly string[]).includes(value);

/**
 * How a task is placed in the cells of a dimension (telemetry.md, "Routing"):
 * - `task_field`: by the task's own frontmatter value (size, ambiguity, …);
 * - `attempt`: model/tool are properties of an attempt, not of the task. Per-attempt
 *   figures (attempts, success per attempt) count each attempt under its own model, so
 *   a task whose attempts used three models shows up under all three, each with only its
 *   own attempts. Per-task figures (first-try success, mean attempts per task) belong to
 *   the dispatch decision, i.e. the model of the chronologically first attempt: a rescuing
 *   model is never charged with the first model's failure, nor credited with its work;
 * - `each_label`: the task counts once under every label it has, `(none)` when it has
 *   none, so label cells may add up to more tasks than are in scope.
 */
export type StatsAttribution = "task_field" | "attempt" | "each_label";

export const DIMENSION_ATTRIBUTION: Record<StatsDimension, StatsAttribution> = {
  model: "attempt",
  tool: "attempt",
  ambiguity: "task_field",
  size: "task_field",
  executor: "task_field",
  isolation: "task_field",
  kind: "task_field",
  priority: "task_field",
  label: "each_label",
};

/** The cell value of tasks without labels. */
export const NO_LABEL = "(none)";

export interface StatsOptions {
  states?: State[];
  /** Absolute cutoff (epoch ms): keep tasks whose last_activity_at is at or after it. */
  sinceMs?: number;
  /** Keep only the N most recently active tasks left after the other filters. */
  limit?: number;
  /** Already-expanded scope (a task and its descendants); other ids are dropped. */
  taskIds?: Set<string>;
  by?: StatsDimension[];
  /** Only stamps `generated_at`; the computation never reads the clock itself. */
  now?: number;
}

export interface StatsFilters {
  states: State[] | null;
  since: string | null;
  limit: number | null;
  task_ids: string[] | null;
  by: StatsDimension[] | null;
}

export interface StatsScope {
  tasks: number;
  tasks_with_telemetry: number;
  tasks_without_telemetry: number;
  filters: StatsFilters;
}

export interface StatsSummary {
  tasks: number;
  tasks_with_telemetry: number;
  attempts: number;
  retries: number;
  execution_seconds: number;
  wall_clock_seconds: number;
  idle_seconds: number;
  mean_attempts_per_task: number | null;
  /** Per task: tasks whose first attempt completed, of tasks with telemetry. */
  first_try_success_rate: Proportion;
  /** Per task: tasks whose final attempt completed, of tasks with telemetry. */
  final_success_rate: Proportion;
}

export interface ExecutorStats {
  tool: string;
  model: string | null;
  /** Tasks with at least one attempt by this executor. */
  tasks: number;
  attempts: number;
  /** Per attempt: this executor's completed attempts of its attempts. */
  success_rate: Proportion;
  /** Per task: over the tasks whose first attempt used this executor (n = 0 when none). */
  first_try_success_rate: Proportion;
  median_duration_seconds: number | null;
  p90_duration_seconds: number | null;
  total_seconds: number;
}

export type StatsKey = Partial<Record<StatsDimension, string | null>>;

export interface StatsCell {
  key: StatsKey;
  /** Tasks with at least one attempt counted in this cell. */
  tasks: number;
  /** Attempts counted in this cell (per attempt: under their own model/tool). */
  attempts: number;
  /** Per task: n = tasks whose first attempt falls in this cell. */
  first_try_success_rate: Proportion;
  /** Per task: mean attempts (by any model) of the tasks whose first attempt falls here. */
  mean_attempts: number | null;
  /** Per attempt: completed attempts of the attempts in this cell. */
  success_rate: Proportion;
}

export interface StatsMatrix {
  dimensions: StatsDimension[];
  attribution: Partial<Record<StatsDimension, StatsAttribution>>;
  cells: StatsCell[];
}

export interface SizeEstimate {
  size: Size;
  tasks: number;
  median_execution_seconds: number | null;
  p90_execution_seconds: number | null;
  mean_execution_seconds: number | null;
}

export interface TaskStatsRow {
  id: string;
  title: string;
  state: State;
  kind: Task["kind"];
  size: Size;
  ambiguity: Task["ambiguity"];
  executor: Task["executor"];
  attempts: number;
  retries: number;
  execution_seconds: number;
  wall_clock_seconds: number;
  idle_seconds: number;
  final_status: ExecutionStatus | null;
  first_try_success: boolean;
  /** Distinct models in order of first use. */
  models: string[];
}

export interface StatsReport {
  generated_at: string | null;
  scope: StatsScope;
  summary: StatsSummary;
  executors: ExecutorStats[];
  /** Present only when dimensions were asked for. */
  by?: StatsMatrix;
  estimates: SizeEstimate[];
  /** Tasks in scope that have telemetry; tasks without it are only counted in `scope`. */
  tasks: TaskStatsRow[];
}

export { compareText };

const ENUM_ORDER: Partial<Record<StatsDimension, readonly string[]>> = {
  ambiguity: AMBIGUITIES,
  size: SIZES,
  executor: EXECUTORS,
  isolation: ISOLATIONS,
  kind: KINDS,
  priority: PRIORITIES,
};

/**
 * Order of two values of one dimension: enum dimensions in their natural order
 * (tiny → xl, low → high), free-text ones alphabetically; "no value" (null, `(none)`) last.
 */
export function compareDimensionValues(dim: StatsDimension, a: string | null, b: string | null): number {
  const missing = (v: string | null) => v === null || (dim === "label" && v === NO_LABEL);
  if (missing(a) || missing(b)) return Number(missing(a)) - Number(missing(b));
  const order = ENUM_ORDER[dim];
  if (order) {
    const ia = order.indexOf(a!);
    const ib = order.indexOf(b!);
    if (ia !== ib) return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
  }
  return compareText(a!, b!);
}
