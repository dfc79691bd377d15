// The MCP tools (agents.md "taskplain mcp"): a lean, fixed set over the same services
// as the CLI. Each tool has its input schema (domain/tool-inputs.ts), an output schema
// (domain/views.ts), explicit annotations and a handler returning the service's JSON
// view — what the CLI's `--output json` prints for the same operation.
import type * as z from "zod/mini";
import type { InsightId } from "../domain/body-agent.js";
import { usageError } from "../domain/errors.js";
import { timestampMs } from "../domain/timestamps.js";
import { TOOL_INPUTS, type ToolInput, type ToolName } from "../domain/tool-inputs.js";
import {
  attemptAddView,
  completeView,
  listToolView,
  mutationView,
  nextView,
  pickupView,
  showView,
  statsToolView,
  validateView,
} from "../domain/views.js";
import type { Workspace } from "../storage/workspace.js";

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: false;
}

export interface ToolDef<N extends ToolName = ToolName> {
  name: N;
  description: string;
  output: z.ZodMiniType;
  annotations: ToolAnnotations;
  run(ws: Workspace, args: ToolInput<N>): Promise<object>;
}

const read = (title: string): ToolAnnotations => ({
  title,
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});
const write = (title: string, destructive: boolean, idempotent: boolean): ToolAnnotations => ({
  title,
  readOnlyHint: false,
  destructiveHint: destructive,
  idempotentHint: idempotent,
  openWorldHint: false,
});

const metaPairs = (meta: Record<string, unknown> | undefined): [string, unknown][] =>
  Object.entries(meta ?? {});
const sectionPairs = (sections: Record<string, string | undefined> | undefined): [string, string][] =>
  Object.entries(sections ?? {}).filter((e): e is [string, string] => e[1] !== undefined);

function def<N extends ToolName>(d: ToolDef<N>): ToolDef<N> {
  return d;
}

/** An attempt from attempt_record's arguments: two of started/ended/duration, or only the duration (ending now). */
function attemptOf(a: ToolInput<"attempt_record">, nowMs: number): Record<string, unknown> {
  const at = (value: string | undefined, name: string) => {
    if (value === undefined) return undefined;
    const ms = timestampMs(value);
    if (Number.isNaN(ms)) throw usageError(`${name} must be an ISO 8601 timestamp (got "${value}")`);
    return ms;
  };
  let start = at(a.started_at, "started_at");
  let end = at(a.ended_at, "ended_at");
  let duration = a.duration_seconds;
  if (start !== undefined && end !== undefined) duration ??= Math.round((end - start) / 1000);
  else if (start !== undefined && duration !== undefined) end = start + duration * 1000;
  else if (duration !== undefined) {
    end ??= nowMs;
    start = end - duration * 1000;
  } else throw usageError("give duration_seconds, or started_at and ended_at");
  return {
    started_at: new Date(start!).toISOString(),
    ended_at: new Date(end!).toISOString(),
    duration_seconds: duration,
    status: a.status,
    ...(a.error_reason ? { error_reason: a.error_reason } : {}),
    executor: { tool: a.tool, ...(a.model ? { model: a.model } : {}) },
    ...(a.notes ? { notes: a.notes } : {}),
  };
}

