// Arguments of the MCP tools (agents.md "taskplain mcp"), as zod schemas built from the
// same definitions the CLI checks its flags against: the enums (enums.ts), the id and
// attempt schemas (schema.ts), the section ids (body-sections.ts) and the stats
// dimensions. Their JSON Schema is the tools' inputSchema.
import * as z from "zod/mini";
import { SECTION_IDS } from "./body-sections.js";
import { EXECUTION_STATUSES, EXECUTORS, KINDS, PRIORITIES, STATES } from "./enums.js";
import { idSchema } from "./schema.js";
import { STATS_DIMENSIONS } from "./stats-types.js";

/** Descriptions of tool arguments (a registry of its own: the shared schemas stay undescribed). */
export const TOOL_DOCS = z.registry<{ description: string }>();

/** A copy of `schema` described in TOOL_DOCS. */
const d = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  const copy = schema.clone() as T;
  TOOL_DOCS.add(copy as never, { description });
  return copy;
};

const root = z.optional(d(z.string(), "worktree root"));
// The id's pattern is checked on every call (and explained in the error); tools/list
// leaves it out to stay small.
const id = z.string().check(
  z.refine((v) => idSchema.safeParse(v).success, {
    error: "must be a task id: lowercase words joined by hyphens",
  }),
);
const expected = z.optional(d(z.string(), "version you read"));
const strings = z.array(z.string());
const meta = d(z.record(z.string(), z.unknown()), "frontmatter keys to set; null removes one");
const sections = d(
  z.partialRecord(z.enum(SECTION_IDS as [string, ...string[]]), z.string()),
  "sections to replace (body: all)",
);

export const TOOL_INPUTS = {
  task_list: z.strictObject({
    root,
    state: z.optional(z.array(z.enum(STATES))),
    open: z.optional(d(z.boolean(), "idea, ready and in-progress only")),
    ready: z.optional(d(z.boolean(), "state ready and not blocked")),
    priority: z.optional(z.array(z.enum(PRIORITIES))),
    kind: z.optional(z.array(z.enum(KINDS))),
    label: z.optional(strings),
    parent: z.optional(d(id, "children of this task")),
    search: z.optional(d(z.string(), "regex over title and body")),
    limit: z.optional(z.int().check(z.minimum(1))),
  }),
  task_get: z.strictObject({ root, id }),
  task_create: z.strictObject({
    root,
    title: z.string().check(z.minLength(1)),
    kind: z.optional(z.enum(KINDS)),
    parent: z.optional(id),
    state: z.optional(z.enum(STATES)),
    priority: z.optional(z.enum(PRIORITIES)),
    id: z.optional(d(id, "default: from the title")),
    meta: z.optional(meta),
    sections: z.optional(sections),
  }),
  task_update: z.strictObject({
    root,
    id,
    expected_version: expected,
    meta: z.optional(meta),
    sections: z.optional(sections),
    check: z.optional(d(strings, "criteria to tick: numbers (1-based) or unique text")),
    uncheck: z.optional(d(strings, "criteria to clear")),
    changelog: z.optional(d(strings, "Changelog bullets to append")),
    decisions: z.optional(d(strings, "Decisions bullets")),
    technical_changes: z.optional(d(strings, "Technical Changes bullets")),
  }),
  task_move: z.strictObject({
    root,
    id,
    state: z.enum(STATES),
    expected_version: expected,
    cascade: z.optional(d(z.enum(["ready", "cancel"]), "also move descendants")),
    force: z.optional(z.boolean()),
  }),
  task_pickup: z.strictObject({
    root,
    id,
    expected_version: expected,
    force: z.optional(d(z.boolean(), "even if blocked or dependencies open")),
  }),
  task_complete: z.strictObject({
    root,
    id,
    expected_version: expected,
    commit_message: z.optional(d(z.string(), "one Conventional Commit line ending [Task:<id>]")),
    check_all: z.optional(d(z.boolean(), "tick every remaining criterion first")),
  }),
  task_next: z.strictObject({
    root,
    parallelize: z.optional(d(z.int().check(z.minimum(1)), "how many non-conflicting tasks")),
    executor: z.optional(z.enum(EXECUTORS)),
    kind: z.optional(z.array(z.enum(KINDS))),
    label: z.optional(strings),
    claim: z.optional(d(z.boolean(), "lease the picks")),
    holder: z.optional(z.string()),
    ttl: z.optional(d(z.string(), "e.g. 30m")),
    tool: z.optional(z.string()),
    model: z.optional(z.string()),
    remote: z.optional(d(z.string(), "git remote for leases")),
  }),
  attempt_record: z.strictObject({
    root,
    id,
    expected_version: expected,
    tool: z.string().check(z.minLength(1)),
    model: z.optional(z.string()),
    status: z.enum(EXECUTION_STATUSES),
    duration_seconds: z.optional(z.int().check(z.minimum(0))),
    started_at: z.optional(d(z.string(), "ISO 8601")),
    ended_at: z.optional(z.string()),
    error_reason: z.optional(z.string()),
    notes: z.optional(z.string()),
  }),
  stats: z.strictObject({
    root,
    by: z.optional(d(z.array(z.enum(STATS_DIMENSIONS)).check(z.maxLength(2)), "one or two pivot dimensions")),
    state: z.optional(z.array(z.enum(STATES))),
    task: z.optional(d(id, "this task and its descendants")),
    recommend: z.optional(d(z.boolean(), "add the executor to send task (or any task) to")),
  }),
  validate: z.strictObject({
    root,
    ids: z.optional(z.array(id)),
    strict: z.optional(d(z.boolean(), "warnings count as errors")),
  }),
} as const;

export type ToolName = keyof typeof TOOL_INPUTS;
export type ToolInput<N extends ToolName> = z.infer<(typeof TOOL_INPUTS)[N]>;
