// `taskplain stats` as pure data: everything the command shows, computed from tasks (StatsTask: the fields it reads)
// so the CLI, JSON/CSV output and the board all read the same figures. Per-task
// semantics (retries, wall clock, idle, final status, first try) come from telemetry.ts;
// this module only scopes tasks and aggregates those figures. The report's types and
// conventions are in stats-types.ts; every rate is a Proportion {rate, n, ci} (rounded to
// 4 decimals), means are rounded to 2, and percentiles interpolate linearly between
// closest ranks (stats-interval.ts), so a median of two values is their mean.
import { SIZES } from "./enums.js";
import type { ExecutionAttempt } from "./schema.js";
import { percentile, proportion, roundedMean } from "./stats-interval.js";
import { attemptModel, attemptTool, buildMatrix } from "./stats-matrix.js";
import {
  compareDimensionValues,
  compareText,
  type ExecutorStats,
  SCOPE_FIELDS,
  type SizeEstimate,
  STATS_FIELDS,
  type StatsOptions,
  type StatsReport,
  type StatsTask,
  type TaskStatsRow,
  type TrackedTask,
} from "./stats-types.js";
import { pickFields, type Task } from "./task.js";
import { chronological, summarizeExecution, validAttempts } from "./telemetry.js";
import { parseAge, timestampMs } from "./timestamps.js";

export { statsToCsv } from "./stats-format.js";
export { median, type Proportion, percentile, proportion, wilsonInterval } from "./stats-interval.js";
export { attemptModel, attemptTool } from "./stats-matrix.js";
export * from "./stats-types.js";

// ---------------------------------------------------------------------------------
// Small numeric helpers

const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};
const mean = roundedMean;
/** Percentiles of seconds, rounded to 2 decimals (an interpolated median may be x.5). */
const seconds = (values: readonly number[], p: number): number | null => {
  const v = percentile(values, p);
  return v === null ? null : round(v, 2);
};

// ---------------------------------------------------------------------------------
// Per-task analysis

interface Analyzed {
  task: StatsTask;
  activityMs: number;
  /** Attempts sorted by start; empty when the task has no telemetry. */
  attempts: ExecutionAttempt[];
  /** The task's figures; null when it has no telemetry (such rows are never reported). */
  row: TaskStatsRow | null;
}

/** A task with telemetry, as the aggregates below see it. */
type WithTelemetry = Analyzed & { task: TrackedTask; row: TaskStatsRow };

const attemptSeconds = (a: ExecutionAttempt): number =>
  Number.isFinite(a.duration_seconds) ? a.duration_seconds : 0;
const NO_ATTEMPTS: ExecutionAttempt[] = [];

/** What the stats report reads of `task`: every field when it has valid attempts, its scope otherwise. */
export const statsFields = (task: Task): StatsTask =>
  validAttempts(task.execution).length > 0 ? pickFields(task, STATS_FIELDS) : pickFields(task, SCOPE_FIELDS);

