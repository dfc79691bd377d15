// The `--by` matrix of `taskplain stats` (telemetry.md): tasks with telemetry grouped by
// one or two dimensions. Task-level dimensions place the whole task; attempt-level ones
// (model, tool) place each attempt under its own value. See StatsAttribution.
import type { ExecutionAttempt } from "./schema.js";
import { proportion, roundedMean } from "./stats-interval.js";
import {
  compareDimensionValues,
  DIMENSION_ATTRIBUTION,
  NO_LABEL,
  type StatsAttribution,
  type StatsDimension,
  type StatsKey,
  type StatsMatrix,
  type TrackedTask,
} from "./stats-types.js";

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
/** The tool an attempt names, or null when it names none. */
export const attemptTool = (a: ExecutionAttempt | undefined): string | null => text(a?.executor?.tool);
/** The model an attempt names, or null when it names none. */
export const attemptModel = (a: ExecutionAttempt | undefined): string | null => text(a?.executor?.model);

/** What the matrix needs of one task with telemetry. */
export interface MatrixTask {
  task: TrackedTask;
  /** Attempts sorted by start (at least one). */
  attempts: ExecutionAttempt[];
  firstTrySuccess: boolean;
}

/** The values a task takes in a task-level dimension (several only for labels). */
function taskValues(dim: StatsDimension, task: TrackedTask): (string | null)[] {
  if (dim === "label") {
    const labels = [...new Set(task.labels)];
    return labels.length > 0 ? labels : [NO_LABEL];
  }
  return [task[dim as Exclude<StatsDimension, "label" | "model" | "tool">]];
}

/** The value of an attempt-level dimension (model, tool) for one attempt. */
const attemptValue = (dim: StatsDimension, a: ExecutionAttempt | undefined): string | null =>
  dim === "model" ? attemptModel(a) : (attemptTool(a) ?? "(unknown)");

interface Acc {
  values: (string | null)[];
  taskIds: Set<string>;
  attempts: number;
  completed: number;
  firstTasks: number;
  firstTry: number;
  firstTaskAttempts: number;
}

/** Cells by their values, one nested map level per dimension; `list` in order of creation. */
class Cells {
  readonly list: Acc[] = [];
  private readonly root = new Map<string | null, unknown>();

  /** The cell of `values` (copied when the cell is new). */
  get(values: readonly (string | null)[]): Acc {
    let level = this.root;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      let next = level.get(values[i]!) as Map<string | null, unknown> | undefined;
      if (!next) {
        next = new Map();
        level.set(values[i]!, next);
      }
      level = next;
    }
    let acc = level.get(values[last]!) as Acc | undefined;
    if (!acc) {
      acc = {
        values: [...values],
        taskIds: new Set(),
        attempts: 0,
        completed: 0,
        firstTasks: 0,
        firstTry: 0,
        firstTaskAttempts: 0,
      };
      level.set(values[last]!, acc);
      this.list.push(acc);
    }
    return acc;
  }
}

/**
 * The `--by` matrix over `tasks` (each with at least one attempt) for one or more
 * dimensions: per cell, tasks, attempts, first-try rate and mean attempts (from the
 * tasks whose first attempt lands in it) and success per attempt, cells in dimension order.
 */
export function buildMatrix(tasks: readonly MatrixTask[], dims: StatsDimension[]): StatsMatrix {
  const cells = new Cells();
  const perAttempt = dims.map((d) => DIMENSION_ATTRIBUTION[d] === "attempt");
  const place: (string | null)[] = dims.map(() => null);
  for (const t of tasks) {
    // Cartesian product of the task-level values; only labels make it more than one.
    let combos: (string | null)[][] = [[]];
    dims.forEach((dim, i) => {
      const values = perAttempt[i] ? [null] : taskValues(dim, t.task);
      combos = combos.flatMap((prefix) => values.map((v) => [...prefix, v]));
    });
    const fill = (combo: (string | null)[], a: ExecutionAttempt | undefined) => {
      for (let i = 0; i < dims.length; i++) place[i] = perAttempt[i] ? attemptValue(dims[i]!, a) : combo[i]!;
      return cells.get(place);
    };
    for (const combo of combos) {
      for (const a of t.attempts) {
        const acc = fill(combo, a);
        acc.taskIds.add(t.task.id);
        acc.attempts += 1;
        if (a.status === "completed") acc.completed += 1;
      }
      const first = fill(combo, t.attempts[0]);
      first.firstTasks += 1;
      first.firstTaskAttempts += t.attempts.length;
      if (t.firstTrySuccess) first.firstTry += 1;
    }
  }
  const sorted = cells.list.sort((x, y) => {
    for (let i = 0; i < dims.length; i++) {
      const c = compareDimensionValues(dims[i]!, x.values[i]!, y.values[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  const attribution: Partial<Record<StatsDimension, StatsAttribution>> = {};
  for (const dim of dims) attribution[dim] = DIMENSION_ATTRIBUTION[dim];
  return {
    dimensions: dims,
    attribution,
    cells: sorted.map((acc) => ({
      key: Object.fromEntries(dims.map((d, i) => [d, acc.values[i]!])) as StatsKey,
      tasks: acc.taskIds.size,
      attempts: acc.attempts,
      first_try_success_rate: proportion(acc.firstTry, acc.firstTasks),
      mean_attempts: roundedMean(acc.firstTaskAttempts, acc.firstTasks),
      success_rate: proportion(acc.completed, acc.attempts),
    })),
  };
}
