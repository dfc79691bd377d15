import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot } from "../helpers.js";
import { EPIC, ok, STORY, seedHierarchy, T1, TASK1, t0, t1, tempRepos } from "./setup.js";

const repo = tempRepos();
type Obj = Record<string, unknown> & { id: string; state: string; body?: string };
interface Bundle {
  task: Obj;
  ancestors: Obj[];
  children: Obj[];
  dependencies: { id: string; state: string }[];
  changes: { op: string; path: string; from?: string }[];
}
const exists = (dir: string, rel: string) => existsSync(path.join(dir, rel));
const IN_PROGRESS = "tasks/20-in-progress/task-task-one.md";

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  return dir;
}

describe("pickup", () => {
  it("moves the task to in-progress and its idea ancestors to ready; JSON is the context bundle", async () => {
    const dir = await seeded();
    const b = await runJson<Bundle>(["pickup", "task-one"], { cwd: dir, clock: t1 });
    expect(b.task).toMatchObject({ id: "task-one", state: "in-progress", path: IN_PROGRESS, updated_at: T1 });
    expect(b.task.body).toContain("- [ ] A\n- [x] B");
    expect(b.ancestors.map((a) => [a.id, a.state])).toEqual([
      ["story-one", "ready"],
      ["epic-one", "ready"],
    ]);
    expect(b.ancestors.every((a) => typeof a.body === "string")).toBe(true);
    expect(b.dependencies).toEqual([]);
    expect(b.changes).toContainEqual({ op: "move", path: IN_PROGRESS, from: TASK1 });
    expect(exists(dir, IN_PROGRESS)).toBe(true);
    expect(exists(dir, "tasks/10-ready/epic-epic-one.md")).toBe(true);
    expect(exists(dir, EPIC)).toBe(false);
    expect(read(dir, "tasks/10-ready/story-story-one.md")).toContain(`updated_at: ${T1}`);
  });

  it("warns (and still picks up) when the task's touches overlap work in progress", async () => {
    const dir = repo();
    const task = (title: string, touches: string) =>
      ok(
        [
          "new",
          "--title",
          title,
          "--state",
          "ready",
          "--meta",
          `touches=${touches}`,
          "--field",
          "acceptance_criteria",
          "- [ ] Done",
        ],
        dir,
      );
    await task("Busy api", "src/api/**");
    await task("Api handler", "src/api/handler.ts");
    await task("Docs page", "docs/index.md");
    await ok(["pickup", "busy-api"], dir, t1);
    const clash = await run(["pickup", "api-handler", "--output", "json"], { cwd: dir, clock: t1 });
    expect(clash.code).toBe(0);
    const warnings = (JSON.parse(clash.stdout) as { warnings: { code: string; message: string }[] }).warnings;
    expect(warnings).toEqual([
      expect.objectContaining({
        code: "touches_in_use",
        message: expect.stringContaining("src/api/handler.ts overlaps src/api/** of busy-api"),
      }),
    ]);
    expect(read(dir, "tasks/20-in-progress/task-api-handler.md")).toContain("state: in-progress");
    const human = await run(["pickup", "docs-page"], { cwd: dir, clock: t1 });
    expect(human.code).toBe(0);
    expect(human.stderr).not.toContain("touches_in_use");
    expect(human.stderr).not.toContain("overlap");
  });

  it("a story's bundle ranks its children; dependencies carry their state", async () => {
    const dir = await seeded();
    const b = await runJson<Bundle>(["pickup", "story-one"], { cwd: dir, clock: t1 });
    expect(b.children.map((c) => c.id)).toEqual(["task-two", "task-one"]); // task-two is high priority
    const forced = await runJson<Bundle>(["pickup", "task-two", "--force"], { cwd: dir, clock: t1 });
    expect(forced.dependencies.map((d) => [d.id, d.state])).toEqual([["task-one", "ready"]]);
  });

  it("human output names the task, the file moves and the bodies of ancestors and task", async () => {
    const dir = await seeded();
    const r = await run(["pickup", "task-one"], { cwd: dir, clock: t1 });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`Picked up task-one — Task one (${IN_PROGRESS})`);
    expect(r.stdout).toContain(`move   ${STORY} → tasks/10-ready/story-story-one.md`);
    expect(r.stdout).toContain("# epic: Epic one (epic-one, ready)");
    expect(r.stdout).toContain("# task: Task one (task-one)");
  });

  it("--dry-run prints the bundle with dry_run and writes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const b = await runJson<Bundle & { dry_run: boolean }>(["pickup", "task-one", "--dry-run"], {
      cwd: dir,
      clock: t1,
    });
    expect(b.dry_run).toBe(true);
    expect(b.task.state).toBe("in-progress");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refusals write nothing: unmet dependency, blocked, done, stale --if-version (all 1), unknown id (6)", async () => {
    const dir = await seeded();
    await ok(["new", "--title", "Finished", "--state", "done", "--meta", "commit_message=feat: f"], dir);
    await ok(["new", "--title", "Stuck", "--state", "ready", "--meta", "blocked=needs a key"], dir);
    const v0 = (await runJson<{ version: string }>(["show", "task-one"], { cwd: dir, clock: t0 })).version;
    await ok(["update", "task-one", "--meta", "size=small"], dir);
    const before = snapshot(dir);
    for (const [args, code, message] of [
      [["task-two"], 1, /depends on unfinished work: task-one \(ready\)/],
      [["stuck"], 1, /blocked/],
      [["finished"], 1, /done/],
      [["task-one", "--if-version", v0], 1, /changed since version/],
      [["ghost"], 6, /no task with id "ghost"/],
    ] as [string[], number, RegExp][]) {
      const r = await run(["pickup", ...args], { cwd: dir, clock: t1 });
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});