function analyze(task: StatsTask, clean = validAttempts(task.execution)): Analyzed {
  const activityMs = timestampMs(task.last_activity_at);
  // (a task with valid attempts has its execution, and so every field: TrackedTask)
  if (clean.length === 0 || task.execution === undefined)
    return { task, activityMs, attempts: NO_ATTEMPTS, row: null };
  const execution = { attempts: clean };
  const attempts = chronological(execution);
  const s = summarizeExecution(execution, attempts);
  const models: string[] = [];
  for (const a of attempts) {
    const m = attemptModel(a);
    if (m !== null && !models.includes(m)) models.push(m);
  }
  return {
    task,
    activityMs,
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
// Executors and estimates

function buildExecutors(analyzed: WithTelemetry[]): ExecutorStats[] {
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
  // tool → model → figures; `list` in order of first appearance
  const byTool = new Map<string, Map<string | null, Acc>>();
  const list: Acc[] = [];
  const accOf = (a: ExecutionAttempt): Acc => {
    // A missing tool is a validation error; keep the attempt visible instead of dropping it.
    const tool = attemptTool(a) ?? "(unknown)";
    const model = attemptModel(a);
    let models = byTool.get(tool);
    if (!models) {
      models = new Map();
      byTool.set(tool, models);
    }
    let acc = models.get(model);
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
      models.set(model, acc);
      list.push(acc);
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
  return list
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
function buildEstimates(analyzed: WithTelemetry[]): SizeEstimate[] {
  const bySize = new Map<string, number[]>();
  for (const t of analyzed) {
    const values = bySize.get(t.task.size);
    if (values) values.push(t.row.execution_seconds);
    else bySize.set(t.task.size, [t.row.execution_seconds]);
  }
  return SIZES.flatMap((size) => {
    const values = bySize.get(size);
    if (!values) return [];
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
export function computeStats(tasks: readonly StatsTask[], options: StatsOptions = {}): StatsReport {
  const { states, sinceMs, limit, taskIds } = options;
  const dims = options.by ? [...new Set(options.by)] : [];
  const cut = limit !== undefined && Number.isFinite(limit);
  // Without --since and --limit a task without telemetry is only counted.
  const keepEvery = cut || sinceMs !== undefined;
  let scoped: Analyzed[] = [];
  let counted = 0; // tasks in scope left out of `scoped`
  for (const t of tasks) {
    if ((taskIds && !taskIds.has(t.id)) || (states && !states.includes(t.state))) continue;
    const clean = validAttempts(t.execution);
    if (!keepEvery && clean.length === 0) {
      counted += 1;
      continue;
    }
    const a = analyze(t, clean);
    if (sinceMs === undefined || (!Number.isNaN(a.activityMs) && a.activityMs >= sinceMs)) scoped.push(a);
  }
  scoped.sort(byActivityDesc);
  if (cut) scoped = scoped.slice(0, Math.max(0, limit));
  const inScope = scoped.length + counted;
  const withTelemetry = scoped.filter((t): t is WithTelemetry => t.row !== null);

  const total = { attempts: 0, retries: 0, execution: 0, wall: 0, idle: 0, firstTry: 0, final: 0 };
  for (const { row } of withTelemetry) {
    total.attempts += row.attempts;
    total.retries += row.retries;
    total.execution += row.execution_seconds;
    total.wall += row.wall_clock_seconds;
    total.idle += row.idle_seconds;
    if (row.first_try_success) total.firstTry += 1;
    if (row.final_status === "completed") total.final += 1;
  }
  const attempts = total.attempts;
  const n = withTelemetry.length;

  const report: StatsReport = {
    generated_at: options.now === undefined ? null : new Date(options.now).toISOString(),
    scope: {
      tasks: inScope,
      tasks_with_telemetry: n,
      tasks_without_telemetry: inScope - n,
      filters: {
        states: states ? [...states] : null,
        since: sinceMs === undefined ? null : new Date(sinceMs).toISOString(),
        limit: limit ?? null,
        task_ids: taskIds ? [...taskIds].sort(compareText) : null,
        by: dims.length > 0 ? dims : null,
      },
    },
    summary: {
      tasks: inScope,
      tasks_with_telemetry: n,
      attempts,
      retries: total.retries,
      execution_seconds: total.execution,
      wall_clock_seconds: total.wall,
      idle_seconds: total.idle,
      mean_attempts_per_task: mean(attempts, n),
      first_try_success_rate: proportion(total.firstTry, n),
      final_success_rate: proportion(total.final, n),
    },
    executors: buildExecutors(withTelemetry),
    estimates: buildEstimates(withTelemetry),
    tasks: withTelemetry.map((t) => t.row),
  };
  if (dims.length > 0) {
    // Insert before `estimates` so the JSON reads in the same order as the human output.
    const { estimates, tasks: rows, ...head } = report;
    const matrixTasks = withTelemetry.map((t) => ({
      task: t.task,
      attempts: t.attempts,
      firstTrySuccess: t.row.first_try_success,
    }));
    return { ...head, by: buildMatrix(matrixTasks, dims), estimates, tasks: rows };
  }
  return report;
}
