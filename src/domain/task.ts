// The normalized task that every pure function works on: frontmatter with read
// defaults applied and timestamps as canonical ISO strings. Built tolerantly, so a
// task with schema errors is still listed (flagged) rather than dropped.
import {
  AMBIGUITIES,
  type Ambiguity,
  EXECUTORS,
  type Executor,
  ISOLATIONS,
  type Isolation,
  KINDS,
  type Kind,
  META_KEY_ORDER,
  PRIORITIES,
  type Priority,
  READ_DEFAULTS,
  SIZES,
  type Size,
  STATES,
  type State,
} from "./enums.js";
import type { TaskExecution, TaskLink } from "./schema.js";
import { NO_TIMESTAMP, toIsoTimestamp } from "./timestamps.js";

export interface Task {
  id: string;
  title: string;
  kind: Kind;
  parent?: string;
  children: string[];
  state: State;
  blocked?: string;
  commit_message?: string;
  priority: Priority;
  size: Size;
  ambiguity: Ambiguity;
  executor: Executor;
  isolation: Isolation;
  touches: string[];
  depends_on: string[];
  blocks: string[];
  assignees: string[];
  labels: string[];
  created_at: string;
  updated_at: string;
  completed_at?: string | null;
  links?: TaskLink[];
  last_activity_at: string;
  execution?: TaskExecution;
  /** Unknown frontmatter keys, in the order found. */
  extra: Record<string, unknown>;
}

const KNOWN = new Set<string>(META_KEY_ORDER);

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x) => typeof x === "string" || typeof x === "number").map(String) : [];
const oneOf = <T extends string>(values: readonly T[], v: unknown, fallback: T): T =>
  typeof v === "string" && (values as readonly string[]).includes(v) ? (v as T) : fallback;
const ts = (v: unknown): string | undefined => {
  const iso = toIsoTimestamp(v instanceof Date ? v.toISOString() : v);
  return typeof iso === "string" ? iso : undefined;
};

/** Deep-copies plain YAML data and turns any timestamp-like value into an ISO string. */
function normalizeExecution(v: unknown): TaskExecution | undefined {
  if (!v || typeof v !== "object") return undefined;
  const fix = (x: unknown, key?: string): unknown => {
    if (Array.isArray(x)) return x.map((y) => fix(y));
    if (x && typeof x === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(x)) out[k] = fix(val, k);
      return out;
    }
    if (key && /_at$/.test(key)) return toIsoTimestamp(x);
    return x;
  };
  return fix(v) as TaskExecution;
}

export interface NormalizeFallback {
  id: string;
  kind: Kind;
  state: State;
}

/**
 * Builds a Task from raw frontmatter data. Missing or invalid required values fall
 * back to what the file name and folder say, so the task can still be shown; schema
 * validation reports the problems separately.
 */
export function normalizeTask(raw: Record<string, unknown>, fallback: NormalizeFallback): Task {
  const updated = ts(raw.updated_at) ?? ts(raw.created_at) ?? NO_TIMESTAMP;
  const task: Task = {
    id: str(raw.id) ?? fallback.id,
    title: str(raw.title) ?? String(raw.title ?? fallback.id),
    kind: oneOf(KINDS, raw.kind, fallback.kind),
    children: list(raw.children),
    state: oneOf(STATES, raw.state, fallback.state),
    priority: oneOf(PRIORITIES, raw.priority, READ_DEFAULTS.priority),
    size: oneOf(SIZES, raw.size, READ_DEFAULTS.size),
    ambiguity: oneOf(AMBIGUITIES, raw.ambiguity, READ_DEFAULTS.ambiguity),
    executor: oneOf(EXECUTORS, raw.executor, READ_DEFAULTS.executor),
    isolation: oneOf(ISOLATIONS, raw.isolation, READ_DEFAULTS.isolation),
    touches: list(raw.touches),
    depends_on: list(raw.depends_on),
    blocks: list(raw.blocks),
    assignees: list(raw.assignees),
    labels: list(raw.labels),
    created_at: ts(raw.created_at) ?? updated,
    updated_at: updated,
    last_activity_at: ts(raw.last_activity_at) ?? updated,
    extra: {},
  };
  if (str(raw.parent)) task.parent = raw.parent as string;
  if (typeof raw.blocked === "string" && raw.blocked.trim() !== "") task.blocked = raw.blocked;
  if (str(raw.commit_message)) task.commit_message = raw.commit_message as string;
  if ("completed_at" in raw)
    task.completed_at = raw.completed_at === null ? null : (ts(raw.completed_at) ?? null);
  if (Array.isArray(raw.links)) task.links = raw.links as TaskLink[];
  const execution = normalizeExecution(raw.execution);
  if (execution) task.execution = execution;
  for (const [k, v] of Object.entries(raw)) if (!KNOWN.has(k)) task.extra[k] = v;
  return task;
}

/** The frontmatter part of a task as a JSON object in canonical key order (defaults applied). */
export function taskToJson(task: Task): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Runs for every task of `list --output json`: no `delete` (it would turn each object
  // into a slow dictionary) and no entry arrays.
  for (const key of META_KEY_ORDER) {
    const value = (task as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    // empty lists are left out, except `links`; `children` only when non-empty
    if (Array.isArray(value) && value.length === 0 && key !== "links") continue;
    out[key] = value;
  }
  const extra = task.extra;
  for (const k in extra) out[k] = extra[k];
  return out;
}

export const isOpen = (state: State): boolean =>
  state === "idea" || state === "ready" || state === "in-progress";

/**
 * The given fields of `task`, in the order given; a field the task lacks (an optional
 * one) is left out. What an operation keeps of each task (services/projected.ts).
 */
export function pickFields<K extends keyof Task>(task: Task, fields: readonly K[]): Pick<Task, K> {
  const out = {} as Pick<Task, K>;
  for (const f of fields) if (task[f] !== undefined) out[f] = task[f];
  return out;
}
