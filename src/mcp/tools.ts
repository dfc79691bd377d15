// The MCP tools (agents.md "taskplain mcp"): a lean, fixed set over the same services
// as the CLI. Each tool has its input schema (domain/tool-inputs.ts), an output schema
// (domain/views.ts), explicit annotations and a handler returning the JSON the CLI's
// `--output json` gives for the same operation.
import * as z from "zod/mini";
import type { InsightId } from "../domain/body-agent.js";
import { TOOL_INPUTS, type ToolInput, type ToolName } from "../domain/tool-inputs.js";
import {
  attemptAddView,
  completeView,
  listView,
  mutationView,
  nextView,
  pickupView,
  showView,
  statsView,
  validateView,
} from "../domain/views.js";
import { findRoot } from "../storage/root.js";

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
  run(root: string, args: ToolInput<N>): Promise<Record<string, unknown>>;
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

/** The repository a call works on: its `root` argument, else the server's (TASKPLAIN_ROOT or cwd). */
export function rootFor(args: { root?: string | undefined }): string {
  return findRoot({ root: args.root, cwd: process.cwd(), env: process.env });
}

const metaPairs = (meta: Record<string, unknown> | undefined): [string, unknown][] =>
  Object.entries(meta ?? {});
const sectionPairs = (sections: Record<string, string | undefined> | undefined): [string, string][] =>
  Object.entries(sections ?? {}).filter((e): e is [string, string] => e[1] !== undefined);

async function taskJson(record: Parameters<typeof import("../services/repo.js").taskObject>[0]) {
  const { taskObject } = await import("../services/repo.js");
  return taskObject(record);
}

function def<N extends ToolName>(d: ToolDef<N>): ToolDef<N> {
  return d;
}

