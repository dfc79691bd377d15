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
import { chronological, validAttempts } from "./telemetry.js";
import { compareText } from "./text-order.js";

/** The task fields a cell can be narrowed by, in the order cells are described. */
export const ROUTING_FIELDS = ["ambiguity", "size", "kind", "executor"] as const;
export type RoutingField = (typeof ROUTING_FIELDS)[number];
/** A task as routing sees it: its cell fields and its telemetry. */
export type RoutingTask = Pick<Task, RoutingField | "execution">;

/** Describes the task to route: any subset of its fields (none = every task). */
export interface RoutingQuery {
  ambiguity?: Ambiguity;
  size?: Size;
  kind?: Kind;
  executor?: Executor;
}

/** Default of `--min-samples`: fewer tasks than this in a cell and it falls back. */
export const DEFAULT_MIN_SAMPLES = 5;

/** What routing keeps of one tool × model over a group of tasks. */
interface Tally {
  /** Tasks whose first attempt it made, and how many of those landed first try. */
  n: number;
  successes: number;
  /** Its attempts at any position. */
  attempts: number;
  /** Durations of its completed attempts (seconds). */
  successSeconds: number[];
  /** For tasks it got first and that got done: attempts until the first completed one. */
  toDone: number[];
}

/** Tasks with telemetry sharing the four routing fields, tallied per candidate. */
interface Group {
  fields: Required<RoutingQuery>;
  tasks: number;
  tallies: Map<string, Tally>;
}

/**
 * The telemetry of a repository reduced once to what routing needs: tasks with attempts
 * grouped by ambiguity × size × kind × executor tier (at most 180 groups), each tallied
 * per tool × model, so that any cell is a sum over a few groups.
 */
export interface RoutingData {
  /** Every tool × model seen, as keys, in code-unit order. */
  candidates: string[];
  groups: Group[];
}

const SEP = "\u0000";
/** Tool × model of an attempt, as a key; the tool alone when no model was recorded. */
const candidateKey = (a: ExecutionAttempt): string => {
  const tool = typeof a.executor?.tool === "string" && a.executor.tool !== "" ? a.executor.tool : "(unknown)";
  const model = typeof a.executor?.model === "string" && a.executor.model !== "" ? a.executor.model : "";
  return `${tool}${SEP}${model}`;
};
const tally = (): Tally => ({ n: 0, successes: 0, attempts: 0, successSeconds: [], toDone: [] });

/**
 * What routing keeps of one task with telemetry: its cell fields, and its valid attempts
 * in chronological order, each as [tool × model key, completed?, duration in seconds
 * (0 when not a finite number)]. Plain JSON: a service may keep it per file.
 */
export interface RoutingSample extends Required<RoutingQuery> {
  attempts: [candidate: string, completed: boolean, seconds: number][];
}

/** The routing sample of a task; null when it has no valid attempt (junk attempts, non-objects, are skipped). */
export function routingSample(task: RoutingTask): RoutingSample | null {
  const clean = validAttempts(task.execution);
  if (clean.length === 0) return null;
  // One attempt (the common case) needs no sorting, and so no timestamp parsing.
  const attempts = clean.length === 1 ? clean : chronological({ attempts: clean });
  const { ambiguity, size, kind, executor } = task;
  return {
    ambiguity,
    size,
    kind,
    executor,
    attempts: attempts.map((a) => [
      candidateKey(a),
      a.status === "completed",
      Number.isFinite(a.duration_seconds) ? a.duration_seconds : 0,
    ]),
  };
}

