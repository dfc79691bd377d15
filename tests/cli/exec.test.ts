import { describe, expect, it } from "vitest";
import { run, runJson } from "../helpers.js";
import { seedHierarchy, T0, t0, tempRepos } from "./setup.js";

const repo = tempRepos();
type Attempt = Record<string, unknown> & { status: string };
const attempts = async (dir: string) =>
  (await runJson<{ attempts: Attempt[] }>(["attempt", "list", "task-one"], { cwd: dir, clock: t0 })).attempts;

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  return dir;
}
const node = (script: string) => [process.execPath, "-e", script];

describe("exec", () => {
  it("exit 0 records a completed attempt timed by the clock with tool and model", async () => {
    const dir = await seeded();
    const r = await run(["exec", "task-one", "--tool", "node", "--model", "m1", "--", ...node("")], {
      cwd: dir,
      clock: t0,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("taskplain: recorded attempt 0 on task-one: completed after 0s");
    expect(await attempts(dir)).toEqual([
      {
        started_at: T0,
        ended_at: T0,
        duration_seconds: 0,
        status: "completed",
        executor: { tool: "node", model: "m1" },
      },
    ]);
  });

  it("a failure passes the exit code on and keeps the last non-empty stderr line as error_reason", async () => {
    const dir = await seeded();
    const r = await run(
      [
        "exec",
        "task-one",
        "--tool",
        "node",
        "--",
        ...node("console.error('first'); console.error('TypeError: boom\\n'); process.exit(3)"),
      ],
      { cwd: dir, clock: t0 },
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("TypeError: boom");
    const [a] = await attempts(dir);
    expect(a).toMatchObject({ status: "failed", error_reason: "TypeError: boom" });
  });

  it("a failure without stderr records 'exit code N'; a missing command is recorded as failed", async () => {
    const dir = await seeded();
    expect(
      (
        await run(["exec", "task-one", "--tool", "node", "--", ...node("process.exit(4)")], {
          cwd: dir,
          clock: t0,
        })
      ).code,
    ).toBe(4);
    const missing = await run(["exec", "task-one", "--tool", "x", "--", "/nonexistent/agent-binary"], {
      cwd: dir,
      clock: t0,
    });
    expect(missing.code).not.toBe(0);
    const list = await attempts(dir);
    expect(list[0]).toMatchObject({ status: "failed", error_reason: "exit code 4" });
    expect(list[1]).toMatchObject({ status: "failed" });
  });

  it("--pickup moves the task to in-progress before running; the JSON report goes to stderr", async () => {
    const dir = await seeded();
    const r = await run(
      ["exec", "task-one", "--tool", "node", "--pickup", "--output", "json", "--", ...node("")],
      { cwd: dir, clock: t0 },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stderr).exec).toMatchObject({ status: "completed", exit_code: 0 });
    const t = await runJson<{ state: string; path: string }>(["show", "task-one"], { cwd: dir, clock: t0 });
    expect(t).toMatchObject({ state: "in-progress", path: "tasks/20-in-progress/task-task-one.md" });
  });

  it("refuses without --tool (5) or for an unknown task (6), running nothing", async () => {
    const dir = await seeded();
    const noTool = await run(["exec", "task-one", "--", ...node("require('fs').writeFileSync('ran','')")], {
      cwd: dir,
      clock: t0,
    });
    expect(noTool.code).toBe(5);
    const ghost = await run(
      ["exec", "ghost", "--tool", "t", "--", ...node("require('fs').writeFileSync('ran','')")],
      { cwd: dir, clock: t0 },
    );
    expect(ghost.code).toBe(6);
    const { existsSync } = await import("node:fs");
    expect(existsSync(`${dir}/ran`)).toBe(false);
    expect(await attempts(dir)).toEqual([]);
  });
});
