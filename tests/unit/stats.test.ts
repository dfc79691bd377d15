import { createColors } from "picocolors";
import { describe, expect, it } from "vitest";
import { themeOf } from "../../src/cli/ui/colour.js";
import type { View } from "../../src/cli/ui/format.js";
import { renderStats } from "../../src/cli/ui/stats.js";
import { displayWidth } from "../../src/cli/ui/width.js";
import type { Kind, State } from "../../src/domain/enums.js";
import {
  computeStats,
  STATS_DIMENSIONS,
  type StatsReport,
  sinceCutoff,
  statsToCsv,
} from "../../src/domain/stats.js";
import { csvField } from "../../src/domain/stats-format.js";
import { normalizeTask, type Task } from "../../src/domain/task.js";

const attempt = (
  start: string,
  end: string,
  seconds: number,
  status: string,
  tool: string,
  model?: string,
) => ({
  started_at: start,
  ended_at: end,
  duration_seconds: seconds,
  status,
  executor: model ? { tool, model } : { tool },
});

const task = (raw: Record<string, unknown>): Task =>
  normalizeTask(
    { created_at: "2025-10-01T00:00:00.000Z", updated_at: raw.last_activity_at, ...raw },
    { id: raw.id as string, kind: (raw.kind as Kind) ?? "task", state: (raw.state as State) ?? "done" },
  );

// Fixture (figures below are worked out by hand):
//   id  state        size    ambiguity labels           attempts (chronological)                  exec wall idle
//   a   done         medium  low       telemetry        sonnet F120, sonnet F95, sonnet C165      380  585  205
//   b   done         small   low       -                opus C60                                   60   60    0
//   c   done         small   high      api, telemetry   sonnet F300, codex/gpt-5 C200              500  800  300
//   d   in-progress  large   low       -                sonnet A100                               100  100    0
//   e   idea         medium  low       -                (no telemetry)
//   f   done         small   low       api              sonnet C90                                 90   90    0
//   g   done         tiny    medium    -                aider (no model) C30                       30   30    0
const fixture: Task[] = [
  task({
    id: "a",
    title: "Execution telemetry",
    kind: "story",
    state: "done",
    size: "medium",
    ambiguity: "low",
    labels: ["telemetry"],
    last_activity_at: "2025-11-02T18:44:25.767Z",
    execution: {
      attempts: [
        attempt(
          "2025-11-02T15:03:00.000Z",
          "2025-11-02T15:05:00.000Z",
          120,
          "failed",
          "claude-code",
          "sonnet-4",
        ),
        attempt(
          "2025-11-02T15:06:25.000Z",
          "2025-11-02T15:08:00.000Z",
          95,
          "failed",
          "claude-code",
          "sonnet-4",
        ),
        attempt(
          "2025-11-02T15:10:00.000Z",
          "2025-11-02T15:12:45.000Z",
          165,
          "completed",
          "claude-code",
          "sonnet-4",
        ),
      ],
    },
  }),
  task({
    id: "b",
    title: "Small fix",
    size: "small",
    ambiguity: "low",
    last_activity_at: "2025-11-03T10:00:00.000Z",
    execution: {
      attempts: [
        attempt(
          "2025-11-03T09:00:00.000Z",
          "2025-11-03T09:01:00.000Z",
          60,
          "completed",
          "claude-code",
          "opus-4",
        ),
      ],
    },
  }),
  task({
    id: "c",
    title: 'Parse "a, b" lists',
    size: "small",
    ambiguity: "high",
    labels: ["api", "telemetry"],
    last_activity_at: "2025-11-04T10:00:00.000Z",
    execution: {
      // File order differs from chronological order on purpose.
      attempts: [
        attempt("2025-11-04T09:10:00.000Z", "2025-11-04T09:13:20.000Z", 200, "completed", "codex", "gpt-5"),
        attempt(
          "2025-11-04T09:00:00.000Z",
          "2025-11-04T09:05:00.000Z",
          300,
          "failed",
          "claude-code",
          "sonnet-4",
        ),
      ],
    },
  }),
  task({
    id: "d",
    title: "Big refactor",
    state: "in-progress",
    size: "large",
    ambiguity: "low",
    last_activity_at: "2025-11-05T10:00:00.000Z",
    execution: {
      attempts: [
        attempt(
          "2025-11-05T09:00:00.000Z",
          "2025-11-05T09:01:40.000Z",
          100,
          "abandoned",
          "claude-code",
          "sonnet-4",
        ),
      ],
    },
  }),
  task({ id: "e", title: "Someday", state: "idea", last_activity_at: "2025-11-01T00:00:00.000Z" }),
  task({
    id: "f",
    title: "Endpoint",
    size: "small",
    ambiguity: "low",
    labels: ["api"],
    last_activity_at: "2025-11-06T10:00:00.000Z",
    execution: {
      attempts: [
        attempt(
          "2025-11-06T09:00:00.000Z",
          "2025-11-06T09:01:30.000Z",
          90,
          "completed",
          "claude-code",
          "sonnet-4",
        ),
      ],
    },
  }),
  task({
    id: "g",
    title: "Typo",
    size: "tiny",
    ambiguity: "medium",
    last_activity_at: "2025-11-07T10:00:00.000Z",
    execution: {
      attempts: [attempt("2025-11-07T09:00:00.000Z", "2025-11-07T09:00:30.000Z", 30, "completed", "aider")],
    },
  }),
];

