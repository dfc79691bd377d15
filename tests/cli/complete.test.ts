import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot } from "../helpers.js";
import { ok, seedHierarchy, T1, TASK1, t0, t1, tempRepos } from "./setup.js";

const repo = tempRepos();
type Obj = Record<string, unknown> & { path: string; version: string };
const DONE = "tasks/30-done/2026-03-02 task-task-one.md";
const CHANGELOG = ["--field", "post_implementation_insights", "### Changelog\n\n- One is done.\n"];

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  await ok(["pickup", "task-one"], dir);
  await ok(["update", "task-one", ...CHANGELOG], dir);
  return dir;
}

describe("complete", () => {
  it("--check-acs ticks the open boxes; sets done, completed_at from the clock, the commit message and the dated name", async () => {
    const dir = await seeded();
    const out = await runJson<Obj & { ticked: number }>(
      ["complete", "task-one", "--check-acs", "--commit-message", "feat: one  [Task:task-one]"],
      { cwd: dir, clock: t1 },
    );
    expect(out).toMatchObject({
      state: "done",
      completed_at: T1,
      updated_at: T1,
      commit_message: "feat: one  [Task:task-one]",
      ticked: 1,
      path: DONE,
    });
    expect(existsSync(path.join(dir, "tasks/20-in-progress/task-task-one.md"))).toBe(false);
    const text = read(dir, DONE);
    expect(text).toContain("- [x] A\n- [x] B");
    expect(text).toContain(`completed_at: ${T1}\n`);
    expect(text).toMatch(/^commit_message: .*feat: one {2}\[Task:task-one\]/m);
  });

  it("human output names the new path and how many criteria it ticked", async () => {
    const dir = await seeded();
    const r = await run(["complete", "task-one", "--check-acs", "--commit-message", "feat: one"], {
      cwd: dir,
      clock: t1,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`task-one done → ${DONE}`);
    expect(r.stdout).toContain("(ticked 1 criterion)");
  });

  it("uses the commit_message already in the file when the flag is absent", async () => {
    const dir = await seeded();
    await ok(
      [
        "update",
        "task-one",
        "--meta",
        "commit_message=fix: stored",
        "--field",
        "acceptance_criteria",
        "- [x] A",
      ],
      dir,
    );
    const out = await runJson<Obj>(["complete", "task-one"], { cwd: dir, clock: t1 });
    expect(out).toMatchObject({ state: "done", commit_message: "fix: stored", path: DONE });
  });

  it("--dry-run shows the rename and writes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<
      Obj & { dry_run: boolean; changes: { op: string; path: string; from?: string }[] }
    >(["complete", "task-one", "--check-acs", "--commit-message", "feat: one", "--dry-run"], {
      cwd: dir,
      clock: t1,
    });
    expect(out).toMatchObject({ dry_run: true, state: "done", path: DONE });
    expect(out.changes).toContainEqual({
      op: "move",
      path: DONE,
      from: "tasks/20-in-progress/task-task-one.md",
    });
    expect(snapshot(dir)).toEqual(before);
  });

  it("refusals write nothing: open criteria, no commit message, no Changelog bullet, stale --if-version (1), unknown id (6)", async () => {
    const dir = await seeded();
    await ok(
      ["new", "--title", "Bare", "--state", "in-progress", "--field", "acceptance_criteria", "- [x] Done"],
      dir,
    );
    const v0 = (await runJson<Obj>(["show", "task-one"], { cwd: dir, clock: t0 })).version;
    await ok(["update", "task-one", "--meta", "size=small"], dir);
    const before = snapshot(dir);
    for (const [args, code, message] of [
      [["task-one", "--commit-message", "feat: x"], 1, /not checked/],
      [["task-one", "--check-acs"], 1, /commit_message is not set/],
      [["bare", "--commit-message", "feat: x"], 1, /Changelog .*no bullet/],
      [
        ["task-one", "--check-acs", "--commit-message", "feat: x", "--if-version", v0],
        1,
        /changed since version/,
      ],
      [["ghost", "--commit-message", "feat: x"], 6, /no task with id "ghost"/],
    ] as [string[], number, RegExp][]) {
      const r = await run(["complete", ...args], { cwd: dir, clock: t1 });
      expect(r.code, args.join(" ")).toBe(code);
      expect(r.stderr).toMatch(message);
    }
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(path.join(dir, TASK1))).toBe(false);
  });
});
