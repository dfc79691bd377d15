import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot } from "../helpers.js";
import { seedHierarchy, T0, T1, TASK1, t0, t1, tempRepos } from "./setup.js";

const repo = tempRepos();
type Obj = Record<string, unknown> & { version: string };

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  return dir;
}

describe("metadata get", () => {
  it("JSON: all metadata with defaults applied, path and version, no body", async () => {
    const dir = await seeded();
    const meta = await runJson<Obj>(["metadata", "get", "task-two"], { cwd: dir, clock: t0 });
    expect(meta).toEqual({
      id: "task-two",
      title: "Task two",
      kind: "task",
      state: "ready",
      priority: "high",
      size: "medium",
      ambiguity: "low",
      executor: "standard",
      isolation: "module",
      depends_on: ["task-one"],
      created_at: T0,
      updated_at: T0,
      last_activity_at: T0,
      path: "tasks/10-ready/task-task-two.md",
      version: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    expect(read(dir, "tasks/10-ready/task-task-two.md")).not.toContain("size:"); // defaults not written
  });

  it("human: a KEY/VALUE table; unknown id exits 6", async () => {
    const dir = await seeded();
    const r = await run(["metadata", "get", "task-two"], { cwd: dir, clock: t0 });
    expect(r.stdout.split("\n")[0]).toMatch(/^KEY\s+VALUE$/);
    expect(r.stdout).toMatch(/^priority\s+high$/m);
    expect(r.stdout).toMatch(/^isolation\s+module$/m);
    const missing = await run(["metadata", "get", "ghost"], { cwd: dir, clock: t0 });
    expect(missing.code).toBe(6);
  });
});

describe("metadata set", () => {
  it("merges a JSON object from stdin; null unsets; timestamps from the clock", async () => {
    const dir = await seeded();
    await run(["update", "task-one", "--meta", "labels=old"], { cwd: dir, clock: t0 });
    const out = await runJson<Obj>(["metadata", "set", "task-one"], {
      cwd: dir,
      clock: t1,
      input: JSON.stringify({ priority: "urgent", labels: null, assignees: ["ines"], touches: ["src/**"] }),
    });
    expect(out).toMatchObject({
      priority: "urgent",
      assignees: ["ines"],
      touches: ["src/**"],
      updated_at: T1,
      last_activity_at: T1,
      changed: true,
    });
    expect(out.labels).toBeUndefined();
    const text = read(dir, TASK1);
    expect(text).toContain("priority: urgent\n");
    expect(text).toContain("assignees:\n  - ines\n");
    expect(text).not.toContain("labels:");
  });

  it("may replace the whole execution block, validated as telemetry.md says", async () => {
    const dir = await seeded();
    const attempt = {
      started_at: "2026-03-01T09:00:00Z",
      ended_at: "2026-03-01T09:01:00Z",
      duration_seconds: 60,
      status: "completed",
      executor: { tool: "t" },
    };
    const ok = await run(["metadata", "set", "task-one"], {
      cwd: dir,
      clock: t1,
      input: JSON.stringify({ execution: { attempts: [attempt] } }),
    });
    expect(ok.code).toBe(0);
    expect(read(dir, TASK1)).toMatch(/execution:\n {2}attempts:\n {4}- started_at: 2026-03-01T09:00:00/);
    const before = snapshot(dir);
    const bad = await run(["metadata", "set", "task-one", "--output", "json"], {
      cwd: dir,
      clock: t1,
      input: JSON.stringify({ execution: { attempts: [{ ...attempt, duration_seconds: -5 }] } }),
    });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error.message).toContain("execution.attempts.0.duration_seconds");
    expect(snapshot(dir)).toEqual(before);
  });

  it("--dry-run prints the merged task and writes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<Obj & { dry_run: boolean }>(["metadata", "set", "task-one", "--dry-run"], {
      cwd: dir,
      clock: t1,
      input: '{"size":"xl"}',
    });
    expect(out).toMatchObject({ size: "xl", dry_run: true });
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a stale --if-version with exit 1 and writes nothing", async () => {
    const dir = await seeded();
    const v0 = (await runJson<Obj>(["metadata", "get", "task-one"], { cwd: dir, clock: t0 })).version;
    await run(["update", "task-one", "--meta", "size=large"], { cwd: dir, clock: t1 });
    const before = snapshot(dir);
    const r = await run(["metadata", "set", "task-one", "--if-version", v0, "--output", "json"], {
      cwd: dir,
      clock: t1,
      input: '{"size":"xl"}',
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error.code).toBe("stale_version");
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ["id", '{"id":"other"}', 5],
    ["kind", '{"kind":"epic"}', 5],
    ["not JSON", "{nope", 5],
    ["not an object", "[1,2]", 5],
    ["a missing required key", '{"title":null}', 5],
  ])("refuses %s (exit %i) and writes nothing", async (_n, input, code) => {
    const dir = await seeded();
    const before = snapshot(dir);
    const r = await run(["metadata", "set", "task-one"], { cwd: dir, clock: t1, input });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^error: /);
    expect(snapshot(dir)).toEqual(before);
  });
});