// A rate as the report shows it; the intervals were worked out by hand (Wilson score
// interval, z = 1.96) and are checked on their own in routing.test.ts.
const rate = (value: number | null, n: number, ci: [number, number] | null) => ({ rate: value, n, ci });
const NONE = rate(null, 0, null);

describe("computeStats", () => {
  const report = computeStats(fixture, { now: Date.parse("2025-11-08T00:00:00.000Z") });

  it("counts the scope, including tasks without telemetry", () => {
    expect(report.generated_at).toBe("2025-11-08T00:00:00.000Z");
    expect(report.scope).toEqual({
      tasks: 7,
      tasks_with_telemetry: 6,
      tasks_without_telemetry: 1,
      filters: { states: null, since: null, limit: null, task_ids: null, by: null },
    });
    expect(report.by).toBeUndefined();
  });

  it("sums the summary", () => {
    expect(report.summary).toEqual({
      tasks: 7,
      tasks_with_telemetry: 6,
      attempts: 9,
      retries: 3,
      execution_seconds: 1160,
      wall_clock_seconds: 1665,
      idle_seconds: 505,
      mean_attempts_per_task: 1.5,
      first_try_success_rate: rate(0.5, 6, [0.1876, 0.8124]), // b, f, g
      final_success_rate: rate(0.8333, 6, [0.4365, 0.9699]), // all but d
    });
  });

  it("gives the seed example's per-task figures", () => {
    expect(report.tasks.find((t) => t.id === "a")).toEqual({
      id: "a",
      title: "Execution telemetry",
      state: "done",
      kind: "story",
      size: "medium",
      ambiguity: "low",
      executor: "standard",
      attempts: 3,
      retries: 2,
      execution_seconds: 380,
      wall_clock_seconds: 585,
      idle_seconds: 205,
      final_status: "completed",
      first_try_success: false,
      models: ["sonnet-4"],
    });
  });

  it("lists task rows by last activity, newest first, models in order of first use", () => {
    expect(report.tasks.map((t) => t.id)).toEqual(["g", "f", "d", "c", "b", "a"]);
    expect(report.tasks.find((t) => t.id === "c")?.models).toEqual(["sonnet-4", "gpt-5"]);
    expect(report.tasks.find((t) => t.id === "g")?.models).toEqual([]);
  });

  it("aggregates per executor, busiest first", () => {
    expect(report.executors).toEqual([
      {
        tool: "claude-code",
        model: "sonnet-4",
        tasks: 4, // a, c, d, f
        attempts: 6,
        success_rate: rate(0.3333, 6, [0.0968, 0.7]), // a#3, f
        first_try_success_rate: rate(0.25, 4, [0.0456, 0.6994]), // first attempts of a, c, d, f: only f
        median_duration_seconds: 110, // 90 95 [100 120] 165 300: mean of the middle two
        p90_duration_seconds: 232.5, // position 0.9 · 5 = 4.5: 165 + 0.5 · (300 − 165)
        total_seconds: 870,
      },
      {
        tool: "aider",
        model: null,
        tasks: 1,
        attempts: 1,
        success_rate: rate(1, 1, [0.2065, 1]),
        first_try_success_rate: rate(1, 1, [0.2065, 1]),
        median_duration_seconds: 30,
        p90_duration_seconds: 30,
        total_seconds: 30,
      },
      {
        tool: "claude-code",
        model: "opus-4",
        tasks: 1,
        attempts: 1,
        success_rate: rate(1, 1, [0.2065, 1]),
        first_try_success_rate: rate(1, 1, [0.2065, 1]),
        median_duration_seconds: 60,
        p90_duration_seconds: 60,
        total_seconds: 60,
      },
      {
        tool: "codex",
        model: "gpt-5",
        tasks: 1,
        attempts: 1,
        success_rate: rate(1, 1, [0.2065, 1]),
        first_try_success_rate: NONE, // never the first attempt of a task
        median_duration_seconds: 200,
        p90_duration_seconds: 200,
        total_seconds: 200,
      },
    ]);
  });

  it("estimates execution time per size, in size order", () => {
    expect(report.estimates).toEqual([
      {
        size: "tiny",
        tasks: 1,
        median_execution_seconds: 30,
        p90_execution_seconds: 30,
        mean_execution_seconds: 30,
      },
      {
        size: "small",
        tasks: 3,
        median_execution_seconds: 90, // 60 [90] 500
        p90_execution_seconds: 418, // position 0.9 · 2 = 1.8: 90 + 0.8 · (500 − 90)
        mean_execution_seconds: 216.67,
      },
      {
        size: "medium",
        tasks: 1,
        median_execution_seconds: 380,
        p90_execution_seconds: 380,
        mean_execution_seconds: 380,
      },
      {
        size: "large",
        tasks: 1,
        median_execution_seconds: 100,
        p90_execution_seconds: 100,
        mean_execution_seconds: 100,
      },
    ]);
  });

  it("pivots by model × ambiguity: attempts under their own model, first tries under the first model", () => {
    const by = computeStats(fixture, { by: ["model", "ambiguity"] }).by!;
    expect(by.dimensions).toEqual(["model", "ambiguity"]);
    expect(by.attribution).toEqual({ model: "attempt", ambiguity: "task_field" });
    expect(by.cells).toEqual([
      {
        key: { model: "gpt-5", ambiguity: "high" }, // c's rescue: its own attempt, no first try
        tasks: 1,
        attempts: 1,
        first_try_success_rate: NONE,
        mean_attempts: null,
        success_rate: rate(1, 1, [0.2065, 1]),
      },
      {
        key: { model: "opus-4", ambiguity: "low" },
        tasks: 1,
        attempts: 1,
        first_try_success_rate: rate(1, 1, [0.2065, 1]),
        mean_attempts: 1,
        success_rate: rate(1, 1, [0.2065, 1]),
      },
      {
        key: { model: "sonnet-4", ambiguity: "low" }, // a, d, f
        tasks: 3,
        attempts: 5,
        first_try_success_rate: rate(0.3333, 3, [0.0615, 0.7923]),
        mean_attempts: 1.67,
        success_rate: rate(0.4, 5, [0.1176, 0.7693]),
      },
      {
        key: { model: "sonnet-4", ambiguity: "high" }, // c: only sonnet's own failed attempt
        tasks: 1,
        attempts: 1,
        first_try_success_rate: rate(0, 1, [0, 0.7935]),
        mean_attempts: 2, // c took two attempts in all after sonnet got it first
        success_rate: rate(0, 1, [0, 0.7935]),
      },
      {
        key: { model: null, ambiguity: "medium" }, // g
        tasks: 1,
        attempts: 1,
        first_try_success_rate: rate(1, 1, [0.2065, 1]),
        mean_attempts: 1,
        success_rate: rate(1, 1, [0.2065, 1]),
      },
    ]);
  });

  it("attributes a task tried by three models to each model's own attempts", () => {
    const relay = task({
      id: "relay",
      title: "Relay",
      last_activity_at: "2025-11-09T10:00:00.000Z",
      execution: {
        attempts: [
          attempt("2025-11-09T09:00:00.000Z", "2025-11-09T09:01:00.000Z", 60, "failed", "cli", "gemini-pro"),
          attempt("2025-11-09T09:02:00.000Z", "2025-11-09T09:04:00.000Z", 120, "failed", "cli", "gpt-5"),
          attempt("2025-11-09T09:05:00.000Z", "2025-11-09T09:08:00.000Z", 180, "completed", "cli", "opus-4"),
        ],
      },
    });
    const r = computeStats([relay], { by: ["model"] });
    const cell = (model: string) => r.by!.cells.find((c) => c.key.model === model);
    expect(r.by!.cells).toHaveLength(3);
    expect(cell("gemini-pro")).toEqual({
      key: { model: "gemini-pro" },
      tasks: 1,
      attempts: 1,
      first_try_success_rate: rate(0, 1, [0, 0.7935]),
      mean_attempts: 3,
      success_rate: rate(0, 1, [0, 0.7935]),
    });
    expect(cell("gpt-5")).toMatchObject({
      attempts: 1,
      first_try_success_rate: NONE,
      success_rate: rate(0, 1, [0, 0.7935]),
    });
    expect(cell("opus-4")).toMatchObject({
      attempts: 1,
      first_try_success_rate: NONE,
      mean_attempts: null,
      success_rate: rate(1, 1, [0.2065, 1]),
    });
    // The executors table and the matrix agree: one attempt each, the success is opus-4's.
    expect(
      r.executors.map((e) => [e.model, e.attempts, e.success_rate.rate, e.first_try_success_rate.n]),
    ).toEqual([
      ["gemini-pro", 1, 0, 1],
      ["gpt-5", 1, 0, 0],
      ["opus-4", 1, 1, 0],
    ]);
    expect(r.summary.first_try_success_rate).toEqual(rate(0, 1, [0, 0.7935]));
    expect(r.summary.final_success_rate).toEqual(rate(1, 1, [0.2065, 1]));
  });

  it("counts a task under each of its labels, (none) last", () => {
    const by = computeStats(fixture, { by: ["label"] }).by!;
    expect(by.attribution).toEqual({ label: "each_label" });
    expect(by.cells).toEqual([
      {
        key: { label: "api" },
        tasks: 2,
        attempts: 3,
        first_try_success_rate: rate(0.5, 2, [0.0945, 0.9055]),
        mean_attempts: 1.5,
        success_rate: rate(0.6667, 3, [0.2077, 0.9385]),
      },
      {
        key: { label: "telemetry" },
        tasks: 2,
        attempts: 5,
        first_try_success_rate: rate(0, 2, [0, 0.6576]),
        mean_attempts: 2.5,
        success_rate: rate(0.4, 5, [0.1176, 0.7693]),
      },
      {
        key: { label: "(none)" },
        tasks: 3,
        attempts: 3,
        first_try_success_rate: rate(0.6667, 3, [0.2077, 0.9385]),
        mean_attempts: 1,
        success_rate: rate(0.6667, 3, [0.2077, 0.9385]),
      },
    ]);
  });

  it("sorts enum dimensions in their natural order", () => {
    const by = computeStats(fixture, { by: ["size"] }).by!;
    expect(by.cells.map((c) => c.key.size)).toEqual(["tiny", "small", "medium", "large"]);
    expect(STATS_DIMENSIONS).toContain("isolation");
  });
});

