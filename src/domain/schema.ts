// The zod definition of a task's frontmatter, derived from the constants in enums.ts.
// Types, validation, `schema` (JSON Schema) and the board's controls come from here.
import * as z from "zod/mini";
import {
  AMBIGUITIES,
  EXECUTION_STATUSES,
  EXECUTORS,
  ID_PATTERN,
  ISOLATIONS,
  KINDS,
  PRIORITIES,
  SIZES,
  STATES,
} from "./enums.js";
import { isIsoTimestamp, timestampMs } from "./timestamps.js";

const show = (input: unknown): string => {
  if (input === undefined) return "nothing";
  const text = JSON.stringify(input);
  return text && text.length > 60 ? `${text.slice(0, 57)}...` : (text ?? String(input));
};

const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `must be one of ${values.join(", ")} (got ${show(iss.input)})` });

export const timestampSchema = z
  .string({ error: (iss) => `must be an ISO 8601 timestamp (got ${show(iss.input)})` })
  .check(
    z.refine(isIsoTimestamp, {
      error: (iss) => `must be a valid ISO 8601 timestamp (got ${show(iss.input)})`,
    }),
  )
  .register(z.globalRegistry, {
    format: "date-time",
    description: "ISO 8601 date-time, written as 2025-11-02T15:03:00.000Z",
  });

const nonEmpty = () =>
  z
    .string({ error: (iss) => `must be a non-empty string (got ${show(iss.input)})` })
    .check(z.minLength(1, { error: "must be a non-empty string" }));

const optionalText = z.optional(
  z
    .string({ error: (iss) => `must be a non-empty string (got ${show(iss.input)})` })
    .check(z.minLength(1, { error: "must be a non-empty string when present" })),
);

export const idSchema = z.string({ error: (iss) => `must be a string id (got ${show(iss.input)})` }).check(
  z.regex(ID_PATTERN, {
    error: (iss) => `must be lowercase words joined by hyphens (got ${show(iss.input)})`,
  }),
);

const idList = z.array(idSchema, { error: (iss) => `must be a list of ids (got ${show(iss.input)})` });
const stringList = z.array(z.string({ error: "must be a string" }), {
  error: (iss) => `must be a list of strings (got ${show(iss.input)})`,
});

export const executionStatusSchema = enumOf(EXECUTION_STATUSES);

export const plannerSchema = z.looseObject({
  tool: nonEmpty(),
  model: optionalText,
});

export const executorSchema = z.looseObject({
  tool: nonEmpty(),
  model: optionalText,
  planner: z.optional(plannerSchema),
});

export const reviewerSchema = z.looseObject({
  name: nonEmpty(),
  approved: z.boolean({ error: (iss) => `must be true or false (got ${show(iss.input)})` }),
  reviewed_at: timestampSchema,
  notes: optionalText,
});

const wholeSeconds = (iss: { input?: unknown }) => `must be an integer >= 0 (got ${show(iss.input)})`;

export const attemptSchema = z
  .looseObject({
    started_at: timestampSchema,
    ended_at: timestampSchema,
    duration_seconds: z.int({ error: wholeSeconds }).check(z.minimum(0, { error: wholeSeconds })),
    status: executionStatusSchema,
    error_reason: optionalText,
    executor: executorSchema,
    reviewer: z.optional(reviewerSchema),
    notes: optionalText,
  })
  .check(
    z.superRefine((attempt, ctx) => {
      const start = timestampMs(attempt.started_at);
      const end = timestampMs(attempt.ended_at);
      if (!Number.isNaN(start) && !Number.isNaN(end) && start > end) {
        ctx.addIssue({
          code: "custom",
          path: ["ended_at"],
          message: `must not be before started_at (${attempt.started_at} > ${attempt.ended_at})`,
          input: attempt.ended_at,
        });
      }
    }),
  );

export const executionSchema = z.looseObject({
  attempts: z
    .array(attemptSchema, { error: (iss) => `must be a list of attempts (got ${show(iss.input)})` })
    .check(z.minLength(1, { error: "must hold at least one attempt" })),
});

const githubLink = z.looseObject({
  type: z.literal("github_issue"),
  repo: z.optional(z.string().check(z.regex(/^[^/\s]+\/[^/\s]+$/, { error: "must look like owner/name" }))),
  number: z.int().check(z.positive()),
});
const linearLink = z.looseObject({ type: z.literal("linear"), key: z.string().check(z.minLength(1)) });
export const linkSchema = z.union([githubLink, linearLink], {
  error: (iss) => `must be {type: github_issue, number} or {type: linear, key} (got ${show(iss.input)})`,
});

export const taskMetaSchema = z.looseObject({
  id: idSchema,
  title: nonEmpty(),
  kind: enumOf(KINDS),
  parent: z.optional(idSchema),
  children: z.optional(idList),
  state: enumOf(STATES),
  blocked: z.optional(z.string({ error: (iss) => `must be a string reason (got ${show(iss.input)})` })),
  commit_message: z.optional(
    z
      .string({ error: (iss) => `must be a single-line string (got ${show(iss.input)})` })
      .check(z.refine((v) => !/[\r\n]/.test(v), { error: "must be a single line" })),
  ),
  priority: enumOf(PRIORITIES),
  size: z.optional(enumOf(SIZES)),
  ambiguity: z.optional(enumOf(AMBIGUITIES)),
  executor: z.optional(enumOf(EXECUTORS)),
  isolation: z.optional(enumOf(ISOLATIONS)),
  touches: z.optional(stringList),
  depends_on: z.optional(idList),
  blocks: z.optional(idList),
  assignees: z.optional(stringList),
  labels: z.optional(stringList),
  created_at: timestampSchema,
  updated_at: timestampSchema,
  completed_at: z.optional(z.nullable(timestampSchema)),
  links: z.optional(z.array(linkSchema)),
  last_activity_at: z.optional(timestampSchema),
  execution: z.optional(executionSchema),
});

export type TaskMeta = z.infer<typeof taskMetaSchema>;
export type ExecutionAttempt = z.infer<typeof attemptSchema>;
export type TaskExecution = z.infer<typeof executionSchema>;
export type ExecutionExecutor = z.infer<typeof executorSchema>;
export type ExecutionReviewer = z.infer<typeof reviewerSchema>;
export type TaskLink = z.infer<typeof linkSchema>;

/** JSON Schema (2020-12) of the frontmatter, for editors and other tools. */
export function frontmatterJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(taskMetaSchema, {
    target: "draft-2020-12",
    unrepresentable: "any",
    io: "input",
  });
  return {
    ...schema,
    $id: "https://taskplain.dev/schema/task-frontmatter.json",
    title: "Taskplain task frontmatter",
    description:
      "YAML frontmatter of a Taskplain task file (tasks/<state>/<kind>-<id>.md). Unknown keys are allowed and preserved.",
  };
}
