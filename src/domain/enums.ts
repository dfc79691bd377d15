// The one definition of every enumerated fact of the task format. Plain constants
// (no zod) so that light code paths such as `--help` can use them without loading
// the schema library. The zod schema, the JSON Schema, help texts and validation
// messages are all derived from these arrays.

export const STATES = ["idea", "ready", "in-progress", "done", "canceled"] as const;
export type State = (typeof STATES)[number];

/** Folder of each state under `tasks/`. */
export const STATE_FOLDERS: Record<State, string> = {
  idea: "00-idea",
  ready: "10-ready",
  "in-progress": "20-in-progress",
  done: "30-done",
  canceled: "40-canceled",
};

export const OPEN_STATES: readonly State[] = ["idea", "ready", "in-progress"];

export const KINDS = ["epic", "story", "task"] as const;
export type Kind = (typeof KINDS)[number];

/** The kind a child of each kind must have (tasks have no children). */
export const CHILD_KIND: Record<Kind, Kind | null> = { epic: "story", story: "task", task: null };

export const PRIORITIES = ["none", "low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SIZES = ["tiny", "small", "medium", "large", "xl"] as const;
export type Size = (typeof SIZES)[number];

export const AMBIGUITIES = ["low", "medium", "high"] as const;
export type Ambiguity = (typeof AMBIGUITIES)[number];

export const EXECUTORS = ["simple", "standard", "expert", "human_review"] as const;
export type Executor = (typeof EXECUTORS)[number];

export const ISOLATIONS = ["isolated", "module", "shared", "global"] as const;
export type Isolation = (typeof ISOLATIONS)[number];

export const EXECUTION_STATUSES = ["completed", "failed", "abandoned"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

/** Defaults applied when reading (never written back unless the file is rewritten for another reason). */
export const READ_DEFAULTS = {
  priority: "normal",
  size: "medium",
  ambiguity: "low",
  executor: "standard",
  isolation: "module",
} as const;

/** Canonical frontmatter key order; unknown keys follow in the order they were found. */
export const META_KEY_ORDER = [
  "id",
  "title",
  "kind",
  "parent",
  "children",
  "state",
  "blocked",
  "commit_message",
  "priority",
  "size",
  "ambiguity",
  "executor",
  "isolation",
  "touches",
  "depends_on",
  "blocks",
  "assignees",
  "labels",
  "created_at",
  "updated_at",
  "completed_at",
  "links",
  "last_activity_at",
  "execution",
] as const;
export type MetaKey = (typeof META_KEY_ORDER)[number];

/** Key order inside one execution attempt (seed contract). */
export const ATTEMPT_KEY_ORDER = [
  "started_at",
  "ended_at",
  "duration_seconds",
  "status",
  "error_reason",
  "executor",
  "reviewer",
  "notes",
] as const;
export const EXECUTOR_KEY_ORDER = ["tool", "model", "planner"] as const;
export const PLANNER_KEY_ORDER = ["tool", "model"] as const;
export const REVIEWER_KEY_ORDER = ["name", "approved", "reviewed_at", "notes"] as const;

/** Keys that hold lists of strings (accepted as comma lists or JSON arrays on the command line). */
export const LIST_KEYS = ["children", "touches", "depends_on", "blocks", "assignees", "labels"] as const;

/** Keys a user may not change with update/metadata set (identity and lifecycle). */
export const IMMUTABLE_KEYS = ["id", "state", "kind"] as const;

/** Enum-valued keys and their allowed values, for `--meta` parsing, help and the board's selects. */
export const ENUM_KEYS = {
  kind: KINDS,
  state: STATES,
  priority: PRIORITIES,
  size: SIZES,
  ambiguity: AMBIGUITIES,
  executor: EXECUTORS,
  isolation: ISOLATIONS,
} as const;

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ID_MAX_LENGTH = 24;

/** Done tasks completed on or after this date need a commit_message. */
export const COMMIT_MESSAGE_REQUIRED_FROM = "2025-11-01T00:00:00.000Z";

/** For messages: "an epic's children must be stories". */
export const KIND_PLURAL: Record<Kind, string> = { epic: "epics", story: "stories", task: "tasks" };
export const KIND_ARTICLE: Record<Kind, string> = { epic: "an", story: "a", task: "a" };