describe("computeStats filters", () => {
  it("filters by state", () => {
    const r = computeStats(fixture, { states: ["done"] });
    expect(r.scope.tasks).toBe(5);
    expect(r.tasks.map((t) => t.id)).toEqual(["g", "f", "c", "b", "a"]);
    expect(r.scope.filters.states).toEqual(["done"]);
  });

  it("filters by last activity at or after the cutoff", () => {
    const r = computeStats(fixture, { sinceMs: Date.parse("2025-11-04T10:00:00.000Z") });
    expect(r.tasks.map((t) => t.id)).toEqual(["g", "f", "d", "c"]);
    expect(r.scope.filters.since).toBe("2025-11-04T10:00:00.000Z");
  });

  it("keeps the N most recently active tasks after the other filters", () => {
    const r = computeStats(fixture, { states: ["done"], limit: 3 });
    expect(r.tasks.map((t) => t.id)).toEqual(["g", "f", "c"]);
    expect(r.summary.attempts).toBe(4);
  });

  it("restricts to the given task ids and counts those without telemetry", () => {
    const r = computeStats(fixture, { taskIds: new Set(["e", "a"]) });
    expect(r.scope).toMatchObject({ tasks: 2, tasks_with_telemetry: 1, tasks_without_telemetry: 1 });
    expect(r.scope.filters.task_ids).toEqual(["a", "e"]);
    expect(r.summary.execution_seconds).toBe(380);
  });

  it("reports nulls, not zeros, when nothing has telemetry", () => {
    const r = computeStats(fixture, { taskIds: new Set(["e"]) });
    expect(r.summary).toMatchObject({
      tasks: 1,
      tasks_with_telemetry: 0,
      attempts: 0,
      mean_attempts_per_task: null,
      first_try_success_rate: NONE,
      final_success_rate: NONE,
    });
    expect(r.executors).toEqual([]);
    expect(r.estimates).toEqual([]);
    expect(r.tasks).toEqual([]);
  });

  it("skips junk attempts instead of crashing on an invalid file", () => {
    const junk = task({
      id: "j",
      title: "Junk",
      last_activity_at: "2025-11-01T00:00:00.000Z",
      execution: { attempts: [null, "x"] },
    });
    const r = computeStats([junk]);
    expect(r.scope.tasks_without_telemetry).toBe(1);
  });
});