/** The tools in the order tools/list gives them (fixed, so prompt caches stay warm). */
export const TOOLS = [
  def({
    name: "task_list",
    description: "List tasks, filtered.",
    output: z.object({ tasks: listView }),
    annotations: read("List tasks"),
    async run(root, a) {
      const { listTasks } = await import("../services/list.js");
      const { acceptanceOf, taskObject } = await import("../services/repo.js");
      const { usageError } = await import("../domain/errors.js");
      let search: RegExp | undefined;
      if (a.search !== undefined) {
        try {
          search = new RegExp(a.search, "i");
        } catch {
          throw usageError(`search is not a valid regular expression: ${a.search}`);
        }
      }
      const { records } = await listTasks(root, {
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
      return { tasks: records.map((r) => taskObject(r, { acceptance: acceptanceOf(r) })) };
    },
  }),
  def({
    name: "task_get",
    description: "One task: body, parent, children, criteria progress, telemetry.",
    output: showView,
    annotations: read("Get a task"),
    async run(root, a) {
      const { showObject, showTask } = await import("../services/show.js");
      return showObject(await showTask(root, a.id));
    },
  }),
  def({
    name: "task_create",
    description: "Create a task (id from the title, kind from the parent).",
    output: mutationView,
    annotations: write("Create a task", false, false),
    async run(root, a) {
      const { createTask } = await import("../services/create.js");
      const outcome = await createTask(root, {
        title: a.title,
        kind: a.kind,
        parent: a.parent,
        state: a.state,
        id: a.id,
        priority: a.priority,
        meta: metaPairs(a.meta),
        fields: sectionPairs(a.sections),
      });
      return { ...(await taskJson(outcome.result.record)), changes: outcome.changes };
    },
  }),
  def({
    name: "task_update",
    description: "Change a task in one write: metadata, sections, tick criteria, append insight bullets.",
    output: mutationView,
    annotations: write("Update a task", true, false),
    async run(root, a) {
      const { updateTask } = await import("../services/update.js");
      const { assertChangeable } = await import("../domain/meta-input.js");
      const meta = metaPairs(a.meta);
      for (const [key, value] of meta) assertChangeable(key, value === null ? "unset" : "set");
      const insights: [InsightId, string][] = [
        ...(a.changelog ?? []).map((t) => ["changelog", t] as [InsightId, string]),
        ...(a.decisions ?? []).map((t) => ["decisions", t] as [InsightId, string]),
        ...(a.technical_changes ?? []).map((t) => ["technical_changes", t] as [InsightId, string]),
      ];
      const outcome = await updateTask(root, {
        id: a.id,
        meta,
        fields: sectionPairs(a.sections),
        insights,
        check: a.check,
        uncheck: a.uncheck,
        ifVersion: a.expected_version,
      });
      const w = outcome.result;
      return { ...(await taskJson(w.after)), changed: w.changed, changes: outcome.changes };
    },
  }),
  def({
    name: "task_move",
    description: "Move a task to another state.",
    output: mutationView,
    annotations: write("Move a task", false, true),
    async run(root, a) {
      const { moveTask } = await import("../services/move.js");
      const outcome = await moveTask(root, {
        id: a.id,
        state: a.state,
        cascade: a.cascade,
        force: a.force,
        ifVersion: a.expected_version,
      } as Parameters<typeof moveTask>[1]);
      return { ...(await taskJson(outcome.result.task.after)), changes: outcome.changes };
    },
  }),
  def({
    name: "task_pickup",
    description: "Start or resume a task; returns its context (body, ancestors, children, dependencies).",
    output: pickupView,
    annotations: write("Pick up a task", false, true),
    async run(root, a) {
      const { pickupTask } = await import("../services/pickup.js");
      const { taskObject } = await import("../services/repo.js");
      const outcome = await pickupTask(root, { id: a.id, force: a.force, ifVersion: a.expected_version });
      const { task, ancestors, children, dependencies, resumed } = outcome.result;
      return {
        task: taskObject(task.after, { body: task.after.body }),
        ancestors: ancestors.map((x) => taskObject(x.after, { body: x.after.body })),
        children: children.map((c) => taskObject(c)),
        dependencies,
        resumed,
        changes: outcome.changes,
      };
    },
  }),
  def({
    name: "task_complete",
    description: "Finish a task: needs criteria checked, a Changelog bullet, a commit message. Done: no-op.",
    output: completeView,
    annotations: write("Complete a task", false, true),
    async run(root, a) {
      const { completeTask } = await import("../services/complete.js");
      const outcome = await completeTask(root, {
        id: a.id,
        commitMessage: a.commit_message,
        checkAcs: a.check_all,
        ifVersion: a.expected_version,
      });
      const { task, ticked, already_done } = outcome.result;
      return {
        ...(await taskJson(task.after)),
        ticked,
        ...(already_done ? { already_done } : {}),
        changes: outcome.changes,
      };
    },
  }),
  def({
    name: "task_next",
    description: "Rank ready work; parallelize picks non-conflicting tasks. Skips say why.",
    output: nextView,
    annotations: read("Next tasks"),
    async run(root, a) {
      const { loadAll } = await import("../services/repo.js");
      const { rankReadyTasks } = await import("../domain/ranking.js");
      const repo = await loadAll(root, { cache: true });
      const pathOf = new Map(repo.records.map((rec) => [rec.task.id, rec.ref.relPath]));
      const result = rankReadyTasks(
        repo.records.map((rec) => rec.task),
        { parallelize: a.parallelize, executor: a.executor, kinds: a.kind, labels: a.label },
      );
      const tasks = result.tasks.map((t) => ({ ...t, path: pathOf.get(t.id) }));
      return { tasks, skipped: result.skipped };
    },
  }),
  def({
    name: "attempt_record",
    description: "Append an execution attempt to a task's telemetry.",
    output: attemptAddView,
    annotations: write("Record an attempt", false, false),
    async run(root, a) {
      const { attemptFromFlags } = await import("../domain/attempt-input.js");
      const { addAttempts } = await import("../services/attempts.js");
      const { taskObject } = await import("../services/repo.js");
      const attempt = attemptFromFlags(
        {
          tool: a.tool,
          model: a.model,
          status: a.status,
          duration: a.duration_seconds,
          started: a.started_at,
          ended: a.ended_at,
          error: a.error_reason,
          notes: a.notes,
        },
        Date.now(),
      );
      const outcome = await addAttempts(root, {
        id: a.id,
        attempts: [attempt],
        ifVersion: a.expected_version,
      });
      const r = outcome.result;
      return {
        id: a.id,
        index: r.first_index,
        attempts: r.attempts,
        task: taskObject(r.task.after),
        changes: outcome.changes,
      };
    },
  }),
  def({
    name: "stats",
    description: "Telemetry: success rates, attempts, durations; by pivots.",
    output: statsView,
    annotations: read("Telemetry statistics"),
    async run(root, a) {
      const { loadAll, getTask } = await import("../services/repo.js");
      const { computeStats } = await import("../domain/stats.js");
      const { buildHierarchy, descendantsOf } = await import("../domain/hierarchy.js");
      if (a.task) await getTask(root, a.task);
      const repo = await loadAll(root, { cache: true });
      const tasks = repo.records.map((r) => r.task);
      let taskIds: Set<string> | undefined;
      if (a.task) {
        const h = buildHierarchy(tasks);
        const top = h.byId.get(a.task)!;
        taskIds = new Set([top.id, ...descendantsOf(h, top).map((t) => t.id)]);
      }
      return computeStats(tasks, { states: a.state, taskIds, by: a.by }) as unknown as Record<
        string,
        unknown
      >;
    },
  }),
  def({
    name: "validate",
    description: "Check task files against the rules.",
    output: validateView,
    annotations: read("Validate tasks"),
    async run(root, a) {
      const { validateRepo } = await import("../services/validate.js");
      const report = await validateRepo(root, { ids: a.ids, strict: a.strict });
      return report as unknown as Record<string, unknown>;
    },
  }),
] as const satisfies readonly ToolDef<ToolName>[];

/** The zod schema of a tool's arguments. */
export const inputOf = (name: ToolName) => TOOL_INPUTS[name];
