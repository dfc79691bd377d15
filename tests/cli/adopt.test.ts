import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot } from "../helpers.js";
import { EPIC, ok, STORY, seedHierarchy, T1, t1, tempRepos } from "./setup.js";

const repo = tempRepos();
type Obj = Record<string, unknown> & { id: string; children?: string[] };

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  await ok(["new", "--title", "Story two", "--parent", "epic-one"], dir);
  return dir;
}

describe("adopt", () => {
  it("re-parents a child: appended to the new parent, removed from the old one, both stamped", async () => {
    const dir = await seeded();
    const out = await runJson<{ parent: Obj; child: Obj; previous_parent: string | null }>(
      ["adopt", "story-two", "task-one"],
      { cwd: dir, clock: t1 },
    );
    expect(out.parent).toMatchObject({ id: "story-two", children: ["task-one"] });
    expect(out.child.id).toBe("task-one");
    expect(out.previous_parent).toBe("story-one");
    expect(read(dir, "tasks/00-idea/story-story-two.md")).toContain("children:\n  - task-one\n");
    const old = read(dir, STORY);
    expect(old).toContain("children:\n  - task-two\n");
    expect(old).toContain(`updated_at: ${T1}`);
    expect(read(dir, "tasks/00-idea/story-story-two.md")).toContain(`updated_at: ${T1}`);
    expect(
      (await runJson<{ parent: { id: string } }>(["show", "task-one"], { cwd: dir, clock: t1 })).parent.id,
    ).toBe("story-two");
  });

  it("--before / --after reorder within the same parent; human output shows the new order", async () => {
    const dir = await seeded();
    const r = await run(["adopt", "story-one", "task-two", "--before", "task-one"], { cwd: dir, clock: t1 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("story-one adopts task-two: task-two, task-one\n");
    expect(read(dir, STORY)).toContain("children:\n  - task-two\n  - task-one\n");
    await ok(["adopt", "story-one", "task-two", "--after", "task-one"], dir);
    expect(read(dir, STORY)).toContain("children:\n  - task-one\n  - task-two\n");
  });

  it("adopting into the current place changes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<{ changes: unknown[] }>(["adopt", "story-one", "task-two"], {
      cwd: dir,
      clock: t1,
    });
    expect(out.changes).toEqual([]);
    expect(snapshot(dir)).toEqual(before);
  });

  it("--dry-run shows the new parent and writes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<{ dry_run: boolean; parent: Obj; changes: { path: string }[] }>(
      ["adopt", "story-two", "task-one", "--dry-run"],
      { cwd: dir, clock: t1 },
    );
    expect(out.dry_run).toBe(true);
    expect(out.parent.children).toEqual(["task-one"]);
    expect(out.changes.map((c) => c.path).sort()).toEqual(["tasks/00-idea/story-story-two.md", STORY].sort());
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ["a wrong kind pairing", ["epic-one", "task-one"], 1],
    ["a sibling that is not a child", ["story-one", "task-one", "--before", "story-two"], 5],
    ["a task adopting itself into a cycle", ["story-one", "epic-one"], 1],
    ["an unknown child", ["story-one", "ghost"], 6],
    [
      "both --before and --after",
      ["story-one", "task-two", "--before", "task-one", "--after", "task-one"],
      5,
    ],
  ])("refuses %s (exit %i) and writes nothing", async (_n, args, code) => {
    const dir = await seeded();
    const before = snapshot(dir);
    const r = await run(["adopt", ...args], { cwd: dir, clock: t1 });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^error: /);
    expect(snapshot(dir)).toEqual(before);
    expect(read(dir, EPIC)).toContain("children:\n  - story-one\n  - story-two\n");
  });

  it("--if-version guards the child: a stale version is refused and nothing changes", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const r = await run(["adopt", "story-two", "task-one", "--if-version", "000000000000"], {
      cwd: dir,
      clock: t1,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/changed since version 000000000000/);
    expect(snapshot(dir)).toEqual(before);
    const child = await runJson<{ version: string }>(["show", "task-one"], { cwd: dir });
    const moved = await run(["adopt", "story-two", "task-one", "--if-version", child.version], {
      cwd: dir,
      clock: t1,
    });
    expect(moved.code).toBe(0);
  });
  it("an old parent whose file name names another kind lets go of the child too (no circular refusal)", async () => {
    const dir = await seeded();
    const misnamed = "tasks/00-idea/task-story-one.md"; // a story in a file named for a task
    renameSync(path.join(dir, STORY), path.join(dir, misnamed));
    const r = await run(["adopt", "story-two", "task-one"], { cwd: dir, clock: t1 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("story-two adopts task-one (from story-one)");
    expect(r.stdout).toContain(`renamed ${misnamed} → ${STORY}\n`);
    expect(read(dir, STORY)).toContain("children:\n  - task-two\n");
    expect(read(dir, "tasks/00-idea/story-story-two.md")).toContain("children:\n  - task-one\n");
    expect((await run(["validate"], { cwd: dir, clock: t1 })).stdout).not.toContain("multiple_parents");
  });

  it("a child listed by two parents ends with the one that adopts it", async () => {
    const dir = await seeded();
    await ok(["new", "--title", "Story three", "--parent", "epic-one"], dir);
    const three = "tasks/00-idea/story-story-three.md";
    writeFileSync(
      path.join(dir, three),
      read(dir, three).replace("kind: story\n", "kind: story\nchildren:\n  - task-one\n"),
    );
    const out = await runJson<{ previous_parent: string }>(["adopt", "story-two", "task-one"], {
      cwd: dir,
      clock: t1,
    });
    expect(out.previous_parent).toBe("story-one");
    expect(read(dir, STORY)).not.toContain("task-one");
    expect(read(dir, three)).not.toContain("task-one");
    const report = await run(["validate", "--output", "json"], { cwd: dir, clock: t1 });
    expect(JSON.parse(report.stdout).errors).toEqual([]);
  });
});
