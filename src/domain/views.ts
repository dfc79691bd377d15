// The JSON results of commands (`--output json`, MCP structuredContent), defined once as
// zod schemas. `help --json` publishes their JSON Schema and the MCP server its
// outputSchema from here (agents.md "The machine-readable contract"). The schemas are
// loose objects: a result may carry more keys than listed (unknown frontmatter keys,
// additions in later versions); the listed ones are promised.
import * as z from "zod/mini";
import { EXECUTION_STATUSES, KINDS, PRIORITIES, STATES } from "./enums.js";
import { attemptSchema } from "./schema.js";

const str = z.string();
const num = z.number();
const strings = z.array(z.string());

/** A file operation of a write: create, write, move (with `from`) or delete. */
export const fileChangeView = z.looseObject({
  op: z.enum(["create", "write", "move", "delete"]),
  path: str,
  from: z.optional(str),
});
const changes = z.array(fileChangeView);

const finding = z.looseObject({ code: str, message: str });
/**
 * What `validate` reports in the tasks a write left (every error, and the warnings the
 * write brought): the write succeeded; task-format.md "Writes keep the repository valid".
 */
const warnings = z.optional(
  z.array(z.extend(finding, { severity: z.enum(["error", "warning"]), file: str })),
);

/** A task as JSON: its frontmatter with defaults in canonical order, `path` and `version`. */
export const taskView = z.looseObject({
  id: str,
  title: str,
  kind: z.enum(KINDS),
  state: z.enum(STATES),
  priority: z.enum(PRIORITIES),
  parent: z.optional(str),
  children: z.optional(strings),
  blocked: z.optional(str),
  commit_message: z.optional(str),
  touches: z.optional(strings),
  depends_on: z.optional(strings),
  labels: z.optional(strings),
  /** the attempts as in the file (their full schema: `taskplain schema`) */
  execution: z.optional(
    z.looseObject({
      attempts: z.array(z.looseObject({ status: z.enum(EXECUTION_STATUSES), duration_seconds: num })),
    }),
  ),
  /** path relative to the repository root */
  path: str,
  /** content hash for --if-version / expected_version */
  version: str,
  /** schema problems, present only when the file is invalid */
  errors: z.optional(strings),
});

const acceptance = z.object({ checked: num, total: num });
const brief = z.looseObject({ id: str, title: str, kind: z.enum(KINDS), state: z.enum(STATES) });
const withBody = z.extend(taskView, { body: str });
const dryRun = { dry_run: z.optional(z.boolean()) };

/** `new`, `update`, `metadata set`, `move`: the task after the write, and the file operations. */
export const mutationView = z.extend(taskView, {
  warnings,
  changes,
  ...dryRun,
  changed: z.optional(z.boolean()),
});

export const listView = z.array(taskView);

/** task_list's result (an MCP result is an object): the task objects with their criteria progress. */
export const listToolView = z.object({ tasks: z.array(z.extend(taskView, { acceptance })) });

export const showView = z.extend(taskView, {
  body: str,
  parent: z.nullable(brief),
  children: z.array(brief),
  acceptance,
  execution_summary: z.nullable(z.looseObject({ attempts: num, final_status: z.enum(EXECUTION_STATUSES) })),
});

export const pickupView = z.looseObject({
  task: withBody,
  ancestors: z.array(withBody),
  children: z.array(taskView),
  dependencies: z.array(
    z.looseObject({ id: str, state: z.nullable(z.enum(STATES)), title: z.optional(str) }),
  ),
  /** true when the task was in progress already and nothing was written */
  resumed: z.boolean(),
  warnings,
  changes,
  ...dryRun,
});

export const checkView = z.extend(taskView, {
  criteria: z.array(z.object({ number: num, text: str, checked: z.boolean(), changed: z.boolean() })),
  acceptance,
  changed: z.boolean(),
  warnings,
  changes,
  ...dryRun,
});

export const completeView = z.extend(taskView, {
  ticked: num,
  /** true when the task was done already and nothing was written */
  already_done: z.optional(z.boolean()),
  warnings,
  changes,
  ...dryRun,
});