/** The tools in the order tools/list gives them (fixed, so prompt caches stay warm). */
export const TOOLS = [
  def({
    name: "task_list",
    description: "List tasks, filtered.",
    output: listToolView,
    annotations: read("List tasks"),
    async run(ws, a) {
      const { listTasks } = await import("../services/list.js");
      let search: RegExp | undefined;
      if (a.search !== undefined) {
        try {
          search = new RegExp(a.search, "i");
        } catch {
          throw usageError(`search is not a valid regular expression: ${a.search}`);
        }
      }
      const result = await listTasks(ws, {
        states: a.ready ? ["ready"] : a.state,
        ...(a.ready ? { blocked: false } : {}),
        open: a.open,
        priorities: a.priority,
        kinds: a.kind,
        labels: a.label,
        parent: a.parent,
        search,
        limit: a.limit,
      });
      const acceptance = result.acceptance();
      return { tasks: result.view.map((t, i) => ({ ...t, acceptance: acceptance[i] })) };
    },
  }),
  def({
    name: "task_get",
    description: "One task: body, parent, children, criteria progress, telemetry.",
    output: showView,
    annotations: read("Get a task"),
    async run(ws, a) {
      const { showTask } = await import("../services/show.js");
      return (await showTask(ws, a.id)).view;
    },
  }),
  def({
    name: "task_create",
    description: "Create a task (id from the title, kind from the parent).",
    output: mutationView,
    annotations: write("Create a task", false, false),
    async run(ws, a) {
      const { createTask } = await import("../services/create.js");
      const outcome = await createTask(ws, {
        title: a.title,
        kind: a.kind,
        parent: a.parent,
        state: a.state,
        id: a.id,
        priority: a.priority,
        meta: metaPairs(a.meta),
        fields: sectionPairs(a.sections),
      });
      return outcome.view;
    },
  }),
  def({
    name: "task_update",
    description: "Change a task in one write: metadata, sections, tick criteria, append insight bullets.",
    output: mutationView,
    annotations: write("Update a task", true, false),
    async run(ws, a) {
      const { updateTask } = await import("../services/update.js");
      const insights: [InsightId, string][] = [
        ...(a.changelog ?? []).map((t) => ["changelog", t] as [InsightId, string]),
        ...(a.decisions ?? []).map((t) => ["decisions", t] as [InsightId, string]),
        ...(a.technical_changes ?? []).map((t) => ["technical_changes", t] as [InsightId, string]),
      ];
      const outcome = await updateTask(ws, {
        id: a.id,
        meta: metaPairs(a.meta),
        fields: sectionPairs(a.sections),
        insights,
        check: a.check,
        uncheck: a.uncheck,
        ifVersion: a.expected_version,
      });
      return outcome.view;
    },
  }),
  def({
    name: "task_move",
    description: "Move a task to another state.",
    output: mutationView,
    annotations: write("Move a task", false, true),
    async run(ws, a) {
      const { moveTask } = await import("../services/move.js");
      const outcome = await moveTask(ws, {
        id: a.id,
        state: a.state,
        cascade: a.cascade,
        force: a.force,
        ifVersion: a.expected_version,
      });
      return outcome.view;
    },
  }),
  def({
    name: "task_pickup",
    description: "Start or resume a task; returns its context (body, ancestors, children, dependencies).",
    output: pickupView,
    annotations: write("Pick up a task", false, true),
    async run(ws, a) {
      const { pickupTask } = await import("../services/pickup.js");
      return (await pickupTask(ws, { id: a.id, force: a.force, ifVersion: a.expected_version })).view;
    },
  }),
  def({
    name: "task_complete",
    description: "Finish a task: needs criteria checked, a Changelog bullet, a commit message. Done: no-op.",
    output: completeView,
    annotations: write("Complete a task", false, true),
    async run(ws, a) {
      const { completeTask } = await import("../services/complete.js");
      const outcome = await completeTask(ws, {
        id: a.id,
        commitMessage: a.commit_message,
        checkAcs: a.check_all,
        ifVersion: a.expected_version,
      });
      return outcome.view;
    },
  }),
  def({
    name: "task_next",
    description:
      "Rank ready work; parallelize picks non-conflicting tasks. Skips say why. claim leases the picks.",
    output: nextView,
    annotations: read("Next tasks"),
    async run(ws, a) {
      const rank = { parallelize: a.parallelize, executor: a.executor, kinds: a.kind, labels: a.label };
      if (a.claim) {
        const { nextWithClaim } = await import("../services/claim-flows.js");
        const claimed = await nextWithClaim(ws, {
          rank,
          holder: a.holder,
          ttl: a.ttl,
          tool: a.tool,
          model: a.model,
          remote: a.remote,
        });
        return claimed.view;
      }
      const { nextTasks } = await import("../services/next.js");
      const result = await nextTasks(ws, { ...rank, remote: a.remote });
      return result.view;
    },
  }),
  def({
    name: "attempt_record",
    description: "Append an execution attempt to a task's telemetry.",
    output: attemptAddView,
    annotations: write("Record an attempt", false, false),
    async run(ws, a) {
      const { addAttempts } = await import("../services/attempts.js");
      const attempt = attemptOf(a, ws.clock.now());
      return (await addAttempts(ws, { id: a.id, attempts: [attempt], ifVersion: a.expected_version })).view;
    },
  }),
  def({
    name: "stats",
    description: "Telemetry: success rates, attempts, durations; by pivots; recommend routes a task.",
    output: statsToolView,
    annotations: read("Telemetry statistics"),
    async run(ws, a) {
      const { taskStats } = await import("../services/stats.js");
      const view = (await taskStats(ws, { states: a.state, task: a.task, by: a.by })).view;
      if (!a.recommend) return view;
      const { recommendFor } = await import("../services/recommend.js");
      return { ...view, recommendation: (await recommendFor(ws, { id: a.task, query: {} })).view };
    },
  }),
  def({
    name: "validate",
    description: "Check task files against the rules.",
    output: validateView,
    annotations: read("Validate tasks"),
    async run(ws, a) {
      const { validateRepo } = await import("../services/validate.js");
      return validateRepo(ws, { ids: a.ids, strict: a.strict });
    },
  }),
] as const satisfies readonly ToolDef<ToolName>[];

/** The zod schema of a tool's arguments. */
export const inputOf = (name: ToolName) => TOOL_INPUTS[name];