describe("sinceCutoff", () => {
  const now = Date.parse("2026-03-31T12:00:00.000Z");
  it("takes an age back from now, m meaning months", () => {
    expect(sinceCutoff("7d", now)).toBe(now - 7 * 86_400_000);
    expect(sinceCutoff("2w", now)).toBe(now - 14 * 86_400_000);
    expect(sinceCutoff("3m", now)).toBe(now - 90 * 86_400_000);
  });
  it("takes a date (midnight UTC) or a date-time", () => {
    expect(sinceCutoff("2026-03-01", now)).toBe(Date.parse("2026-03-01T00:00:00.000Z"));
    expect(sinceCutoff("2026-03-01T10:00:00+02:00", now)).toBe(Date.parse("2026-03-01T08:00:00.000Z"));
  });
  it("returns null for anything else", () => {
    expect(sinceCutoff("yesterday", now)).toBeNull();
    expect(sinceCutoff("2026-02-30", now)).toBeNull();
  });
});

describe("statsToCsv", () => {
  it("writes a header and one RFC 4180 row per task", () => {
    const csv = statsToCsv(computeStats(fixture, { taskIds: new Set(["a", "c", "g"]) }));
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "id,title,state,kind,size,ambiguity,executor,attempts,retries,execution_seconds,wall_clock_seconds,idle_seconds,final_status,first_try_success,models",
    );
    expect(lines.slice(1)).toEqual([
      "g,Typo,done,task,tiny,medium,standard,1,0,30,30,0,completed,true,",
      'c,"Parse ""a, b"" lists",done,task,small,high,standard,2,1,500,800,300,completed,false,sonnet-4;gpt-5',
      "a,Execution telemetry,done,story,medium,low,standard,3,2,380,585,205,completed,false,sonnet-4",
    ]);
  });

  it("quotes newlines and quotes only when needed", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe("");
  });
});

