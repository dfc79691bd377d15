import { describe, expect, it } from "vitest";
import { attemptSchema, frontmatterJsonSchema, taskMetaSchema } from "../../src/domain/schema.js";
import { isIsoTimestamp, toIsoTimestamp } from "../../src/domain/timestamps.js";

const base = {
  id: "run-telemetry",
  title: "Run telemetry",
  kind: "story",
  state: "done",
  priority: "high",
  created_at: "2026-03-14T08:10:05.120Z",
  updated_at: "2026-03-14T09:41:37.004Z",
};
const attempt = (over: Record<string, unknown> = {}) => ({
  started_at: "2026-03-14T09:00:00.000Z",
  ended_at: "2026-03-14T09:02:00.000Z",
  duration_seconds: 120,
  status: "failed",
  executor: { tool: "claude-code", model: "claude-sonnet-4-20250514" },
  ...over,
});
const problems = (data: unknown) => {
  const r = taskMetaSchema.safeParse(data);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("frontmatter schema", () => {
  it("accepts a task without execution", () => {
    expect(problems(base)).toEqual([]);
  });

  it("accepts the seed's three-attempt shape with planner, reviewer, error_reason and notes", () => {
    const data = {
      ...base,
      execution: {
        attempts: [
          attempt({
            error_reason: "TypeError: x",
            notes: "first",
            executor: {
              tool: "claude-code",
              model: "m",
              planner: { tool: "orchestrator", model: "planner-1" },
            },
          }),
          attempt({
            started_at: "2026-03-14T09:03:25.000Z",
            ended_at: "2026-03-14T09:05:00.000Z",
            duration_seconds: 95,
          }),
          attempt({
            started_at: "2026-03-14T09:07:00.000Z",
            ended_at: "2026-03-14T09:09:45.000Z",
            duration_seconds: 165,
            status: "completed",
            reviewer: {
              name: "ines",
              approved: true,
              reviewed_at: "2026-03-14T09:12:00.000Z",
              notes: "LGTM",
            },
          }),
        ],
      },
    };
    const parsed = taskMetaSchema.parse(data);
    expect(parsed.execution?.attempts[0]?.executor.planner).toEqual({
      tool: "orchestrator",
      model: "planner-1",
    });
    expect(parsed.execution?.attempts[0]?.error_reason).toBe("TypeError: x");
  });

  it("allows error_reason on any status and keeps unknown attempt keys", () => {
    const r = attemptSchema.parse(
      attempt({ status: "completed", error_reason: "flaky", isolation: { worktree: false } }),
    );
    expect(r).toMatchObject({ error_reason: "flaky", isolation: { worktree: false } });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["empty attempts", { execution: { attempts: [] } }, "execution.attempts: must hold at least one attempt"],
    ["attempts missing", { execution: {} }, "execution.attempts:"],
    [
      "negative duration",
      { execution: { attempts: [attempt({ duration_seconds: -5 })] } },
      "execution.attempts.0.duration_seconds: must be an integer >= 0 (got -5)",
    ],
    [
      "fractional duration",
      { execution: { attempts: [attempt({ duration_seconds: 1.5 })] } },
      "execution.attempts.0.duration_seconds: must be an integer >= 0 (got 1.5)",
    ],
    [
      "unknown status",
      { execution: { attempts: [attempt({ status: "done" })] } },
      "execution.attempts.0.status: must be one of completed, failed, abandoned",
    ],
    [
      "missing tool",
      { execution: { attempts: [attempt({ executor: { model: "m" } })] } },
      "execution.attempts.0.executor.tool:",
    ],
    [
      "empty tool",
      { execution: { attempts: [attempt({ executor: { tool: "" } })] } },
      "execution.attempts.0.executor.tool: must be a non-empty string",
    ],
    [
      "planner without tool",
      { execution: { attempts: [attempt({ executor: { tool: "t", planner: { model: "p" } } })] } },
      "execution.attempts.0.executor.planner.tool:",
    ],
    [
      "bad started_at",
      { execution: { attempts: [attempt({ started_at: "yesterday" })] } },
      "execution.attempts.0.started_at: must be a valid ISO 8601 timestamp",
    ],
    [
      "impossible date",
      { execution: { attempts: [attempt({ ended_at: "2025-13-40T00:00:00Z" })] } },
      "execution.attempts.0.ended_at: must be a valid ISO 8601 timestamp",
    ],
    [
      "ended before started",
      { execution: { attempts: [attempt({ ended_at: "2026-03-14T08:00:00.000Z" })] } },
      "execution.attempts.0.ended_at: must not be before started_at",
    ],
    [
      "reviewer without approved",
      {
        execution: {
          attempts: [attempt({ reviewer: { name: "a", reviewed_at: "2026-03-14T09:12:00.000Z" } })],
        },
      },
      "execution.attempts.0.reviewer.approved: must be true or false",
    ],
    [
      "reviewer bad date",
      {
        execution: { attempts: [attempt({ reviewer: { name: "a", approved: true, reviewed_at: "soon" } })] },
      },
      "execution.attempts.0.reviewer.reviewed_at:",
    ],
    [
      "empty optional string",
      { execution: { attempts: [attempt({ notes: "" })] } },
      "execution.attempts.0.notes: must be a non-empty string",
    ],
    [
      "bad enum",
      { priority: "asap" },
      'priority: must be one of none, low, normal, high, urgent (got "asap")',
    ],
    ["bad id", { id: "Bad Id" }, "id: must be lowercase words joined by hyphens"],
  ];
  it.each(invalid)("rejects %s naming the field path", (_name, patch, expected) => {
    const all = problems({ ...base, ...patch });
    expect(all.some((p) => p.startsWith(expected))).toBe(true);
  });

  it("exports a JSON Schema 2020-12 with the enums", () => {
    const schema = frontmatterJsonSchema() as {
      $schema: string;
      properties: Record<string, { enum?: string[] }>;
    };
    expect(schema.$schema).toContain("2020-12");
    expect(schema.properties.state?.enum).toEqual(["idea", "ready", "in-progress", "done", "canceled"]);
    expect(schema.properties).toHaveProperty("execution");
  });
});

describe("timestamps", () => {
  it.each([
    ["2025-11-02T15:03:00.000Z", true],
    ["2025-11-02T15:03:00Z", true],
    ["2025-11-02T16:03:00+01:00", true],
    ["2025-11-02 15:03:00Z", true],
    ["2025-02-30T00:00:00Z", false],
    ["2025-13-40T00:00:00Z", false],
    ["2025-11-02", false],
    ["not a date", false],
  ])("%s valid: %s", (value, ok) => {
    expect(isIsoTimestamp(value)).toBe(ok);
  });

  it("normalizes offsets to the same instant in UTC", () => {
    expect(toIsoTimestamp("2025-11-02T16:03:00+01:00")).toBe("2025-11-02T15:03:00.000Z");
  });
});
