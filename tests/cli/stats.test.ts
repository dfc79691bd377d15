import { describe, expect, it } from "vitest";
import { run, runJson, writeTask } from "../helpers.js";
import { clockAt, ok, t0, tempRepos } from "./setup.js";

const repo = tempRepos();

function done(
  dir: string,
  id: string,
  lastActivity: string,
  attempts: [string, number, string, string][],
  extra: string[] = [],
) {
  const lines = attempts.flatMap(([start, seconds, status, model]) => {
    const end = new Date(Date.parse(start) + seconds * 1000).toISOString();
    return [
      `    - started_at: ${start}`,
      `      ended_at: ${end}`,
      `      duration_seconds: ${seconds}`,
      `      status: ${status}`,
      "      executor:",
      "        tool: agent",
      `        model: ${model}`,
    ];
  });
  writeTask(
    dir,
    `tasks/30-done/${lastActivity.slice(0, 10)} task-${id}.md`,
    `---\nid: ${id}\ntitle: Task ${id}\nkind: task\nstate: done\ncommit_message: "feat: ${id}"\npriority: normal\n${extra.map((e) => `${e}\n`).join("")}created_at: 2026-01-01T00:00:00.000Z\nupdated_at: ${lastActivity}\ncompleted_at: ${lastActivity}\nlast_activity_at: ${lastActivity}\nexecution:\n  attempts:\n${lines.join("\n")}\n---\n\n## Overview\n\nx\n\n## Acceptance Criteria\n\n- [x] x\n\n## Technical Approach\n\nx\n\n## Post-Implementation Insights\n\n### Changelog\n\n- x\n`,
  );
}

async function seeded() {
  const dir = repo();
  done(
    dir,
    "old",
    "2026-01-10T00:00:00.000Z",
    [["2026-01-10T00:00:00.000Z", 100, "completed", "m1"]],
    ["size: small"],
  );
  done(dir, "mid", "2026-02-20T00:00:00.000Z", [
    ["2026-02-20T00:00:00.000Z", 60, "failed", "m1"],
    ["2026-02-20T00:10:00.000Z", 300, "completed", "m2"],
  ]);
  done(dir, "new", "2026-02-28T00:00:00.000Z", [["2026-02-28T00:00:00.000Z", 40, "completed", "m2"]]);
  await ok(
    ["new", "--title", "No telemetry", "--state", "ready", "--field", "acceptance_criteria", "- [ ] x"],
    dir,
  );
  return dir;
}
interface Report {
  summary: Record<string, number>;
  executors: { tool: string; model: string; tasks: number; attempts: number }[];
  tasks: { id: string }[];
}

describe("stats", () => {
  it("summary counts tasks in scope with and without telemetry; per executor attempts attribute to each model", async () => {
    const dir = await seeded();
    const s = await runJson<Report>(["stats"], { cwd: dir, clock: t0 });
    expect(s.summary).toMatchObject({
      tasks: 4,
      tasks_with_telemetry: 3,
      attempts: 4,
      retries: 1,
      execution_seconds: 500,
    });
    const byModel = Object.fromEntries((s.executors ?? []).map((e) => [e.model, e.attempts]));
    expect(byModel).toEqual({ m1: 2, m2: 2 });
  });

  it("--since counts back from the clock; --task scopes to a task; --state and --limit narrow", async () => {
    const dir = await seeded();
    const since = await runJson<Report>(["stats", "--since", "2w"], { cwd: dir, clock: t0 });
    expect(since.tasks.map((t) => t.id).sort()).toEqual(["mid", "new"]);
    const laterClock = clockAt("2026-06-01T00:00:00.000Z");
    const none = await run(["stats", "--since", "2w", "--state", "done"], { cwd: dir, clock: laterClock });
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/no telemetry in these filters/i);
    const one = await runJson<Report>(["stats", "--task", "mid"], { cwd: dir, clock: t0 });
    expect(one.tasks.map((t) => t.id)).toEqual(["mid"]);
    expect(one.summary.attempts).toBe(2);
    const ready = await runJson<Report>(["stats", "--state", "ready"], { cwd: dir, clock: t0 });
    expect(ready.summary).toMatchObject({ tasks: 1, tasks_with_telemetry: 0 });
    const limited = await runJson<Report>(["stats", "--limit", "1", "--state", "done"], {
      cwd: dir,
      clock: t0,
    });
    expect(limited.tasks.map((t) => t.id)).toEqual(["new"]);
  });

  it("human tables print durations and rates; bad flags exit 5; unknown --task exits 6", async () => {
    const dir = await seeded();
    const h = await run(["stats"], { cwd: dir, clock: t0 });
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("8m 20s"); // 500 s of execution
    expect(h.stdout).toMatch(/\d+%/);
    for (const flags of [
      ["--since", "soon"],
      ["--state", "finished"],
      ["--limit", "x"],
      ["--output", "xml"],
    ]) {
      expect((await run(["stats", ...flags], { cwd: dir, clock: t0 })).code, flags.join(" ")).toBe(5);
    }
    expect((await run(["stats", "--task", "ghost"], { cwd: dir, clock: t0 })).code).toBe(6);
  });
});