export const nextView = z.looseObject({
  tasks: z.array(
    z.looseObject({ id: str, title: str, path: str, priority: z.enum(PRIORITIES), reasons: strings }),
  ),
  skipped: z.array(z.looseObject({ id: str, code: str, reason: str })),
});

export const validateView = z.looseObject({
  ok: z.boolean(),
  errors: z.array(finding),
  warnings: z.array(finding),
  fixed: z.array(z.unknown()),
  counts: z.looseObject({ files: num, errors: num, warnings: num }),
});

export const statsView = z.looseObject({
  generated_at: z.nullable(str),
  scope: z.looseObject({ tasks: num, tasks_with_telemetry: num }),
  summary: z.looseObject({}),
  executors: z.array(z.looseObject({})),
  estimates: z.array(z.looseObject({})),
  tasks: z.array(z.looseObject({ id: str })),
});

/** `recommend`: which tool × model to send a task (or a cell) to, from the telemetry. */
export const recommendView = z.looseObject({
  task: z.nullable(z.looseObject({ id: str, title: str })),
  level: str,
  cell_tasks: num,
  fallback: z.boolean(),
  explore: z.boolean(),
  recommended: z.nullable(z.looseObject({ tool: str })),
  candidates: z.array(z.looseObject({ tool: str })),
});

/** The MCP `stats` tool: the stats report, with `recommendation` when asked for. */
export const statsToolView = z.extend(statsView, { recommendation: z.optional(recommendView) });

export const initView = z.looseObject({
  root: str,
  created: strings,
  sample: strings,
  warnings,
  changes,
  dry_run: z.boolean(),
});

export const attemptAddView = z.looseObject({
  id: str,
  index: num,
  attempts: z.array(attemptSchema),
  task: taskView,
  warnings,
  changes,
  ...dryRun,
});

export const attemptListView = z.looseObject({
  id: str,
  path: str,
  version: str,
  attempts: z.array(z.looseObject({})),
});

export const treeView = z.array(
  z.looseObject({ id: str, title: str, kind: z.enum(KINDS), state: z.enum(STATES) }),
);

export const deleteView = z.looseObject({
  deleted: z.looseObject({ id: str, path: str }),
  cleaned: z.array(z.unknown()),
  warnings,
  changes,
});

export const handbookView = z.object({
  sections: z.array(z.object({ name: str, title: str, text: str })),
});

export const injectView = z.union([
  z.object({ file: str, status: z.enum(["created", "added", "updated", "unchanged"]) }),
  z.object({ file: str, up_to_date: z.boolean(), state: str }),
]);

/** The error object every failure prints (`{"error": …}` on stderr; MCP isError results). */
export const errorView = z.object({
  code: str,
  message: str,
  hint: z.optional(str),
  path: z.optional(str),
  details: z.optional(z.unknown()),
});

/** Which schema describes each command's `--output json` result, by command path. */
export const COMMAND_VIEWS: Record<string, z.ZodMiniType> = {
  init: initView,
  new: mutationView,
  list: listView,
  show: showView,
  tree: treeView,
  update: mutationView,
  "metadata get": taskView,
  "metadata set": mutationView,
  move: mutationView,
  pickup: pickupView,
  check: checkView,
  complete: completeView,
  adopt: z.looseObject({ warnings, changes }),
  delete: deleteView,
  cleanup: z.looseObject({ removed: z.array(z.looseObject({ id: str, path: str })), warnings, changes }),
  next: nextView,
  "attempt add": attemptAddView,
  "attempt list": attemptListView,
  stats: statsView,
  recommend: recommendView,
  validate: validateView,
  handbook: handbookView,
  inject: injectView,
};

/** JSON Schema (2020-12) of a view, as published by `help --json` and MCP outputSchema. */
export function viewJsonSchema(view: z.ZodMiniType): Record<string, unknown> {
  return z.toJSONSchema(view, { target: "draft-2020-12", unrepresentable: "any", io: "output" }) as Record<
    string,
    unknown
  >;
}
