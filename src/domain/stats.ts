// `taskplain stats` as pure data: everything the command shows, computed from Task[]
// so the CLI, JSON/CSV output and the board all read the same figures. Per-task
// semantics (retries, wall clock, idle, final status, first try) come from telemetry.ts;
// this module only scopes tasks and aggregates those figures. The report's types and
// conventions are in stats-types.ts; every rate is a Proportion {rate, n, ci} (rounded to
// 4 decimals), means are rounded to 2, and percentiles interpolate linearly between
// closest ranks (stats-interval.ts), so a median of two values is their mean.
import { SIZES } from "./enums.js";
import type { ExecutionAttempt, TaskExecution } from "./schema.js";
import { percentile, proportion } from "./stats-interval.js";
import {
  compareDimensionValues,
  compareText,
  DIMENSION_ATTRIBUTION,
  type ExecutorStats,
  NO_LABEL,
  type SizeEstimate,
  type StatsAttribution,
  type StatsDimension,
  type StatsKey,
  type StatsMatrix,
  type StatsOptions,
  type StatsReport,
  type TaskStatsRow,
} from "./stats-types.js";
import type { Task } from "./task.js";
import { chronological, summarizeExecution } from "./telemetry.js";
import { parseAge, timestampMs } from "./timestamps.js";

export { statsToCsv } from "./stats-format.js";
export { median, type Proportion, percentile, proportion, wilsonInterval } from "./stats-interval.js";
export * from "./stats-types.js";

// ---------------------------------------------------------------------------------
// Small numeric helpers

const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};
const mean = (total: number, count: number): number | null => (count > 0 ? round(total / count, 2) : null);
/** Percentiles of seconds, rounded to 2 decimals (an interpolated median may be x.5). */
const seconds = (values: readonly number[], p: number): number | null => {
  const v = percentile(values, p);
  return v === null ? null : round(v, 2);
};

// ---------------------------------------------------------------------------------
// Per-task analysis

interface Analyzed {
  task: Task;
  activityMs: number;
  /** Attempts sorted by start; empty when the task has no telemetry. */
  attempts: ExecutionAttempt[];
  row: TaskStatsRow;
}

