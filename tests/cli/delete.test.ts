import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot, taskMeta, taskText, writeTask } from "../helpers.js";
import { ok, STORY, seedHierarchy, T1, TASK1, TASK2, t0, t1, tempRepos } from "./setup.js";

const repo = tempRepos();
const exists = (dir: string, rel: string) => existsSync(path.join(dir, rel));

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  return dir;
}

describe("delete", () => {
  it("deletes the file and removes the id from its parent's children (stamping only the parent)", async () => {
    const dir = await seeded();
    const task1 = read(dir, TASK1);
    const r = await run(["delete", "task-two"], { cwd: dir, clock: t1 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`deleted task-two (${TASK2})\n  removed references from story-one\n`);
    expect(exists(dir, TASK2)).toBe(false);
    const story = read(dir, STORY);
    expect(story).toContain("children:\n  - task-one\n");
    expect(story).not.toContain("task-two");
    expect(story).toContain(`updated_at: ${T1}`);
    expect(read(dir, TASK1)).toBe(task1);
  });

  it("--force deletes a referenced task with children: references removed, children become roots", async () => {
    const dir = await seeded();
    const out = await runJson<{ changes: { op: string; path: string }[] }>(
      ["delete", "story-one", "--force"],
      {
        cwd: dir,
        clock: t1,
      },
    );
    expect(out.changes).toContainEqual({ op: "delete", path: STORY });
    expect(exists(dir, STORY)).toBe(false);
    expect(read(dir, "tasks/00-idea/epic-epic-one.md")).not.toContain("story-one");
    const roots = await runJson<{ id: string }[]>(["tree"], { cwd: dir, clock: t1 });
    expect(roots.map((n) => n.id).sort()).toEqual(["epic-one", "task-one", "task-two"]);
    await ok(["delete", "task-one", "--force"], dir, t1);
    expect(read(dir, TASK2)).not.toContain("depends_on");
    const v = await runJson<{ errors: unknown[] }>(["validate"], { cwd: dir, clock: t1 }).catch(() => ({
      errors: ["exit 1"],
    }));
    expect(v.errors).toEqual([]);
  });

  it("--dry-run lists deletions and reference cleanups and writes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<{ dry_run: boolean; changes: { op: string; path: string }[] }>(
      ["delete", "task-one", "--force", "--dry-run"],
      { cwd: dir, clock: t1 },
    );
    expect(out.dry_run).toBe(true);
    expect(out.changes).toContainEqual({ op: "delete", path: TASK1 });
    expect(out.changes).toContainEqual({ op: "write", path: TASK2 });
    expect(snapshot(dir)).toEqual(before);
  });

  it("refusals write nothing: children (1), named in depends_on (1), stale --if-version (1), unknown id (6)", async () => {
    const dir = await seeded();
    const v0 = (await runJson<{ version: string }>(["show", "task-two"], { cwd: dir, clock: t0 })).version;
    await ok(["update", "task-two", "--meta", "size=small"], dir);
    const before = snapshot(dir);
    for (const [args, code, message] of [
      [["story-one"], 1, /children/],
      [["task-one"], 1, /task-two names it in depends_on or blocks/],
      [["task-two", "--if-version", v0], 1, /changed since version/],
      [["ghost"], 6, /no task with id "ghost"/],
    ] as [string[], number, RegExp][]) {
      const r = await run(["delete", ...args], { cwd: dir, clock: t1 });
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it("someone else's live lease refuses delete and check (lease_held) unless delete --force", async () => {
    const dir = repo();
    await seedHierarchy(dir);
    const agent = { TASKPLAIN_HOLDER: "agent-3" };
    const other = { TASKPLAIN_HOLDER: "someone-else" };
    expect((await run(["claim", "task-two", "--ttl", "20m"], { cwd: dir, env: agent })).code).toBe(0);
    const before = snapshot(dir);
    const checked = await run(["check", "task-two", "1"], { cwd: dir, env: other });
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain("agent-3");
    const deleted = await run(["delete", "task-two"], { cwd: dir, env: other });
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain("agent-3");
    expect(snapshot(dir)).toEqual(before);
    expect((await run(["check", "task-two", "1"], { cwd: dir, env: agent })).code).toBe(0);
    expect((await run(["delete", "task-two", "--force"], { cwd: dir, env: other })).code).toBe(0);
    expect(exists(dir, TASK2)).toBe(false);
  });
  it("a reference spelt with YAML escapes counts as the id it decodes to (refused, then removed by --force)", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-dark-mode.md", taskText(taskMeta("dark-mode", "task", "ready")));
    const other = "tasks/10-ready/task-other.md";
    writeTask(
      dir,
      other,
      taskText(
        taskMeta("other", "task", "ready", {
          depends_on: '["dark\\x2dmode"]',
          blocks: '["dark\\u002dmode"]',
        }),
      ),
    );
    const before = snapshot(dir);
    const refused = await run(["delete", "dark-mode"], { cwd: dir, clock: t1 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "error: dark-mode cannot be deleted: other names it in depends_on or blocks",
    );
    expect(snapshot(dir)).toEqual(before);
    const out = await runJson<{ cleaned: string[] }>(["delete", "dark-mode", "--force"], {
      cwd: dir,
      clock: t1,
    });
    expect(out.cleaned).toEqual(["other"]);
    expect(exists(dir, "tasks/10-ready/task-dark-mode.md")).toBe(false);
    expect(read(dir, other)).not.toMatch(/depends_on|blocks|dark/);
  });
});
