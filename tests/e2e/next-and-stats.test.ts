import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  fixtureRepo as makeRepo,
  tempDir as makeTemp,
  PROJECT,
  run,
  runJson,
  writeTask,
} from "../helpers.js";

// Every folder a test makes is removed after it.
const made: string[] = [];
const keep = (dir: string): string => {
  made.push(dir);
  return dir;
};
const fixtureRepo = (...args: Parameters<typeof makeRepo>) => keep(makeRepo(...args));
const tempDir = () => keep(makeTemp());
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const BODY =
  "\n## Overview\n\nWork.\n\n## Acceptance Criteria\n\n- [ ] Done\n\n## Technical Approach\n\n- Do it.\n";

function task(dir: string, id: string, state: string, extra: string[] = []) {
  const folder = { ready: "10-ready", "in-progress": "20-in-progress", done: "30-done" }[state]!;
  const name = state === "done" ? `2026-03-14 task-${id}.md` : `task-${id}.md`;
  const lines = [
    `id: ${id}`,
    `title: Task ${id}`,
    "kind: task",
    `state: ${state}`,
    "priority: normal",
    ...extra,
    "created_at: 2026-03-01T00:00:00.000Z",
    "updated_at: 2026-03-01T00:00:00.000Z",
  ];
  if (state === "done")
    lines.push('commit_message: "feat: x  [Task:x]"', "completed_at: 2026-03-14T10:00:00.000Z");
  const body =
    state === "done"
      ? `${BODY.replace("- [ ] Done", "- [x] Done")}\n## Post-Implementation Insights\n\n### Changelog\n\n- Did ${id}.\n`
      : BODY;
  writeTask(dir, `tasks/${folder}/${name}`, `---\n${lines.join("\n")}\n---\n${body}`);
}

const attempt = (start: string, end: string, seconds: number, status: string, model: string) => [
  `    - started_at: ${start}`,
  `      ended_at: ${end}`,
  `      duration_seconds: ${seconds}`,
  `      status: ${status}`,
  "      executor:",
  "        tool: agent",
  `        model: ${model}`,
];

describe("next --parallelize", () => {
  it("returns mutually safe tasks and explains every skip", async () => {
    const dir = fixtureRepo();
    task(dir, "busy", "in-progress", ["touches:", "  - src/cli/**"]);
    task(dir, "everything", "ready", ["size: tiny", "touches:", "  - src/**"]);
    task(dir, "cli-main", "ready", ["size: tiny", "touches:", "  - src/cli/main.ts"]);
    task(dir, "docs-all", "ready", ["size: tiny", "touches:", "  - docs/*.md"]);
    task(dir, "docs-a", "ready", ["size: small", "touches:", "  - docs/a.md"]);
    task(dir, "area-a", "ready", ["size: small", "touches:", "  - src/a/**"]);
    task(dir, "area-b", "ready", ["size: medium", "touches:", "  - src/b/**"]);
    task(dir, "global", "ready", ["size: tiny", "isolation: global"]);
    task(dir, "stuck", "ready", ["blocked: waiting for design", "size: tiny"]);
    task(dir, "later", "ready", ["size: tiny", "depends_on:", "  - area-b"]);
    const out = await runJson<{
      tasks: { id: string; touches: string[]; reasons: string[]; path: string }[];
      skipped: { id: string; code: string; reason: string; conflicts_with?: string[] }[];
    }>(["next", "--parallelize", "3"], { cwd: dir });
    const ids = out.tasks.map((t) => t.id);
    expect(ids).toEqual(["docs-all", "area-a", "area-b"]);
    expect(out.tasks[0]!.path).toBe("tasks/10-ready/task-docs-all.md");
    expect(out.tasks[0]!.reasons.length).toBeGreaterThan(0);
    const skip = Object.fromEntries(out.skipped.map((s) => [s.id, s]));
    expect(skip.stuck).toMatchObject({ code: "blocked" });
    expect(skip.later).toMatchObject({ code: "dependencies" });
    expect(skip.later!.reason).toContain("area-b");
    expect(skip["cli-main"]).toMatchObject({ code: "conflict", conflicts_with: ["busy"] });
    expect(skip.everything).toMatchObject({ code: "conflict" });
    expect(skip["docs-a"]).toMatchObject({ code: "conflict", conflicts_with: ["docs-all"] });
    expect(skip.global).toMatchObject({ code: "conflict" });
    const plain = await run(["next", "--parallelize", "3", "--output", "plain"], { cwd: dir });
    expect(plain.stdout).toBe("docs-all\narea-a\narea-b\n");
    const again = await run(["next", "--parallelize", "3", "--output", "plain"], { cwd: dir });
    expect(again.stdout).toBe(plain.stdout);
    const human = await run(["next", "--parallelize", "3"], { cwd: dir });
    expect(human.stdout).toContain("waiting for design");
    expect((await run(["next", "--executor", "wizard"], { cwd: dir })).code).toBe(5);
  });

  it("keeps the human list of skips short and points to JSON for the rest", async () => {
    const dir = fixtureRepo();
    for (let i = 0; i < 20; i++) task(dir, `stuck-${i}`, "ready", [`blocked: reason ${i}`]);
    for (let i = 0; i < 3; i++) task(dir, `free-${i}`, "ready", ["size: tiny"]);
    const human = await run(["next"], { cwd: dir });
    expect(human.code).toBe(0);
    // The two free tasks beyond the one asked for are not skips: they are counted apart.
    expect(human.stdout).toContain("skipped 20 (blocked 20):");
    expect(human.stdout).toContain("2 more dispatchable (raise --parallelize to take them)");
    const lines = human.stdout.split("\n").filter((l) => /^ {2}stuck-\d+ — /.test(l));
    expect(lines).toHaveLength(15);
    expect(lines.every((l) => l.includes("blocked:"))).toBe(true);
    expect(human.stdout).toContain("… 5 more skips: taskplain next --output json lists each with its reason");
    const json = await runJson<{ skipped: unknown[]; remaining: number }>(["next"], { cwd: dir });
    expect(json.skipped).toHaveLength(20);
    expect(json.remaining).toBe(2);
  });
});

