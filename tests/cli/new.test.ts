import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot } from "../helpers.js";
import { EPIC, ok, STORY, seedHierarchy, T0, t0, tempRepos } from "./setup.js";

const repo = tempRepos();
type Obj = Record<string, unknown> & { id: string; path: string };

describe("new", () => {
  it("writes a task with the template, defaults and timestamps from the clock; prints id and path", async () => {
    const dir = repo();
    const r = await run(["new", "--title", "Fix the navbar!"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("fix-the-navbar\ttasks/00-idea/task-fix-the-navbar.md\n");
    const text = read(dir, "tasks/00-idea/task-fix-the-navbar.md");
    expect(text).toMatch(
      new RegExp(
        `^---\\nid: fix-the-navbar\\ntitle: Fix the navbar!\\nkind: task\\nstate: idea\\npriority: normal\\ncreated_at: ${T0}\\nupdated_at: ${T0}\\nlast_activity_at: ${T0}\\n---\\n`.replace(
          /\./g,
          "\\.",
        ),
      ),
    );
    for (const h of [
      "## Overview",
      "## Acceptance Criteria",
      "## Technical Approach",
      "## Post-Implementation Insights",
      "### Changelog",
    ])
      expect(text).toContain(h);
  });

  it("infers the kind from the parent and appends to its children; --state, --priority, --meta, --field land in the file", async () => {
    const dir = repo();
    await seedHierarchy(dir);
    expect(read(dir, EPIC)).toContain("children:\n  - story-one\n");
    const t = await runJson<Obj>(
      [
        "new",
        "--title",
        "Third",
        "--parent",
        "story-one",
        "--state",
        "ready",
        "--priority",
        "urgent",
        "--meta",
        "touches=src/a.ts,src/b/**",
        "--meta",
        'labels=["ui","web"]',
        "--field",
        "acceptance_criteria",
        "- [ ] Works",
      ],
      { cwd: dir, clock: t0 },
    );
    expect(t).toMatchObject({
      id: "third",
      kind: "task",
      state: "ready",
      priority: "urgent",
      touches: ["src/a.ts", "src/b/**"],
      labels: ["ui", "web"],
      path: "tasks/10-ready/task-third.md",
    });
    expect(read(dir, STORY)).toContain("children:\n  - task-one\n  - task-two\n  - third\n");
    expect(read(dir, t.path)).toContain("## Acceptance Criteria\n\n- [ ] Works\n");
    const story = await runJson<Obj>(["new", "--title", "Another story", "--parent", "epic-one"], {
      cwd: dir,
      clock: t0,
    });
    expect(story.kind).toBe("story");
  });

  it("derives ids: keeps whole words within 24 characters and appends -2 on collision", async () => {
    const dir = repo();
    const a = await runJson<Obj>(["new", "--title", "Validate card numbers on the client side"], {
      cwd: dir,
      clock: t0,
    });
    expect(a.id).toBe("validate-card-numbers-on");
    const b = await runJson<Obj>(["new", "--title", "Validate card numbers on the client side"], {
      cwd: dir,
      clock: t0,
    });
    expect(b.id).toBe("validate-card-numbers-2");
    expect(b.id.length).toBeLessThanOrEqual(24);
    const c = await runJson<Obj>(["new", "--title", "Whatever", "--id", "explicit-id"], {
      cwd: dir,
      clock: t0,
    });
    expect(c.path).toBe("tasks/00-idea/task-explicit-id.md");
  });

  it("--dry-run prints the task and its planned files and writes nothing", async () => {
    const dir = repo();
    await seedHierarchy(dir);
    const before = snapshot(dir);
    const out = await runJson<Obj & { dry_run: boolean; changes: { op: string; path: string }[] }>(
      ["new", "--title", "Dry", "--parent", "story-one", "--dry-run"],
      { cwd: dir, clock: t0 },
    );
    expect(out).toMatchObject({ id: "dry", dry_run: true, path: "tasks/00-idea/task-dry.md" });
    expect(out.changes).toEqual([
      { op: "create", path: "tasks/00-idea/task-dry.md" },
      { op: "write", path: STORY },
    ]);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ["a taken id", ["--id", "task-one"], 1, "id_taken"],
    ["an invalid id", ["--id", "Bad_Id"], 5, undefined],
    ["an unknown parent", ["--parent", "ghost"], 6, "task_not_found"],
    ["a task as parent", ["--parent", "task-one"], 1, undefined],
    ["a bad enum", ["--priority", "asap"], 5, undefined],
  ])("refuses %s, exits %i and writes nothing", async (_n, extra, code, errCode) => {
    const dir = repo();
    await seedHierarchy(dir);
    const before = snapshot(dir);
    const r = await run(["new", "--title", "Refused", ...(extra as string[]), "--output", "json"], {
      cwd: dir,
      clock: t0,
    });
    expect(r.code).toBe(code);
    expect(r.stdout).toBe("");
    const err = JSON.parse(r.stderr).error;
    expect(err.message).toEqual(expect.any(String));
    if (errCode) expect(err.code).toBe(errCode);
    expect(snapshot(dir)).toEqual(before);
  });

  it("a missing --title is a usage error (exit 5)", async () => {
    const dir = repo();
    const r = await run(["new"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(5);
    expect(snapshot(dir)).toEqual({});
    await ok(["list"], dir);
  });
});
