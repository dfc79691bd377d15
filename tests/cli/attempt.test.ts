import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot } from "../helpers.js";
import { ok, seedHierarchy, T1, TASK1, t0, t1, tempRepos } from "./setup.js";

const repo = tempRepos();
type Attempt = Record<string, unknown> & { status: string };
interface Added {
  id: string;
  index: number;
  attempts: Attempt[];
  task: { updated_at: string; version: string };
}

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  return dir;
}
const add = (flags: string[]) => [
  "attempt",
  "add",
  "task-one",
  "--tool",
  "claude-code",
  "--status",
  "completed",
  ...flags,
];

describe("attempt add", () => {
  it("any two of started/ended/duration give the third; only --duration ends at the clock's now", async () => {
    const dir = await seeded();
    const a = await runJson<Added>(add(["--started", "2026-03-01T09:00:00Z", "--duration", "90"]), {
      cwd: dir,
      clock: t1,
    });
    expect(a.attempts[0]).toMatchObject({
      started_at: "2026-03-01T09:00:00.000Z",
      ended_at: "2026-03-01T09:01:30.000Z",
      duration_seconds: 90,
    });
    expect(a.task.updated_at).toBe(T1);
    const b = await runJson<Added>(add(["--ended", "2026-03-01T09:10:00Z", "--duration", "60"]), {
      cwd: dir,
      clock: t1,
    });
    expect(b.index).toBe(1);
    expect(b.attempts).toHaveLength(1); // only the attempts this call added
    expect(b.attempts[0]).toMatchObject({
      started_at: "2026-03-01T09:09:00.000Z",
      ended_at: "2026-03-01T09:10:00.000Z",
    });
    const c = await runJson<Added>(add(["--duration", "30"]), { cwd: dir, clock: t1 });
    expect(c.index).toBe(2);
    expect(c.attempts[0]).toMatchObject({
      started_at: "2026-03-02T12:29:30.000Z",
      ended_at: T1,
      duration_seconds: 30,
    });
    expect(read(dir, TASK1)).toMatch(
      /execution:\n {2}attempts:\n {4}- started_at: 2026-03-01T09:00:00\.000Z\n/,
    );
  });

  it("human output names the stored attempt and its index", async () => {
    const dir = await seeded();
    const r = await run(add(["--duration", "30", "--model", "m1"]), { cwd: dir, clock: t1 });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("attempt 0 on task-one: completed · 30s · claude-code/m1\n");
  });

  it("--dry-run validates and shows the attempt, writes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<Added & { dry_run: boolean }>(add(["--duration", "30", "--dry-run"]), {
      cwd: dir,
      clock: t1,
    });
    expect(out.dry_run).toBe(true);
    expect(out.attempts).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ["no timing", [], 5, undefined],
    ["a bad status", ["--status", "maybe", "--duration", "5"], 5, undefined],
    [
      "ended before started",
      ["--started", "2026-03-01T10:00:00Z", "--ended", "2026-03-01T09:00:00Z"],
      1,
      undefined,
    ],
    ["a negative duration", ["--duration", "-5"], 5, undefined],
    ["invalid JSON on stdin", ["--json"], 5, "{oops"],
    [
      "a JSON attempt without executor",
      ["--json"],
      1,
      '{"started_at":"2026-03-01T09:00:00Z","ended_at":"2026-03-01T09:01:00Z","duration_seconds":60,"status":"completed"}',
    ],
  ])("refuses %s (exit %i) and writes nothing", async (_n, flags, code, input) => {
    const dir = await seeded();
    const before = snapshot(dir);
    const args =
      flags[0] === "--json"
        ? ["attempt", "add", "task-one", "--json"]
        : [
            "attempt",
            "add",
            "task-one",
            "--tool",
            "t",
            ...(flags.includes("--status") ? [] : ["--status", "completed"]),
            ...flags,
          ];
    const r = await run(args, { cwd: dir, clock: t1, ...(input ? { input } : {}) });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^error: /);
    expect(snapshot(dir)).toEqual(before);
  });

  it("a stale --if-version is refused (1); an unknown task exits 6", async () => {
    const dir = await seeded();
    const v0 = (await runJson<{ version: string }>(["show", "task-one"], { cwd: dir, clock: t0 })).version;
    await ok(add(["--duration", "5"]), dir);
    const before = snapshot(dir);
    const stale = await run([...add(["--duration", "5"]), "--if-version", v0, "--output", "json"], {
      cwd: dir,
      clock: t1,
    });
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stderr).error.code).toBe("stale_version");
    const ghost = await run(
      ["attempt", "add", "ghost", "--tool", "t", "--status", "failed", "--duration", "5"],
      { cwd: dir, clock: t1 },
    );
    expect(ghost.code).toBe(6);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("attempt review", () => {
  it("sets the reviewer of the last attempt (or --index N); reviewed_at defaults to the clock", async () => {
    const dir = await seeded();
    await ok(add(["--started", "2026-03-01T09:00:00Z", "--duration", "60"]), dir);
    await ok(add(["--started", "2026-03-01T09:05:00Z", "--duration", "60"]), dir);
    const last = await runJson<{ index: number; task: { execution: { attempts: Attempt[] } } }>(
      ["attempt", "review", "task-one", "--name", "ines", "--rejected", "--notes", "needs tests"],
      { cwd: dir, clock: t1 },
    );
    expect(last.index).toBe(1);
    expect(last.task.execution.attempts[1]!.reviewer).toEqual({
      name: "ines",
      approved: false,
      reviewed_at: T1,
      notes: "needs tests",
    });
    expect(last.task.execution.attempts[0]!.reviewer).toBeUndefined();
    const first = await runJson<{ task: { execution: { attempts: Attempt[] } } }>(
      [
        "attempt",
        "review",
        "task-one",
        "--index",
        "0",
        "--name",
        "bo",
        "--approved",
        "--at",
        "2026-03-01T09:30:00Z",
      ],
      { cwd: dir, clock: t1 },
    );
    expect(first.task.execution.attempts[0]!.reviewer).toEqual({
      name: "bo",
      approved: true,
      reviewed_at: "2026-03-01T09:30:00.000Z",
    });
    expect(read(dir, TASK1)).toContain("      reviewer:\n        name: bo\n        approved: true\n");
  });

  it("refusals write nothing: no attempts (1), index out of range, neither or both verdicts (5), stale version (1)", async () => {
    const dir = await seeded();
    const none = await run(["attempt", "review", "task-one", "--name", "x", "--approved"], {
      cwd: dir,
      clock: t1,
    });
    expect(none.code).toBe(1);
    await ok(add(["--duration", "60"]), dir);
    const v = (await runJson<{ version: string }>(["show", "task-one"], { cwd: dir, clock: t0 })).version;
    await ok(add(["--duration", "60"]), dir);
    const before = snapshot(dir);
    for (const [flags, code] of [
      [["--index", "9", "--approved"], 5],
      [[], 5],
      [["--approved", "--rejected"], 5],
      [["--approved", "--if-version", v], 1],
    ] as [string[], number][]) {
      const r = await run(["attempt", "review", "task-one", "--name", "x", ...flags], {
        cwd: dir,
        clock: t1,
      });
      expect(r.code, flags.join(" ")).toBe(code);
      expect(r.stderr).toMatch(/^error: /);
    }
    const dry = await runJson<{ dry_run: boolean }>(
      ["attempt", "review", "task-one", "--name", "x", "--approved", "--dry-run"],
      { cwd: dir, clock: t1 },
    );
    expect(dry.dry_run).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("attempt list", () => {
  it("JSON: attempts and the derived summary; human: one line per attempt; no attempts is a clear line", async () => {
    const dir = await seeded();
    const empty = await run(["attempt", "list", "task-one"], { cwd: dir, clock: t0 });
    expect(empty.stdout).toBe("task-one has no attempts yet.\n");
    await ok(
      [
        "attempt",
        "add",
        "task-one",
        "--tool",
        "t",
        "--model",
        "m1",
        "--status",
        "failed",
        "--started",
        "2026-03-01T09:00:00Z",
        "--duration",
        "120",
        "--error",
        "boom",
      ],
      dir,
    );
    await ok(
      [
        "attempt",
        "add",
        "task-one",
        "--tool",
        "t",
        "--status",
        "completed",
        "--started",
        "2026-03-01T09:05:00Z",
        "--duration",
        "60",
      ],
      dir,
    );
    const list = await runJson<{ attempts: Attempt[]; summary: Record<string, unknown> }>(
      ["attempt", "list", "task-one"],
      { cwd: dir, clock: t0 },
    );
    expect(list.attempts.map((a) => a.status)).toEqual(["failed", "completed"]);
    expect(list.summary).toMatchObject({
      attempts: 2,
      retries: 1,
      execution_seconds: 180,
      wall_clock_seconds: 360,
      idle_seconds: 180,
      final_status: "completed",
      first_try_success: false,
    });
    const human = await run(["attempt", "list", "task-one"], { cwd: dir, clock: t0 });
    expect(human.stdout).toContain("boom");
    expect(human.stdout).toContain("wall clock 6m");
    expect((await run(["attempt", "list", "ghost"], { cwd: dir, clock: t0 })).code).toBe(6);
  });
});