/** Reduces the samples of the tasks with telemetry (nulls, tasks without, are skipped). */
export function routingData(samples: readonly (RoutingSample | null)[]): RoutingData {
  const groups = new Map<string, Group>();
  const seen = new Set<string>();
  for (const sample of samples) {
    if (sample === null) continue;
    const { ambiguity, size, kind, executor, attempts } = sample;
    const id = `${ambiguity}${SEP}${size}${SEP}${kind}${SEP}${executor}`;
    let group = groups.get(id);
    if (!group) {
      group = { fields: { ambiguity, size, kind, executor }, tasks: 0, tallies: new Map() };
      groups.set(id, group);
    }
    group.tasks += 1;
    let done = -1;
    let first: Tally | undefined;
    for (let i = 0; i < attempts.length; i++) {
      const [key, completed, seconds] = attempts[i]!;
      seen.add(key);
      let t = group.tallies.get(key);
      if (!t) {
        t = tally();
        group.tallies.set(key, t);
      }
      first ??= t;
      t.attempts += 1;
      if (completed) {
        t.successSeconds.push(seconds);
        if (done < 0) done = i;
      }
    }
    first!.n += 1;
    if (done === 0) first!.successes += 1;
    if (done >= 0) first!.toDone.push(done + 1);
  }
  return { candidates: [...seen].sort(compareText), groups: [...groups.values()] };
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

const inCell = (g: Group, cell: RoutingQuery): boolean =>
  ROUTING_FIELDS.every((f) => cell[f] === undefined || cell[f] === g.fields[f]);

const round = (v: number, decimals: number): number => Math.round(v * 10 ** decimals) / 10 ** decimals;

function scoreCandidates(all: string[], members: Group[]): RoutingCandidate[] {
  const seconds = (values: number[], p: number) => {
    const v = percentile(values, p);
    return v === null ? null : round(v, 2);
  };
  return all.map((key) => {
    const sum = tally();
    for (const g of members) {
      const t = g.tallies.get(key);
      if (!t) continue;
      sum.n += t.n;
      sum.successes += t.successes;
      sum.attempts += t.attempts;
      sum.successSeconds.push(...t.successSeconds);
      sum.toDone.push(...t.toDone);
    }
    const [tool, model] = key.split(SEP) as [string, string];
    return {
      tool,
      model: model === "" ? null : model,
      expected_success: round(betaPosteriorMean(sum.successes, sum.n), 4),
      wilson_low: round(wilsonInterval(sum.successes, sum.n)?.[0] ?? 0, 4),
      first_try: proportion(sum.successes, sum.n),
      successes: sum.successes,
      attempts: sum.attempts,
      median_seconds_per_success: seconds(sum.successSeconds, 50),
      p90_seconds_per_success: seconds(sum.successSeconds, 90),
      mean_attempts_to_done:
        sum.toDone.length > 0 ? round(sum.toDone.reduce((x, y) => x + y, 0) / sum.toDone.length, 2) : null,
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
 * Ranks every tool × model seen in `data` for tasks like `query` (telemetry.md,
 * "Routing"). The cell used is the finest of routingLevels(query) holding at least
 * `minSamples` tasks (else `all`). Candidates are ordered by expected first-try success
 * (Beta(1, 1) posterior mean), then Wilson lower bound. `explore` is true when some other
 * candidate's 95 % interval overlaps the leader's. Throws RangeError for minSamples < 1.
 */
export function recommend(
  data: RoutingData,
  query: RoutingQuery,
  minSamples = DEFAULT_MIN_SAMPLES,
): Recommendation {
  if (!(Number.isInteger(minSamples) && minSamples >= 1))
    throw new RangeError(`minSamples must be an integer >= 1 (got ${minSamples})`);
  const levels: RoutingLevel[] = [];
  let chosen: { cell: RoutingQuery; members: Group[]; tasks: number } | undefined;
  for (const cell of routingLevels(query)) {
    const members = data.groups.filter((g) => inCell(g, cell));
    const tasks = members.reduce((n, g) => n + g.tasks, 0);
    levels.push({ level: levelName(cell), cell, tasks });
    if (tasks >= minSamples || levelName(cell) === "all") {
      chosen = { cell, members, tasks };
      break;
    }
  }
  const { cell, members, tasks } = chosen!;
  const candidates = scoreCandidates(data.candidates, members).sort(compareCandidates);
  const leader = candidates[0] ?? null;
  const explore =
    leader !== null && candidates.slice(1).some((c) => intervalsOverlap(intervalOf(leader), intervalOf(c)));
  return {
    query: { ...query, min_samples: minSamples },
    level: levelName(cell),
    cell,
    cell_tasks: tasks,
    fallback: levels.length > 1,
    levels,
    explore,
    recommended: leader,
    candidates,
  };
}

/** The short recommendation `next` attaches to a task (null without any telemetry). */
export function recommendedExecutor(
  data: RoutingData,
  task: Pick<Task, "ambiguity" | "size">,
  minSamples = DEFAULT_MIN_SAMPLES,
): RecommendedExecutor | null {
  const r = recommend(data, { ambiguity: task.ambiguity, size: task.size }, minSamples);
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
 * `recommended_executor` for each task `next` selected, from the routing samples of all
 * tasks (reduced only when something was selected). Aligned with `picks`.
 */
export function recommendationsFor(
  samples: readonly (RoutingSample | null)[],
  picks: readonly Pick<Task, "ambiguity" | "size">[],
  minSamples = DEFAULT_MIN_SAMPLES,
): (RecommendedExecutor | null)[] {
  if (picks.length === 0) return [];
  const data = routingData(samples);
  // Picks often share a cell: compute each cell once.
  const memo = new Map<string, RecommendedExecutor | null>();
  return picks.map((p) => {
    const key = `${p.ambiguity}\u0000${p.size}`;
    if (!memo.has(key)) memo.set(key, recommendedExecutor(data, p, minSamples));
    return memo.get(key)!;
  });
}

/** `model 86%` (tool when no model), `?` appended when explore: the short `next` column. */
export const shortRecommendation = (r: RecommendedExecutor | null): string =>
  r === null ? "-" : `${r.model ?? r.tool} ${Math.round(r.expected_success * 100)}%${r.explore ? "?" : ""}`;
