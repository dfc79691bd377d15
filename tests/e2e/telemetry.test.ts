import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureRepo, read, run, runBinary, runJson, snapshot, writeTask } from "../helpers.js";

type Attempt = Record<string, unknown> & { status: string; duration_seconds: number; error_reason?: string };

async function repoWithTask() {
  const dir = fixtureRepo();
  await runJson(
    [
      "new",
      "--title",
      "Instrumented",
      "--id",
      "instrumented",
      "--state",
      "ready",
      "--field",
      "acceptance_criteria",
      "- [ ] Runs are recorded",
    ],
    { cwd: dir },
  );
  return dir;
}

describe("attempt add / review / list", () => {
  it("records attempts from flags and JSON in the seed's key order", async () => {
    const dir = await repoWithTask();
    const a = await runJson<{ index: number; attempts: Attempt[] }>(
      [
        "attempt",
        "add",
        "instrumented",
        "--tool",
        "claude-code",
        "--model",
        "claude-sonnet-4",
        "--status",
        "failed",
        "--started",
        "2026-03-14T09:00:00Z",
        "--ended",
        "2026-03-14T09:02:00Z",
        "--error",
        "TypeError: x",
        "--planner-tool",
        "orchestrator",
        "--planner-model",
        "planner-1",
      ],
      { cwd: dir },
    );
    expect(a.index).toBe(0);
    expect(a.attempts[0]).toEqual({
      started_at: "2026-03-14T09:00:00.000Z",
      ended_at: "2026-03-14T09:02:00.000Z",
      duration_seconds: 120,
      status: "failed",
      error_reason: "TypeError: x",
      executor: {
        tool: "claude-code",
        model: "claude-sonnet-4",
        planner: { tool: "orchestrator", model: "planner-1" },
      },
    });
    const json = JSON.stringify([
      {
        status: "completed",
        executor: { model: "m", tool: "codex" },
        duration_seconds: 165,
        ended_at: "2026-03-14T09:09:45.000Z",
        started_at: "2026-03-14T09:07:00.000Z",
        notes: "second",
      },
    ]);
    const b = await runJson<{ index: number }>(["attempt", "add", "instrumented", "--json"], {
      cwd: dir,
      input: json,
    });
    expect(b.index).toBe(1);
    await runJson(
      [
        "attempt",
        "review",
        "instrumented",
        "--name",
        "ines",
        "--approved",
        "--at",
        "2026-03-14T09:12:00Z",
        "--notes",
        "LGTM",
      ],
      { cwd: dir },
    );
    const text = read(dir, "tasks/10-ready/task-instrumented.md");
    expect(text).toContain(
      "    - started_at: 2026-03-14T09:07:00.000Z\n      ended_at: 2026-03-14T09:09:45.000Z\n      duration_seconds: 165\n      status: completed\n      executor:\n        tool: codex\n        model: m\n      reviewer:\n        name: ines\n        approved: true\n        reviewed_at: 2026-03-14T09:12:00.000Z\n        notes: LGTM\n      notes: second\n",
    );
    expect(text.indexOf("last_activity_at:")).toBeLessThan(text.indexOf("execution:"));
    const list = await runJson<{ summary: Record<string, unknown> }>(["attempt", "list", "instrumented"], {
      cwd: dir,
    });
    expect(list.summary).toMatchObject({
      attempts: 2,
      retries: 1,
      execution_seconds: 285,
      wall_clock_seconds: 585,
      idle_seconds: 300,
      final_status: "completed",
      first_try_success: false,
    });
    const human = await run(["attempt", "list", "instrumented"], { cwd: dir });
    expect(human.stdout).toContain("✓ ines");
    expect(human.stdout).toContain("wall clock 9m 45s");
  });

  it("only --duration means it ended now; no timing at all is refused", async () => {
    const dir = await repoWithTask();
    const a = await runJson<{ attempts: Attempt[] }>(
      ["attempt", "add", "instrumented", "--tool", "x", "--status", "completed", "--duration", "30"],
      { cwd: dir },
    );
    const ended = Date.parse(String(a.attempts[0]!.ended_at));
    expect(Math.abs(Date.now() - ended)).toBeLessThan(60_000);
    const none = await run(["attempt", "add", "instrumented", "--tool", "x", "--status", "completed"], {
      cwd: dir,
    });
    expect(none.code).toBe(5);
    expect(none.stderr).toContain("give two of --started, --ended, --duration");
  });

  it.each([
    [
      "negative duration",
      { duration_seconds: -5 },
      "execution.attempts.0.duration_seconds: must be an integer >= 0 (got -5)",
    ],
    [
      "unknown status",
      { status: "finished" },
      "execution.attempts.0.status: must be one of completed, failed, abandoned",
    ],
    ["missing tool", { executor: { model: "m" } }, "execution.attempts.0.executor.tool"],
    [
      "ended before started",
      { ended_at: "2026-03-14T08:00:00.000Z" },
      "execution.attempts.0.ended_at: must not be before started_at",
    ],
  ])(
    "refuses an invalid attempt (%s) naming the field and changes nothing",
    async (_name, patch, message) => {
      const dir = await repoWithTask();
      const before = snapshot(dir);
      const attempt = {
        started_at: "2026-03-14T09:00:00.000Z",
        ended_at: "2026-03-14T09:02:00.000Z",
        duration_seconds: 120,
        status: "completed",
        executor: { tool: "t" },
        ...patch,
      };
      const r = await run(["attempt", "add", "instrumented", "--json"], {
        cwd: dir,
        input: JSON.stringify(attempt),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
      expect(snapshot(dir)).toEqual(before);
    },
  );

  it("50 concurrent attempt add processes leave exactly 50 valid attempts", async () => {
    const dir = await repoWithTask();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        runBinary(
          [
            "attempt",
            "add",
            "instrumented",
            "--tool",
            `agent-${i}`,
            "--status",
            "completed",
            "--started",
            `2026-01-01T00:${String(i).padStart(2, "0")}:00Z`,
            "--duration",
            "10",
          ],
          { cwd: dir },
        ),
      ),
    );
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const list = await runJson<{ attempts: Attempt[] }>(["attempt", "list", "instrumented"], { cwd: dir });
    expect(list.attempts).toHaveLength(50);
    expect(new Set(list.attempts.map((a) => (a.executor as { tool: string }).tool)).size).toBe(50);
    expect((await runJson<{ errors: unknown[] }>(["validate"], { cwd: dir })).errors).toEqual([]);
  }, 120_000);
});