// Tasks are normalized tolerantly, so an invalid file may hold junk attempts; stats skip
// non-objects rather than crash on a repository that `validate` would flag anyway.
function cleanExecution(task: Task): TaskExecution | undefined {
  const raw: unknown = task.execution?.attempts;
  if (!Array.isArray(raw)) return undefined;
  const attempts = raw.filter(
    (a): a is ExecutionAttempt => a !== null && typeof a === "object" && !Array.isArray(a),
  );
  return attempts.length > 0 ? { ...task.execution, attempts } : undefined;
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
export const attemptTool = (a: ExecutionAttempt | undefined): string | null => text(a?.executor?.tool);
export const attemptModel = (a: ExecutionAttempt | undefined): string | null => text(a?.executor?.model);
const attemptSeconds = (a: ExecutionAttempt): number =>
  Number.isFinite(a.duration_seconds) ? a.duration_seconds : 0;

function analyze(task: Task): Analyzed {
  const execution = cleanExecution(task);
  const attempts = chronological(execution);
  const s = summarizeExecution(execution);
  const models = [...new Set(attempts.map(attemptModel).filter((m): m is string => m !== null))];
  return {
    task,
    activityMs: timestampMs(task.last_activity_at),
    attempts,
    row: {
      id: task.id,
      title: task.title,
      state: task.state,
      kind: task.kind,
      size: task.size,
      ambiguity: task.ambiguity,
      executor: task.executor,
      attempts: s.attempts,
      retries: s.retries,
      execution_seconds: s.execution_seconds,
      wall_clock_seconds: s.wall_clock_seconds,
      idle_seconds: s.idle_seconds,
      final_status: s.final_status,
      first_try_success: s.first_try_success,
      models,
    },
  };
}

/** Most recently active first; id breaks ties so output never depends on input order. */
function byActivityDesc(a: Analyzed, b: Analyzed): number {
  const ta = Number.isNaN(a.activityMs) ? Number.NEGATIVE_INFINITY : a.activityMs;
  const tb = Number.isNaN(b.activityMs) ? Number.NEGATIVE_INFINITY : b.activityMs;
  if (ta !== tb) return tb - ta;
  return compareText(a.task.id, b.task.id);
}

// ---------------------------------------------------------------------------------
// Dimensions

/** The values a task takes in a task-level dimension (several only for labels). */
function taskValues(dim: StatsDimension, t: Analyzed): (string | null)[] {
  if (dim === "label") {
    const labels = [...new Set(t.task.labels)];
    return labels.length > 0 ? labels : [NO_LABEL];
  }
  return [t.task[dim as Exclude<StatsDimension, "label" | "model" | "tool">]];
}

/** The value of an attempt-level dimension (model, tool) for one attempt. */
const attemptValue = (dim: StatsDimension, a: ExecutionAttempt | undefined): string | null =>
  dim === "model" ? attemptModel(a) : (attemptTool(a) ?? "(unknown)");

/**
 * The `--by` matrix. Task-level dimensions place the whole task; attempt-level ones
 * (model, tool) place each attempt under its own value, and the task's per-task figures
 * (first try, attempts per task) under its first attempt's value. See StatsAttribution.
 */
function buildMatrix(analyzed: Analyzed[], dims: StatsDimension[]): StatsMatrix {
  interface Acc {
    values: (string | null)[];
    taskIds: Set<string>;
    attempts: number;
    completed: number;
    firstTasks: number;
    firstTry: number;
    firstTaskAttempts: number;
  }
  const cells = new Map<string, Acc>();
  const accOf = (values: (string | null)[]): Acc => {
    const id = JSON.stringify(values);
    let acc = cells.get(id);
    if (!acc) {
      acc = {
        values,
        taskIds: new Set(),
        attempts: 0,
        completed: 0,
        firstTasks: 0,
        firstTry: 0,
        firstTaskAttempts: 0,
      };
      cells.set(id, acc);
    }
    return acc;
  };
  const perAttempt = dims.map((d) => DIMENSION_ATTRIBUTION[d] === "attempt");
  for (const t of analyzed) {
    // Cartesian product of the task-level values; only labels make it more than one.
    let combos: (string | null)[][] = [[]];
    dims.forEach((dim, i) => {
      const values = perAttempt[i] ? [null] : taskValues(dim, t);
      combos = combos.flatMap((prefix) => values.map((v) => [...prefix, v]));
    });
    const place = (combo: (string | null)[], a: ExecutionAttempt | undefined) =>
      combo.map((v, i) => (perAttempt[i] ? attemptValue(dims[i]!, a) : v));
    for (const combo of combos) {
      for (const a of t.attempts) {
        const acc = accOf(place(combo, a));
        acc.taskIds.add(t.task.id);
        acc.attempts += 1;
        if (a.status === "completed") acc.completed += 1;
      }
      const first = accOf(place(combo, t.attempts[0]));
      first.firstTasks += 1;
      first.firstTaskAttempts += t.attempts.length;
      if (t.row.first_try_success) first.firstTry += 1;
    }
  }
  const sorted = [...cells.values()].sort((x, y) => {
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
      mean_attempts: mean(acc.firstTaskAttempts, acc.firstTasks),
      success_rate: proportion(acc.completed, acc.attempts),
    })),
  };
}

// ---------------------------------------------------------------------------------
// Executors and estimates

function buildExecutors(analyzed: Analyzed[]): ExecutorStats[] {
  interface Acc {
    tool: string;
    model: string | null;
    taskIds: Set<string>;
    durations: number[];
    completed: number;
    total: number;
    firstTasks: number;
    firstSuccesses: number;
  }
  const map = new Map<string, Acc>();
  const accOf = (a: ExecutionAttempt): Acc => {
    // A missing tool is a validation error; keep the attempt visible instead of dropping it.
    const tool = attemptTool(a) ?? "(unknown)";
    const model = attemptModel(a);
    const id = JSON.stringify([tool, model]);
    let acc = map.get(id);
    if (!acc) {
      acc = {
        tool,
        model,
        taskIds: new Set(),
        durations: [],
        completed: 0,
        total: 0,
        firstTasks: 0,
        firstSuccesses: 0,
      };
      map.set(id, acc);
    }
    return acc;
  };
  for (const t of analyzed) {
    for (const a of t.attempts) {
      const acc = accOf(a);
      acc.taskIds.add(t.task.id);
      acc.durations.push(attemptSeconds(a));
      acc.total += attemptSeconds(a);
      if (a.status === "completed") acc.completed += 1;
    }
    const first = t.attempts[0];
    if (first) {
      const acc = accOf(first);
      acc.firstTasks += 1;
      if (first.status === "completed") acc.firstSuccesses += 1;
    }
  }
  return [...map.values()]
    .sort(
      (x, y) =>
        y.durations.length - x.durations.length ||
        compareText(x.tool, y.tool) ||
        compareDimensionValues("model", x.model, y.model),
    )
    .map((acc) => ({
      tool: acc.tool,
      model: acc.model,
      tasks: acc.taskIds.size,
      attempts: acc.durations.length,
      success_rate: proportion(acc.completed, acc.durations.length),
      first_try_success_rate: proportion(acc.firstSuccesses, acc.firstTasks),
      median_duration_seconds: seconds(acc.durations, 50),
      p90_duration_seconds: seconds(acc.durations, 90),
      total_seconds: acc.total,
    }));
}

