import { describe, expect, it } from "vitest";
import { fixtureRepo, read, run, runJson, snapshot, taskText, tempDir, writeTask } from "../helpers.js";

type TaskJson = Record<string, unknown> & { id: string; path: string; version: string };

describe("init", () => {
  it("creates the five folders and is idempotent", async () => {
    const dir = fixtureRepo();
    const first = await run(["init"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(Object.keys(snapshot(dir)).sort()).toEqual([
      "tasks/00-idea/.gitkeep",
      "tasks/10-ready/.gitkeep",
      "tasks/20-in-progress/.gitkeep",
      "tasks/30-done/.gitkeep",
      "tasks/40-canceled/.gitkeep",
    ]);
    const again = await runJson<{ created: string[] }>(["init"], { cwd: dir });
    expect(again.created).toEqual([]);
  });

  it("--sample seeds a repository that validates", async () => {
    const dir = fixtureRepo();
    expect((await run(["init", "--sample"], { cwd: dir })).code).toBe(0);
    const tasks = await runJson<TaskJson[]>(["list"], { cwd: dir });
    expect(tasks.length).toBeGreaterThan(10);
    expect(tasks.some((t) => t.execution)).toBe(true);
    const v = await run(["validate"], { cwd: dir });
    expect(v.stdout).toContain("0 errors");
    expect(v.code).toBe(0);
  });
});

describe("compat and seed-shaped files", () => {
  it("load, validate without errors and survive validate --fix unchanged", async () => {
    const dir = fixtureRepo("compat");
    const before = snapshot(dir);
    const report = await runJson<{ ok: boolean; errors: unknown[]; warnings: { code: string }[] }>(
      ["validate"],
      { cwd: dir },
    );
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(["unknown_attempt_key", "id_too_long"]),
    );
    const fix = await run(["validate", "--fix", "--rename-files"], { cwd: dir });
    expect(fix.code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it("list --output json is an array of full task objects that the seed's jq recipe can read", async () => {
    const dir = fixtureRepo("compat");
    const tasks = await runJson<TaskJson[]>(["list", "--state", "done"], { cwd: dir });
    expect(Array.isArray(tasks)).toBe(true);
    const rows = tasks
      .filter((t) => t.execution)
      .map((t) => {
        const attempts = (
          t.execution as { attempts: { executor: { model: string }; duration_seconds: number }[] }
        ).attempts;
        const last = attempts[attempts.length - 1]!;
        return `${last.executor.model}\t${last.duration_seconds}`;
      });
    expect(rows).toEqual(["claude-sonnet-4-20250514\t165", "gpt-5-codex\t157"]);
    const story = tasks.find((t) => t.id === "run-telemetry")!;
    expect(story).toMatchObject({
      kind: "story",
      state: "done",
      size: "medium",
      path: "tasks/30-done/2026-03-14 story-run-telemetry.md",
    });
    expect(story.version).toMatch(/^[0-9a-f]{12}$/);
    expect(Object.keys(story).slice(0, 6)).toEqual([
      "id",
      "title",
      "kind",
      "state",
      "commit_message",
      "priority",
    ]);
  });

  it("applies read defaults in JSON without writing them", async () => {
    const dir = fixtureRepo("compat");
    const before = read(dir, "tasks/10-ready/task-plain-ready.md");
    const [task] = await runJson<TaskJson[]>(["list", "--state", "ready"], { cwd: dir });
    expect(task).toMatchObject({
      size: "medium",
      ambiguity: "low",
      executor: "standard",
      isolation: "module",
      last_activity_at: "2026-03-16T10:00:00.000Z",
    });
    expect(read(dir, "tasks/10-ready/task-plain-ready.md")).toBe(before);
  });

  it("show prints the body, acceptance progress and the execution summary", async () => {
    const dir = fixtureRepo("compat");
    const shown = await runJson<Record<string, unknown>>(["show", "run-telemetry"], { cwd: dir });
    expect(shown.acceptance).toEqual({ checked: 3, total: 3 });
    expect(shown.execution_summary).toMatchObject({
      attempts: 3,
      retries: 2,
      execution_seconds: 380,
      wall_clock_seconds: 585,
      idle_seconds: 205,
      final_status: "completed",
      first_try_success: false,
    });
    expect(String(shown.body)).toContain("## Acceptance Criteria");
    const human = await run(["show", "run-telemetry"], { cwd: dir });
    expect(human.stdout).toContain("3 attempts · completed");
    expect(human.stdout).toContain("## Technical Approach");
  });
});

describe("broken and invalid files", () => {
  it("a broken YAML file is reported with file and line, others still listed, bytes untouched", async () => {
    const dir = fixtureRepo("compat");
    const brokenText = "---\nid: broken\ntitle: Broken\nkind: [task\nstate: idea\n---\n\n## Overview\n";
    writeTask(dir, "tasks/00-idea/task-broken.md", brokenText);
    const list = await run(["list", "--output", "json"], { cwd: dir });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(3);
    expect(list.stderr).toMatch(/tasks\/00-idea\/task-broken\.md:\d+: invalid YAML/);
    const v = await run(["validate", "--output", "json"], { cwd: dir });
    expect(v.code).toBe(1);
    const report = JSON.parse(v.stdout);
    const parse = report.errors.find((e: { code: string }) => e.code === "parse_error");
    expect(parse).toMatchObject({ file: "tasks/00-idea/task-broken.md" });
    expect(parse.message).toMatch(/^line \d+: /);
    await run(["validate", "--fix", "--rename-files"], { cwd: dir });
    expect(read(dir, "tasks/00-idea/task-broken.md")).toBe(brokenText);
    const show = await run(["show", "broken"], { cwd: dir });
    expect(show.code).toBe(3);
    expect(show.stderr).toContain("task-broken.md");
  });

  it("a task with an invalid execution block is still listed, flagged, and reported with its field path", async () => {
    const dir = fixtureRepo();
    const text = taskText({
      id: "bad-run",
      title: "Bad run",
      kind: "task",
      state: "ready",
      priority: "normal",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
    }).replace(
      "---\n\n## Overview",
      "execution:\n  attempts:\n    - started_at: 2026-01-01T00:00:00.000Z\n      ended_at: 2026-01-01T00:01:00.000Z\n      duration_seconds: -5\n      status: completed\n      executor:\n        tool: x\n---\n\n## Overview",
    );
    writeTask(dir, "tasks/10-ready/task-bad-run.md", text);
    const [task] = await runJson<TaskJson[]>(["list"], { cwd: dir });
    expect(task!.id).toBe("bad-run");
    expect(task!.errors).toEqual(["execution.attempts.0.duration_seconds: must be an integer >= 0 (got -5)"]);
    const human = await run(["list"], { cwd: dir });
    expect(human.stdout).toContain("bad-run !");
    const v = await run(["validate", "--output", "json"], { cwd: dir });
    expect(v.code).toBe(1);
    expect(JSON.parse(v.stdout).errors[0]).toMatchObject({
      code: "invalid_execution",
      field: "execution.attempts.0.duration_seconds",
      file: "tasks/10-ready/task-bad-run.md",
    });
    const before = snapshot(dir);
    await run(["validate", "--fix"], { cwd: dir });
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("validate --fix", () => {
  it("repairs key order, headings, checkboxes, legacy parent and file names without touching other text", async () => {
    const dir = fixtureRepo();
    writeTask(
      dir,
      "tasks/10-ready/story-parent-story.md",
      taskText({
        id: "parent-story",
        title: "Parent",
        kind: "story",
        state: "ready",
        priority: "normal",
        created_at: "2026-01-01T00:00:00.000Z",
        updated_at: "2026-01-01T00:00:00.000Z",
      }),
    );
    writeTask(
      dir,
      "tasks/00-idea/task-messy.md",
      "---\ntitle: Messy\nid: messy\nparent: parent-story\nkind: task\nstate: ready\npriority: low\ncreated_at: 2026-01-01T00:00:00.000Z\nupdated_at: 2026-01-01T00:00:00.000Z\n---\n\n## Overview\n\nKeep *this* text.\n\n## Acceptance Criteria\n\n- a line with [a link](x) and `code`\n- [x] already boxed\n",
    );
    const r = await run(["validate", "--fix", "--rename-files", "--output", "json"], { cwd: dir });
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([]);
    const text = read(dir, "tasks/10-ready/task-messy.md");
    expect(text).toMatch(/^---\nid: messy\ntitle: Messy\nkind: task\nstate: ready\npriority: low\n/);
    expect(text).not.toContain("parent:");
    expect(text).toContain("\n## Overview\n\nKeep *this* text.\n");
    expect(text).toContain("- [ ] a line with [a link](x) and `code`\n- [x] already boxed\n");
    expect(text).toContain("## Technical Approach");
    expect(read(dir, "tasks/10-ready/story-parent-story.md")).toContain("children:\n  - messy\n");
    expect(snapshot(dir)["tasks/00-idea/task-messy.md"]).toBeUndefined();
  });

  it("--dry-run reports the repairs and writes nothing", async () => {
    const dir = fixtureRepo();
    writeTask(
      dir,
      "tasks/00-idea/task-x.md",
      "---\ntitle: X\nid: x\nkind: task\nstate: idea\npriority: low\ncreated_at: 2026-01-01T00:00:00.000Z\nupdated_at: 2026-01-01T00:00:00.000Z\n---\n\n## Overview\n",
    );
    const before = snapshot(dir);
    const report = await runJson<{ dry_run: boolean; fixed: { fixes: string[] }[] }>(
      ["validate", "--fix", "--dry-run"],
      { cwd: dir },
    );
    expect(report.dry_run).toBe(true);
    expect(report.fixed[0]!.fixes.join(" ")).toContain("canonical order");
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("conventions", () => {
  it("schema prints a JSON Schema generated from the definitions", async () => {
    const dir = fixtureRepo();
    const schema = await runJson<{ $schema: string; properties: Record<string, unknown> }>(["schema"], {
      cwd: dir,
    });
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.properties)).toContain("execution");
  });

  it("usage errors exit 5, unknown ids exit 6, with readable messages and no stack", async () => {
    const dir = fixtureRepo("compat");
    const flag = await run(["list", "--bogus"], { cwd: dir });
    expect(flag.code).toBe(5);
    expect(flag.stderr).toMatch(/^error: unknown option '--bogus'/);
    const badEnum = await run(["list", "--state", "finished"], { cwd: dir });
    expect(badEnum.code).toBe(5);
    expect(badEnum.stderr).toContain(
      '--state must be idea, ready, in-progress, done, canceled (got "finished")',
    );
    const missing = await run(["show", "nope"], { cwd: dir });
    expect(missing.code).toBe(6);
    expect(missing.stderr).toContain('no task with id "nope"');
    expect(missing.stderr).toContain("hint:");
    const json = await run(["show", "nope", "--output", "json"], { cwd: dir });
    expect(json.stdout).toBe("");
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: "task_not_found" } });
    const traversal = await run(["show", "../../etc/passwd"], { cwd: dir });
    expect(traversal.code).toBe(5);
    for (const r of [flag, badEnum, missing, traversal]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("finds the root from a subfolder, via --root and TASKPLAIN_ROOT", async () => {
    const dir = fixtureRepo("compat");
    const sub = writeTask(dir, "src/deep/file.txt", "x").replace(/file\.txt$/, "");
    expect((await runJson<unknown[]>(["list"], { cwd: sub })).length).toBe(3);
    const elsewhere = fixtureRepo();
    expect((await runJson<unknown[]>(["list", "--root", dir], { cwd: elsewhere })).length).toBe(3);
    expect(
      (await runJson<unknown[]>(["list"], { cwd: elsewhere, env: { TASKPLAIN_ROOT: dir } })).length,
    ).toBe(3);
  });

  it("a --root or TASKPLAIN_ROOT without tasks/ is an error, as when no root is found; init makes one there", async () => {
    const dir = fixtureRepo("compat");
    const empty = tempDir();
    for (const [args, env] of [
      [["list", "--root", empty], {}],
      [["validate"], { TASKPLAIN_ROOT: empty }],
    ] as [string[], Record<string, string>][]) {
      const r = await run(args, { cwd: dir, env });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(`no tasks/ folder in "${empty}"`);
      expect(r.stdout).toBe("");
    }
    expect((await run(["init", "--root", empty], { cwd: dir })).code).toBe(0);
    expect((await runJson<unknown[]>(["list", "--root", empty], { cwd: dir })).length).toBe(0);
  });

  it("plain output is one id a line; colour only when asked", async () => {
    const dir = fixtureRepo("compat");
    const plain = await run(["list", "--output", "plain"], { cwd: dir });
    expect(plain.stdout).toBe("plain-ready\nrun-telemetry\na-rather-long-identifier-from-the-old-tool\n");
    const colored = await run(["list", "--color", "always"], { cwd: dir });
    expect(colored.stdout).toContain("\u001b[");
    const none = await run(["list"], { cwd: dir });
    expect(none.stdout).not.toContain("\u001b[");
  });
});
