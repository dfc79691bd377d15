// From telemetry to a decision (telemetry.md, "Routing: from telemetry to a decision"):
// rank every tool × model seen in the data by expected first-try success on a cell of
// tasks like the one at hand, falling back to coarser cells while the exact one has too
// few samples, and flag when the data cannot yet tell the best candidates apart.
// Pure: Task[] in, a JSON view out; `recommend` and `next` both print it.
import type { Ambiguity, Executor, Kind, Size } from "./enums.js";
import type { ExecutionAttempt } from "./schema.js";
import {
  betaPosteriorMean,
  intervalsOverlap,
  type Proportion,
  percentile,
  proportion,
  wilsonInterval,
} from "./stats-interval.js";
import type { Task } from "./task.js";
import { chronological } from "./telemetry.js";

/** The task fields a cell can be narrowed by, in the order cells are described. */
export const ROUTING_FIELDS = ["ambiguity", "size", "kind", "executor"] as const;
export type RoutingField = (typeof ROUTING_FIELDS)[number];

/** Describes the task to route: any subset of its fields (none = every task). */
export interface RoutingQuery {
  ambiguity?: Ambiguity;
  size?: Size;
  kind?: Kind;
  executor?: Executor;
}

/** Default of `--min-samples`: fewer tasks than this in a cell and it falls back. */
export const DEFAULT_MIN_SAMPLES = 5;

/** One task with telemetry, reduced to what routing needs. */
export interface RoutingSample {
  id: string;
  ambiguity: Ambiguity;
  size: Size;
  kind: Kind;
  executor: Executor;
  /** Attempts in chronological order. */
  attempts: { candidate: string; completed: boolean; seconds: number }[];
}

/** Tool × model of an attempt, as a key; `tool` alone when no model was recorded. */
const candidateKey = (a: ExecutionAttempt): string => {
  const tool = typeof a.executor?.tool === "string" && a.executor.tool !== "" ? a.executor.tool : "(unknown)";
  const model = typeof a.executor?.model === "string" && a.executor.model !== "" ? a.executor.model : null;
  return JSON.stringify([tool, model]);
};

/** The tasks that carry attempts, reduced to samples. Junk attempts (non-objects) are skipped. */
export function routingSamples(tasks: readonly Task[]): RoutingSample[] {
  const out: RoutingSample[] = [];
  for (const task of tasks) {
    const raw: unknown = task.execution?.attempts;
    if (!Array.isArray(raw) || raw.length === 0) continue;
    const clean = raw.filter(
      (a): a is ExecutionAttempt => a !== null && typeof a === "object" && !Array.isArray(a),
    );
    if (clean.length === 0) continue;
    out.push({
      id: task.id,
      ambiguity: task.ambiguity,
      size: task.size,
      kind: task.kind,
      executor: task.executor,
      attempts: chronological({ attempts: clean }).map((a) => ({
        candidate: candidateKey(a),
        completed: a.status === "completed",
        seconds: Number.isFinite(a.duration_seconds) ? a.duration_seconds : 0,
      })),
    });
  }
  return out;
}

/** One tool × model, scored on the chosen cell. */
export interface RoutingCandidate {
  tool: string;
  model: string | null;
  /** Posterior mean of Beta(1 + successes, 1 + failures) over first tries in the cell. */
  expected_success: number;
  /** Lower bound of the 95 % Wilson interval of the first-try rate (0 without first tries). */
  wilson_low: number;
  /** First tries in the cell: tasks first dispatched to this candidate, and how they went. */
  first_try: Proportion;
  successes: number;
  /** Per attempt: this candidate's attempts on the cell's tasks, any position. */
  attempts: number;
  /** Median and p90 duration of this candidate's completed attempts in the cell (seconds). */
  median_seconds_per_success: number | null;
  p90_seconds_per_success: number | null;
  /** Per task: over tasks first dispatched to it that got done, attempts until the first completed one. */
  mean_attempts_to_done: number | null;
}

/** A cell tried on the way to the level used. */
export interface RoutingLevel {
  level: string;
  cell: RoutingQuery;
  tasks: number;
}