/** Sizes that have tasks with telemetry, in size order (tiny → xl). */
function buildEstimates(analyzed: Analyzed[]): SizeEstimate[] {
  return SIZES.flatMap((size) => {
    const values = analyzed.filter((t) => t.task.size === size).map((t) => t.row.execution_seconds);
    if (values.length === 0) return [];
    return [
      {
        size,
        tasks: values.length,
        median_execution_seconds: seconds(values, 50),
        p90_execution_seconds: seconds(values, 90),
        mean_execution_seconds: mean(
          values.reduce((s, v) => s + v, 0),
          values.length,
        ),
      },
    ];
  });
}

// ---------------------------------------------------------------------------------
// Entry point

/**
 * The `--since` cutoff in epoch ms: an age back from `nowMs` (`7d`, `4w`, `3m` = months,
 * `1y`) or a date (`2026-03-01`, taken as midnight UTC) or an ISO 8601 date-time.
 * Null when the text is neither (the CLI turns that into a usage error).
 */
export function sinceCutoff(text: string, nowMs: number): number | null {
  const age = parseAge(text, "months");
  if (age !== null) return nowMs - age;
  const trimmed = text.trim();
  const asDate = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00.000Z` : trimmed;
  const ms = timestampMs(asDate);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Computes the whole `taskplain stats` report. Scope = tasks passing `taskIds`, `states`
 * and `sinceMs`, then cut to the `limit` most recently active. Tasks in scope without
 * attempts are counted in `scope` but contribute to no rate, since an absent record says
 * nothing about how the work went.
 */
export function computeStats(tasks: Task[], options: StatsOptions = {}): StatsReport {
  const { states, sinceMs, limit, taskIds } = options;
  const dims = options.by ? [...new Set(options.by)] : [];
  let scoped = tasks
    .filter((t) => !taskIds || taskIds.has(t.id))
    .filter((t) => !states || states.includes(t.state))
    .map(analyze)
    .filter((t) => sinceMs === undefined || (!Number.isNaN(t.activityMs) && t.activityMs >= sinceMs))
    .sort(byActivityDesc);
  if (limit !== undefined && Number.isFinite(limit)) scoped = scoped.slice(0, Math.max(0, limit));
  const withTelemetry = scoped.filter((t) => t.attempts.length > 0);

  const sum = (pick: (r: TaskStatsRow) => number) => withTelemetry.reduce((s, t) => s + pick(t.row), 0);
  const attempts = sum((r) => r.attempts);
  const n = withTelemetry.length;

  const report: StatsReport = {
    generated_at: options.now === undefined ? null : new Date(options.now).toISOString(),
    scope: {
      tasks: scoped.length,
      tasks_with_telemetry: n,
      tasks_without_telemetry: scoped.length - n,
      filters: {
        states: states ? [...states] : null,
        since: sinceMs === undefined ? null : new Date(sinceMs).toISOString(),
        limit: limit ?? null,
        task_ids: taskIds ? [...taskIds].sort(compareText) : null,
        by: dims.length > 0 ? dims : null,
      },
    },
    summary: {
      tasks: scoped.length,
      tasks_with_telemetry: n,
      attempts,
      retries: sum((r) => r.retries),
      execution_seconds: sum((r) => r.execution_seconds),
      wall_clock_seconds: sum((r) => r.wall_clock_seconds),
      idle_seconds: sum((r) => r.idle_seconds),
      mean_attempts_per_task: mean(attempts, n),
      first_try_success_rate: proportion(withTelemetry.filter((t) => t.row.first_try_success).length, n),
      final_success_rate: proportion(
        withTelemetry.filter((t) => t.row.final_status === "completed").length,
        n,
      ),
    },
    executors: buildExecutors(withTelemetry),
    estimates: buildEstimates(withTelemetry),
    tasks: withTelemetry.map((t) => t.row),
  };
  if (dims.length > 0) {
    // Insert before `estimates` so the JSON reads in the same order as the human output.
    const { estimates, tasks: rows, ...head } = report;
    return { ...head, by: buildMatrix(withTelemetry, dims), estimates, tasks: rows };
  }
  return report;
}
