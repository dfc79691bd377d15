import { describe, expect, it } from "vitest";
import { run, runJson, writeTask } from "../helpers.js";
import { ok, seedHierarchy, t0, tempRepos } from "./setup.js";

const repo = tempRepos();

describe("show", () => {
  it("JSON: the task object plus body, parent, children, acceptance and execution_summary", async () => {
    const dir = repo();
    await seedHierarchy(dir);
    const story = await runJson<Record<string, unknown>>(["show", "story-one"], { cwd: dir, clock: t0 });
    expect(story).toMatchObject({
      id: "story-one",
      kind: "story",
      path: "tasks/00-idea/story-story-one.md",
      parent: { id: "epic-one", title: "Epic one", kind: "epic", state: "idea" },
      children: [
        { id: "task-one", title: "Task one", kind: "task", state: "ready" },
        { id: "task-two", title: "Task two", kind: "task", state: "ready" },
      ],
      acceptance: { checked: 0, total: 0 },
      execution_summary: null,
    });
    expect(String(story.body)).toMatch(/^\n?## Overview/);
    const task = await runJson<Record<string, unknown>>(["show", "task-one"], { cwd: dir, clock: t0 });
    expect(task.acceptance).toEqual({ checked: 1, total: 2 });
    expect(task.children).toEqual([]);
  });

  it("execution_summary follows telemetry.md: retries, execution, wall clock, idle, final status", async () => {
    const dir = repo();
    await seedHierarchy(dir);
    const add = (status: string, started: string, ended: string) =>
      ok(
        [
          "attempt",
          "add",
          "task-one",
          "--tool",
          "t",
          "--status",
          status,
          "--started",
          started,
          "--ended",
          ended,
        ],
        dir,
      );
    await add("failed", "2026-03-01T09:00:00Z", "2026-03-01T09:02:00Z");
    await add("completed", "2026-03-01T09:05:00Z", "2026-03-01T09:06:40Z");
    const task = await runJson<{ execution_summary: Record<string, unknown> }>(["show", "task-one"], {
      cwd: dir,
      clock: t0,
    });
    expect(task.execution_summary).toMatchObject({
      attempts: 2,
      retries: 1,
      execution_seconds: 220,
      wall_clock_seconds: 400,
      idle_seconds: 180,
      final_status: "completed",
      first_try_success: false,
    });
  });

  it("human output: title line, state and sizes, parent, criteria progress, then the body", async () => {
    const dir = repo();
    await seedHierarchy(dir);
    const r = await run(["show", "task-one"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^Task one\b/);
    expect(r.stdout).toMatch(/\btask-one\b/);
    expect(r.stdout).toMatch(/state ready\s+priority normal\s+size medium/);
    expect(r.stdout).toMatch(/parent\s+story-one\b.*Story one/);
    expect(r.stdout).toMatch(/criteria 1\/2\b/);
    expect(r.stdout).toContain("path tasks/10-ready/task-task-one.md");
    expect(r.stdout).toMatch(/version [0-9a-f]{12}/);
    expect(r.stdout).toContain("- [ ] A\n- [x] B");
  });

  it("a task without any timestamp shows no time since it was updated (not one since 1970)", async () => {
    const dir = repo();
    writeTask(
      dir,
      "tasks/10-ready/task-bare.md",
      "---\nid: bare\ntitle: Bare\nkind: task\nstate: ready\npriority: normal\n---\n",
    );
    const r = await run(["show", "bare"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/ ago\b|updated just/);
    expect(r.stdout).toContain("invalid: updated_at: must be an ISO 8601 timestamp (got nothing)");
    expect(r.stdout).toContain("criteria -  path tasks/10-ready/task-bare.md");
  });

  it("unknown id exits 6; an unparsable file exits 3 naming the file and line", async () => {
    const dir = repo();
    const missing = await run(["show", "ghost", "--output", "json"], { cwd: dir, clock: t0 });
    expect(missing.code).toBe(6);
    expect(missing.stdout).toBe("");
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: "task_not_found" });
    writeTask(dir, "tasks/00-idea/task-broken.md", "---\nid: broken\ntitle: [unclosed\n---\n");
    const broken = await run(["show", "broken"], { cwd: dir, clock: t0 });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/tasks\/00-idea\/task-broken\.md/);
  });
});