export interface Recommendation {
  query: RoutingQuery & { min_samples: number };
  /** The level used: fields joined by `+` (`ambiguity+size`), or `all`. */
  level: string;
  cell: RoutingQuery;
  /** Tasks with telemetry in the cell used. */
  cell_tasks: number;
  /** True when the exact cell had fewer than min_samples tasks and a coarser one was used. */
  fallback: boolean;
  /** Every level tried, finest first, with its task count. */
  levels: RoutingLevel[];
  /** True when another candidate's 95 % interval overlaps the leader's: keep sampling. */
  explore: boolean;
  /** The leader, or null when there is no telemetry at all. */
  recommended: RoutingCandidate | null;
  /** Every tool × model seen anywhere in the data, best first. */
  candidates: RoutingCandidate[];
}

/** The short form `next --output json` attaches to each selected task. */
export interface RecommendedExecutor {
  tool: string;
  model: string | null;
  expected_success: number;
  level: string;
  explore: boolean;
}

/**
 * The cells to try, finest first (telemetry.md): every field asked for, then without
 * kind and executor tier, then ambiguity only, then size only, then all tasks. Levels
 * that would repeat one already listed, or narrow by a field not asked for, are left out.
 */
export function routingLevels(query: RoutingQuery): RoutingQuery[] {
  const pick = (fields: readonly RoutingField[]): RoutingQuery =>
    Object.fromEntries(fields.filter((f) => query[f] !== undefined).map((f) => [f, query[f]]));
  const levels = [pick(ROUTING_FIELDS), pick(["ambiguity", "size"]), pick(["ambiguity"]), pick(["size"]), {}];
  const seen = new Set<string>();
  return levels.filter((cell) => {
    const id = JSON.stringify(cell);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export const levelName = (cell: RoutingQuery): string => {
  const fields = ROUTING_FIELDS.filter((f) => cell[f] !== undefined);
  return fields.length > 0 ? fields.join("+") : "all";
};

const inCell = (s: RoutingSample, cell: RoutingQuery): boolean =>
  ROUTING_FIELDS.every((f) => cell[f] === undefined || cell[f] === s[f]);

const round = (v: number, decimals: number): number => Math.round(v * 10 ** decimals) / 10 ** decimals;
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function scoreCandidates(all: string[], samples: RoutingSample[]): RoutingCandidate[] {
  interface Acc {
    n: number;
    successes: number;
    attempts: number;
    successSeconds: number[];
    toDone: number[];
  }
  const accs = new Map<string, Acc>(
    all.map((k) => [k, { n: 0, successes: 0, attempts: 0, successSeconds: [], toDone: [] }]),
  );
  for (const s of samples) {
    for (const a of s.attempts) {
      const acc = accs.get(a.candidate)!;
      acc.attempts += 1;
      if (a.completed) acc.successSeconds.push(a.seconds);
    }
    const first = accs.get(s.attempts[0]!.candidate)!;
    first.n += 1;
    if (s.attempts[0]!.completed) first.successes += 1;
    const done = s.attempts.findIndex((a) => a.completed);
    if (done >= 0) first.toDone.push(done + 1);
  }
  const seconds = (values: number[], p: number) => {
    const v = percentile(values, p);
    return v === null ? null : round(v, 2);
  };
  return all.map((key) => {
    const [tool, model] = JSON.parse(key) as [string, string | null];
    const acc = accs.get(key)!;
    return {
      tool,
      model,
      expected_success: round(betaPosteriorMean(acc.successes, acc.n), 4),
      wilson_low: round(wilsonInterval(acc.successes, acc.n)?.[0] ?? 0, 4),
      first_try: proportion(acc.successes, acc.n),
      successes: acc.successes,
      attempts: acc.attempts,
      median_seconds_per_success: seconds(acc.successSeconds, 50),
      p90_seconds_per_success: seconds(acc.successSeconds, 90),
      mean_attempts_to_done:
        acc.toDone.length > 0 ? round(acc.toDone.reduce((x, y) => x + y, 0) / acc.toDone.length, 2) : null,
    };
  });
}

/** Best first: expected success, then Wilson lower bound, then more evidence, then name. */
function compareCandidates(a: RoutingCandidate, b: RoutingCandidate): number {
  return (
    b.expected_success - a.expected_success ||
    b.wilson_low - a.wilson_low ||
    b.first_try.n - a.first_try.n ||
    compareText(a.tool, b.tool) ||
    compareText(a.model ?? "\uffff", b.model ?? "\uffff")
  );
}

/** The 95 % interval of a candidate's first-try rate; [0, 1] when it has no first try here. */
const intervalOf = (c: RoutingCandidate): [number, number] => c.first_try.ci ?? [0, 1];

/**
 * Ranks every tool × model seen in `samples` for tasks like `query` (telemetry.md,
 * "Routing"). The cell used is the finest of routingLevels(query) holding at least
 * `minSamples` tasks (else `all`). Candidates are ordered by expected first-try success
 * (Beta(1, 1) posterior mean), then Wilson lower bound. `explore` is true when some other
 * candidate's 95 % interval overlaps the leader's. Throws RangeError for minSamples < 1.
 */
export function recommend(
  samples: readonly RoutingSample[],
  query: RoutingQuery,
  minSamples = DEFAULT_MIN_SAMPLES,
): Recommendation {
  if (!(Number.isInteger(minSamples) && minSamples >= 1))
    throw new RangeError(`minSamples must be an integer >= 1 (got ${minSamples})`);
  const keys = new Set<string>();
  for (const s of samples) for (const a of s.attempts) keys.add(a.candidate);
  const all = [...keys].sort(compareText);

  const levels: RoutingLevel[] = [];
  let chosen: { cell: RoutingQuery; members: RoutingSample[] } | undefined;
  for (const cell of routingLevels(query)) {
    const members = samples.filter((s) => inCell(s, cell));
    levels.push({ level: levelName(cell), cell, tasks: members.length });
    if (members.length >= minSamples || levelName(cell) === "all") {
      chosen = { cell, members };
      break;
    }
  }
  const { cell, members } = chosen!;
  const candidates = scoreCandidates(all, members).sort(compareCandidates);
  const leader = candidates[0] ?? null;
  const explore =
    leader !== null && candidates.slice(1).some((c) => intervalsOverlap(intervalOf(leader), intervalOf(c)));
  return {
    query: { ...query, min_samples: minSamples },
    level: levelName(cell),
    cell,
    cell_tasks: members.length,
    fallback: levels.length > 1,
    levels,
    explore,
    recommended: leader,
    candidates,
  };
}

/** The short recommendation `next` attaches to a task (null without any telemetry). */
export function recommendedExecutor(
  samples: readonly RoutingSample[],
  task: Pick<Task, "ambiguity" | "size">,
  minSamples = DEFAULT_MIN_SAMPLES,
): RecommendedExecutor | null {
  const r = recommend(samples, { ambiguity: task.ambiguity, size: task.size }, minSamples);
  if (!r.recommended) return null;
  return {
    tool: r.recommended.tool,
    model: r.recommended.model,
    expected_success: r.recommended.expected_success,
    level: r.level,
    explore: r.explore,
  };
}

/**
 * `recommended_executor` for each task `next` selected, from the telemetry of `all` tasks
 * (samples are gathered only when something was selected). Aligned with `picks`.
 */
export function recommendationsFor(
  all: readonly Task[],
  picks: readonly Pick<Task, "ambiguity" | "size">[],
  minSamples = DEFAULT_MIN_SAMPLES,
): (RecommendedExecutor | null)[] {
  if (picks.length === 0) return [];
  const samples = routingSamples(all);
  return picks.map((p) => recommendedExecutor(samples, p, minSamples));
}

/** `model 86%` (tool when no model), `?` appended when explore: the short `next` column. */
export const shortRecommendation = (r: RecommendedExecutor | null): string =>
  r === null ? "-" : `${r.model ?? r.tool} ${Math.round(r.expected_success * 100)}%${r.explore ? "?" : ""}`;
