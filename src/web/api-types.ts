// The board's HTTP and WebSocket contract (board.md "Server"), shared by the server
// (src/web/) and the browser client (src/web/client/). Types and constants only: the
// client bundle imports this file, so it must not import Node modules.

import type {
  Ambiguity,
  ExecutionStatus,
  Executor,
  Isolation,
  Kind,
  Priority,
  Size,
  State,
} from "../domain/enums.js";
import type { RecommendedExecutor } from "../domain/routing.js";

/** Header carrying the per-process token that the served page holds in `<meta name="taskplain-token">`. */
export const TOKEN_HEADER = "x-taskplain-token";
/** Name of the meta tag in index.html whose content the server replaces with the token. */
export const TOKEN_META = "taskplain-token";
/** Placeholder in the bundled index.html that the server replaces with the token. */
export const TOKEN_PLACEHOLDER = "__TASKPLAIN_TOKEN__";
/** Done and canceled tasks sent in the snapshot per column; the rest loads on demand. */
export const CLOSED_PAGE_SIZE = 50;

export interface AttemptJson {
  started_at: string;
  ended_at: string;
  duration_seconds: number;
  status: ExecutionStatus;
  error_reason?: string;
  executor?: { tool?: string; model?: string; planner?: { tool?: string; model?: string } };
  reviewer?: { name?: string; approved?: boolean; reviewed_at?: string; notes?: string };
  notes?: string;
}

/**
 * One task as `taskplain list --output json` prints it (frontmatter with read defaults,
 * `path`, `version`, `errors` when the schema is not met) plus `acceptance`, the checked
 * and total acceptance criteria that `show` also reports.
 */
export interface TaskJson extends TaskFields {
  /** unknown frontmatter keys, kept as found */
  [extra: string]: unknown;
}

export interface TaskFields {
  id: string;
  title: string;
  kind: Kind;
  parent?: string;
  children?: string[];
  state: State;
  blocked?: string;
  commit_message?: string;
  priority: Priority;
  size: Size;
  ambiguity: Ambiguity;
  executor: Executor;
  isolation: Isolation;
  touches?: string[];
  depends_on?: string[];
  blocks?: string[];
  assignees?: string[];
  labels?: string[];
  created_at: string;
  updated_at: string;
  completed_at?: string | null;
  last_activity_at: string;
  execution?: { attempts: AttemptJson[] };
  path: string;
  version: string;
  errors?: string[];
  acceptance: { checked: number; total: number };
}

export interface TaskBrief {
  id: string;
  title: string;
  kind: Kind;
  state: State;
}

/** `GET /api/tasks/:id`: the `show --output json` object (parent and children as briefs). */
export interface TaskDetailJson extends Omit<TaskFields, "parent" | "children"> {
  body: string;
  parent: TaskBrief | null;
  children: TaskBrief[];
  execution_summary: Record<string, unknown> | null;
}

/** Messages the server pushes over `/ws`. */
export type ServerMessage =
  | {
      type: "snapshot";
      /** every open task, and the first CLOSED_PAGE_SIZE done and canceled ones */
      tasks: TaskJson[];
      /** number of tasks per state (all of them, loaded or not) */
      totals: Record<State, number>;
      root: string;
    }
  | {
      type: "changes";
      /** created, updated or moved tasks, as they are now */
      upserted: TaskJson[];
      /** ids of deleted tasks */
      deleted: string[];
      totals: Record<State, number>;
    };

/**
 * Messages a page sends over `/ws`: `check` asks the server to look for changes its
 * watcher may have missed (the page sends it when it regains focus).
 */
export type ClientMessage = { type: "check" };

export interface ApiErrorBody {
  error: { code: string; message: string; hint?: string; current?: TaskJson };
}

/** `GET /api/recommend`: what `recommend` picks for each ambiguity × size. */
export interface RecommendationTable {
  min_samples: number;
  cells: { ambiguity: Ambiguity; size: Size; recommended: RecommendedExecutor | null }[];
}