describe("exec", () => {
  it("records completed, failed (with the last stderr line) and abandoned attempts and passes the exit code on", async () => {
    const dir = await repoWithTask();
    const ok = await runBinary(
      ["exec", "instrumented", "--tool", "sh", "--model", "m1", "--", "sh", "-c", "echo working"],
      { cwd: dir },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("working");
    const fail = await runBinary(
      [
        "exec",
        "instrumented",
        "--tool",
        "sh",
        "--",
        "sh",
        "-c",
        "echo 'first line' >&2; echo 'TypeError: boom' >&2; exit 3",
      ],
      { cwd: dir },
    );
    expect(fail.code).toBe(3);
    expect(fail.stderr).toContain("TypeError: boom");
    const script = path.join(dir, "sleep.sh");
    // `exec sleep`: the signal taskplain forwards reaches the long-running process itself
    // (a shell's own child would keep exec's stderr pipe open until it ended on its own).
    writeTask(dir, "sleep.sh", `touch "${path.join(dir, "started")}"\nexec sleep 30\n`);
    const { spawn } = await import("node:child_process");
    const { CLI } = await import("../helpers.js");
    const child = spawn(process.execPath, [CLI, "exec", "instrumented", "--tool", "sh", "--", "sh", script], {
      cwd: dir,
      stdio: "ignore",
    });
    // wait (bounded) until the command runs, then interrupt taskplain
    const { existsSync } = await import("node:fs");
    for (let i = 0; i < 500 && !existsSync(path.join(dir, "started")); i++)
      await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
    expect(code).not.toBe(0);
    const list = await runJson<{ attempts: Attempt[] }>(["attempt", "list", "instrumented"], { cwd: dir });
    expect(list.attempts.map((a) => a.status)).toEqual(["completed", "failed", "abandoned"]);
    expect(list.attempts[1]!.error_reason).toBe("TypeError: boom");
    expect(list.attempts[0]!.executor).toEqual({ tool: "sh", model: "m1" });
  }, 60_000);

  it("SIGTERM stops everything the command started, not only the command", async () => {
    const dir = await repoWithTask();
    // a shell whose long-running child is not the shell itself (no `exec`)
    const pidFile = path.join(dir, "sleeper.pid");
    writeTask(dir, "tree.sh", `sleep 300 &\necho $! > "${pidFile}"\nwait\n`);
    const { spawn } = await import("node:child_process");
    const { CLI } = await import("../helpers.js");
    const { existsSync, readFileSync } = await import("node:fs");
    const child = spawn(
      process.execPath,
      [CLI, "exec", "instrumented", "--tool", "sh", "--", "sh", path.join(dir, "tree.sh")],
      { cwd: dir, stdio: "ignore" },
    );
    for (let i = 0; i < 500 && !(existsSync(pidFile) && readFileSync(pidFile, "utf8").trim()); i++)
      await new Promise((r) => setTimeout(r, 20));
    const sleeper = Number(readFileSync(pidFile, "utf8").trim());
    child.kill("SIGTERM");
    // before the fix exec waited for the sleeper (300 s, past this test's timeout)
    expect(await new Promise<number | null>((r) => child.on("close", (c) => r(c)))).not.toBe(0);
    // gone (or a zombie nobody reaps: in a container the adopting init may not)
    const alive = () => {
      try {
        process.kill(sleeper, 0);
      } catch {
        return false;
      }
      const stat = `/proc/${sleeper}/stat`;
      return !(existsSync(stat) && readFileSync(stat, "utf8").split(") ")[1]?.startsWith("Z"));
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive()).toBe(false);
    const list = await runJson<{ attempts: Attempt[] }>(["attempt", "list", "instrumented"], { cwd: dir });
    expect(list.attempts.map((a) => a.status)).toEqual(["abandoned"]);
  }, 60_000);

  it("--pickup moves a ready task to in-progress first", async () => {
    const dir = await repoWithTask();
    const r = await runBinary(["exec", "instrumented", "--tool", "sh", "--pickup", "--", "true"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const t = await runJson<{ state: string; execution: { attempts: unknown[] } }>(["show", "instrumented"], {
      cwd: dir,
    });
    expect(t.state).toBe("in-progress");
    expect(t.execution.attempts).toHaveLength(1);
  });
});