// The human tables live in the CLI's output layer; a wide view keeps every column.
const wide = { width: 400, theme: themeOf(createColors(false)), now: 0 };
const formatStatsHuman = (report: StatsReport, view: View = wide): string => renderStats(report, view);

describe("stats human output (src/cli/ui/stats.ts)", () => {
  it("prints summary, executors, the model × ambiguity grid and estimates", () => {
    const out = formatStatsHuman(computeStats(fixture, { by: ["model", "ambiguity"] }));
    expect(out).toContain("Scope: 7 tasks, 6 with telemetry, 1 without");
    expect(out).toMatch(/First-try success\s+50% \(19–81%, n=6\)/);
    expect(out).toMatch(/Final success\s+83% \(44–97%, n=6\)/);
    expect(out).toMatch(/Execution time\s+19m 20s/);
    expect(out).toMatch(/Wall-clock time\s+27m 45s/);
    expect(out).toMatch(/Idle time\s+8m 25s/);
    expect(out).toMatch(
      /claude-code\s+sonnet-4\s+4\s+6\s+33% \(10–70%, n=6\)\s+25% \(5–70%, n=4\)\s+1m 50s\s+3m 53s\s+14m 30s/,
    );
    expect(out).toContain("model \\ ambiguity");
    expect(out).toMatch(/sonnet-4\s+33% \(6–79%, n=3\) · 1\.7\s+-\s+0% \(0–79%, n=1\) · 2\.0/);
    expect(out).toMatch(/gpt-5\s+-\s+-\s+retries only: 1 attempt/);
    expect(out).toMatch(/\(none\)\s+-\s+100% \(21–100%, n=1\) · 1\.0\s+-/);
    expect(out).toMatch(/small\s+3\s+1m 30s\s+6m 58s\s+3m 37s/);
  });

  it("aligns table columns", () => {
    const out = formatStatsHuman(computeStats(fixture));
    const lines: string[] = out.split("\n");
    const header = lines.find((l) => l.startsWith("Tool"))!;
    const rule = lines[lines.indexOf(header) + 1]!;
    expect(rule).toMatch(/^-+( +-+)+$/);
    // Right-aligned "Total" ends where its dashes end.
    expect(header.length).toBe(rule.length);
  });

  it("puts section titles in bold when colour is on", () => {
    const out = formatStatsHuman(computeStats(fixture), { ...wide, theme: themeOf(createColors(true)) });
    expect(out).toContain("\x1b[1mSummary\x1b[22m");
    expect(out).toContain("\x1b[1mExecutors\x1b[22m");
  });

  it("fits 60 columns: rates lose their n, the least telling columns go", () => {
    const out = formatStatsHuman(computeStats(fixture, { by: ["model", "ambiguity"] }), {
      ...wide,
      width: 60,
    });
    for (const line of out.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect(out).toMatch(/First-try success\s+50% \(19–81%, n=6\)/);
    expect(out).toMatch(/claude-code\s+sonnet-4\s+.*25% \(5–70\)/);
    expect(out).not.toMatch(/p90\s+Total/);
  });

  it("says plainly when there is no telemetry", () => {
    // a filter may be what left the attempts out: the line says so instead of "yet"
    expect(formatStatsHuman(computeStats(fixture, { taskIds: new Set(["e"]) }))).toContain(
      "No telemetry in these filters: 1 task in scope, none with execution attempts (widen or drop the filters).",
    );
    expect(formatStatsHuman(computeStats([]))).toBe(
      "No telemetry yet: 0 tasks in scope, none with execution attempts.\n",
    );
  });
});
