import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot } from "../helpers.js";
import { EPIC, ok, STORY, seedHierarchy, T1, TASK1, TASK2, t0, t1, tempRepos } from "./setup.js";

const repo = tempRepos();
type Obj = Record<string, unknown> & { id: string; path: string; version: string };
const exists = (dir: string, rel: string) => existsSync(path.join(dir, rel));

async function seeded(git = false) {
  const dir = repo(undefined, { git });
  await seedHierarchy(dir);
  return dir;
}
/** Makes task-one pass complete's checks. */
async function finishable(dir: string) {
  await ok(
    [
      "update",
      "task-one",
      "--field",
      "acceptance_criteria",
      "- [x] A",
      "--field",
      "post_implementation_insights",
      "### Changelog\n\n- Did it.\n",
      "--meta",
      "commit_message=feat: one  [Task:task-one]",
    ],
    dir,
  );
}

describe("move", () => {
  it("moves the file to the state's folder and stamps updated_at from the clock", async () => {
    const dir = await seeded();
    const r = await run(["move", "task-two", "in-progress"], { cwd: dir, clock: t1 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("task-two → in-progress (tasks/20-in-progress/task-task-two.md)\n");
    expect(exists(dir, TASK2)).toBe(false);
    const text = read(dir, "tasks/20-in-progress/task-task-two.md");
    expect(text).toContain("state: in-progress\n");
    expect(text).toContain(`updated_at: ${T1}\n`);
    expect(text).toContain(`last_activity_at: ${T1}\n`);
  });

  it("to done: dated file name and completed_at; leaving done clears both", async () => {
    const dir = await seeded();
    await finishable(dir);
    const done = await runJson<Obj>(["move", "task-one", "done"], { cwd: dir, clock: t1 });
    expect(done).toMatchObject({
      state: "done",
      completed_at: T1,
      path: "tasks/30-done/2026-03-02 task-task-one.md",
    });
    expect(read(dir, done.path)).toContain(`completed_at: ${T1}\n`);
    const back = await runJson<Obj>(["move", "task-one", "ready"], { cwd: dir, clock: t1 });
    expect(back.path).toBe(TASK1);
    expect(back.completed_at ?? null).toBeNull();
    expect(read(dir, TASK1)).not.toMatch(/completed_at: 20/);
    expect(exists(dir, done.path)).toBe(false);
  });

  it("--cascade ready promotes idea descendants; --cascade cancel cancels open descendants", async () => {
    const dir = await seeded();
    await ok(["new", "--title", "Idea task", "--parent", "story-one"], dir);
    const up = await runJson<Obj & { cascaded: { id: string; state: string }[] }>(
      ["move", "epic-one", "ready", "--cascade", "ready"],
      { cwd: dir, clock: t1 },
    );
    expect(up.cascaded.map((c) => [c.id, c.state]).sort()).toEqual([
      ["idea-task", "ready"],
      ["story-one", "ready"],
    ]);
    expect(exists(dir, "tasks/10-ready/task-idea-task.md")).toBe(true);
    const down = await runJson<Obj & { cascaded: { id: string; state: string }[] }>(
      ["move", "story-one", "canceled", "--cascade", "cancel"],
      { cwd: dir, clock: t1 },
    );
    expect(down.cascaded.map((c) => c.id).sort()).toEqual(["idea-task", "task-one", "task-two"]);
    expect(exists(dir, "tasks/40-canceled/task-task-one.md")).toBe(true);
    expect(exists(dir, "tasks/10-ready/epic-epic-one.md")).toBe(true);
  });

  it("uses git mv for a tracked file", async () => {
    const dir = await seeded(true);
    execFileSync("git", ["add", "-A"], { cwd: dir });
    execFileSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "seed"],
      { cwd: dir },
    );
    await ok(["move", "task-two", "in-progress"], dir);
    const status = execFileSync("git", ["status", "--porcelain"], { cwd: dir, encoding: "utf8" });
    expect(status).toMatch(
      /^R[M ] tasks\/10-ready\/task-task-two\.md -> tasks\/20-in-progress\/task-task-two\.md$/m,
    );
  });

  it("a blocked task needs --force, except to canceled", async () => {
    const dir = await seeded();
    await ok(["update", "task-two", "--meta", "blocked=waiting on legal"], dir);
    const before = snapshot(dir);
    const refused = await run(["move", "task-two", "in-progress", "--output", "json"], {
      cwd: dir,
      clock: t1,
    });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr).error.message).toContain("waiting on legal");
    expect(snapshot(dir)).toEqual(before);
    expect((await run(["move", "task-two", "in-progress", "--force"], { cwd: dir, clock: t1 })).code).toBe(0);
    expect((await run(["move", "task-two", "canceled"], { cwd: dir, clock: t1 })).code).toBe(0);
    expect(exists(dir, "tasks/40-canceled/task-task-two.md")).toBe(true);
  });

  it("--dry-run lists the moves and writes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<
      Obj & { dry_run: boolean; changes: { op: string; path: string; from?: string }[] }
    >(["move", "story-one", "ready", "--cascade", "ready", "--dry-run"], { cwd: dir, clock: t1 });
    expect(out.dry_run).toBe(true);
    expect(out.changes).toContainEqual({
      op: "move",
      path: "tasks/10-ready/story-story-one.md",
      from: STORY,
    });
    expect(snapshot(dir)).toEqual(before);
  });

  it("refusals write nothing: stale --if-version (1), moving an epic to done with open work (1), unknown id (6)", async () => {
    const dir = await seeded();
    const v0 = (await runJson<Obj>(["show", "task-two"], { cwd: dir, clock: t0 })).version;
    await ok(["update", "task-two", "--meta", "size=small"], dir);
    const before = snapshot(dir);
    const stale = await run(["move", "task-two", "in-progress", "--if-version", v0, "--output", "json"], {
      cwd: dir,
      clock: t1,
    });
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stderr).error.code).toBe("stale_version");
    const epic = await run(["move", "epic-one", "done", "--force"], { cwd: dir, clock: t1 });
    expect(epic.code).toBe(1);
    expect(epic.stderr).toMatch(/^error: /);
    const ghost = await run(["move", "ghost", "ready"], { cwd: dir, clock: t1 });
    expect(ghost.code).toBe(6);
    expect(snapshot(dir)).toEqual(before);
    expect(exists(dir, EPIC)).toBe(true);
  });
});