describe("stats", () => {
  it("computes the seed's figures and the model × ambiguity matrix", async () => {
    const dir = fixtureRepo();
    task(dir, "seeded", "done", [
      "execution:",
      "  attempts:",
      ...attempt("2026-03-14T09:00:00.000Z", "2026-03-14T09:02:00.000Z", 120, "failed", "m1"),
      ...attempt("2026-03-14T09:03:25.000Z", "2026-03-14T09:05:00.000Z", 95, "failed", "m1"),
      ...attempt("2026-03-14T09:07:00.000Z", "2026-03-14T09:09:45.000Z", 165, "completed", "m1"),
    ]);
    task(dir, "quick", "done", [
      "ambiguity: high",
      "execution:",
      "  attempts:",
      ...attempt("2026-03-14T08:00:00.000Z", "2026-03-14T08:01:00.000Z", 60, "completed", "m2"),
    ]);
    task(dir, "plain", "ready");
    const report = await runJson<{
      summary: Record<string, number>;
      tasks: {
        id: string;
        execution_seconds: number;
        wall_clock_seconds: number;
        idle_seconds: number;
        retries: number;
        first_try_success: boolean;
      }[];
      by?: {
        cells: {
          key: Record<string, string>;
          tasks: number;
          attempts: number;
          first_try_success_rate: { rate: number; n: number; ci: [number, number] };
        }[];
      };
    }>(["stats", "--by", "model,ambiguity"], { cwd: dir });
    expect(report.summary).toMatchObject({
      tasks_with_telemetry: 2,
      attempts: 4,
      retries: 2,
      execution_seconds: 440,
    });
    expect(report.tasks.find((t) => t.id === "seeded")).toMatchObject({
      execution_seconds: 380,
      wall_clock_seconds: 585,
      idle_seconds: 205,
      retries: 2,
      first_try_success: false,
    });
    const cells = report.by!.cells.map((c) => [
      c.key.model,
      c.key.ambiguity,
      c.tasks,
      c.attempts,
      c.first_try_success_rate.rate,
      c.first_try_success_rate.n,
    ]);
    expect(cells).toEqual([
      ["m1", "low", 1, 3, 0, 1],
      ["m2", "high", 1, 1, 1, 1],
    ]);
    // a wide terminal keeps every column (narrow ones drop the duration columns first)
    const human = await run(["stats"], { cwd: dir, env: { COLUMNS: "200" } });
    expect(human.stdout).toContain("6m 20s");
    // Every rate carries its 95 % interval and sample size: 1 of 2 tasks first try.
    expect(human.stdout).toMatch(/First-try success\s+50% \(9–91%, n=2\)/);
    const csv = await run(["stats", "--output", "csv"], { cwd: dir });
    expect(csv.stdout.split("\n")[0]).toContain("id,");
    expect(csv.stdout).toContain("seeded");
    const empty = await run(["stats"], { cwd: fixtureRepo() });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("No telemetry yet");
    expect((await run(["stats", "--by", "colour"], { cwd: dir })).code).toBe(5);
  });

  it("over a 1,000-task corpus, stats counts exactly the attempts in the files", async () => {
    const dir = tempDir();
    execFileSync(process.execPath, [path.join(PROJECT, "bench", "gen-corpus.mjs"), dir, "1000"], {
      stdio: "ignore",
    });
    const tasks = await runJson<{ execution?: { attempts: unknown[] } }[]>(["list"], { cwd: dir });
    const inFiles = tasks.reduce((n, t) => n + (t.execution?.attempts.length ?? 0), 0);
    const withTelemetry = tasks.filter((t) => t.execution).length;
    const stats = await runJson<{ summary: { attempts: number; tasks_with_telemetry: number } }>(["stats"], {
      cwd: dir,
    });
    expect(stats.summary.attempts).toBe(inFiles);
    expect(stats.summary.tasks_with_telemetry).toBe(withTelemetry);
    const by = await runJson<{
      by: { cells: { attempts: number; first_try_success_rate: { n: number } }[] };
    }>(["stats", "--by", "model,ambiguity"], { cwd: dir });
    expect(by.by.cells.reduce((n, c) => n + c.attempts, 0)).toBe(inFiles);
    // Each attempt counts once, under its own model; each task's first try once.
    const first = by.by.cells.reduce((n, c) => n + c.first_try_success_rate.n, 0);
    expect(first).toBe(withTelemetry);
    const executors = (
      await runJson<{ executors: { attempts: number }[] }>(
        ["stats", "--state", "done,in-progress,ready,idea,canceled"],
        {
          cwd: dir,
        },
      )
    ).executors;
    expect(executors.reduce((n, e) => n + e.attempts, 0)).toBe(inFiles);
    const next = await runJson<{ tasks: unknown[] }>(["next", "--parallelize", "5"], { cwd: dir });
    expect(next.tasks).toHaveLength(5);
    expect((await runJson<{ errors: unknown[] }>(["validate"], { cwd: dir })).errors).toEqual([]);
  }, 60_000);
});
