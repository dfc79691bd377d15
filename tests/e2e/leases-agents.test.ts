// Leases in the agent loop: next --claim, exec's heartbeat and lease loss, and the rules
// other commands follow (complete/update/move by someone else, done marks).
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, run, runBinary, runBinaryJson, runJson } from "../helpers.js";
import { errorOf, git, repoWithWorktrees, Scratch, waitFor } from "../lease-helpers.js";

interface LeaseJson {
  task: string;
  holder: string;
  generation: number;
  status: string;
  renewed_at: string;
  expires_at: string;
}
interface Attempt {
  status: string;
  error_reason?: string;
  duration_seconds: number;
}

let scratch: Scratch;
afterEach(() => scratch?.dispose());

const attemptsOf = async (cwd: string, id: string): Promise<Attempt[]> =>
  (await runJson<{ execution?: { attempts: Attempt[] } }>(["show", id], { cwd })).execution?.attempts ?? [];

describe("next --claim", () => {
  it("8 linked worktrees calling next --claim at the same moment get 8 distinct tasks", async () => {
    scratch = new Scratch();
    const ids = Array.from({ length: 8 }, (_, i) => `job-${i}`);
    const dirs = repoWithWorktrees(scratch, ids, 8);
    const results = await Promise.all(
      dirs.map((cwd, i) =>
        runBinaryJson<{ tasks: { id: string; lease: LeaseJson }[] }>(
          ["next", "--claim", "--holder", `agent-${i}`],
          {
            cwd,
          },
        ),
      ),
    );
    const got = results.map((r) => r.tasks.map((t) => t.id));
    expect(got.every((list) => list.length === 1)).toBe(true);
    expect(new Set(got.flat()).size).toBe(8);
    results.forEach((r, i) => {
      expect(r.tasks[0]!.lease).toMatchObject({ holder: `agent-${i}`, generation: 1, status: "live" });
    });
    // a ninth caller finds nothing free, and plain next says who holds what
    const ninth = await runJson<{ tasks: unknown[] }>(["next", "--claim", "--holder", "late"], {
      cwd: dirs[0]!,
    });
    expect(ninth.tasks).toEqual([]);
    const plain = await runJson<{
      tasks: unknown[];
      skipped: { id: string; code: string; reason: string }[];
    }>(["next"], { cwd: dirs[0]! });
    expect(plain.tasks).toEqual([]);
    expect(plain.skipped.filter((s) => s.code === "lease")).toHaveLength(8);
    expect(plain.skipped.find((s) => s.id === got[3]![0])?.reason).toContain("leased by agent-3");
  }, 120_000);
});

describe("exec holds a lease while its command runs", () => {
  it("renews across several TTLs of a long command and releases at the end", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["long-run"], 1) as [string];
    const env = { TASKPLAIN_LEASE_SKEW: "0s" };
    // the command looks at the leases itself, four times over ~5 TTLs of 2.5 s (renewed every
    // ~0.8 s: with a 1.5 s TTL one renewal that a loaded machine delayed past it let the lease lapse)
    const snap = (i: number) => `"${process.execPath}" "${CLI}" leases --output json > snap-${i}.json`;
    const script = [1, 2, 3, 4].map((i) => `sleep 3; ${snap(i)}`).join("; ");
    const r = await runBinary(
      ["exec", "long-run", "--tool", "sh", "--holder", "runner", "--ttl", "2500ms", "--", "sh", "-c", script],
      { cwd, env },
    );
    expect(r.code).toBe(0);
    const seen = [1, 2, 3, 4].map(
      (i) =>
        (JSON.parse(readFileSync(path.join(cwd, `snap-${i}.json`), "utf8")) as { leases: LeaseJson[] })
          .leases,
    );
    for (const leases of seen)
      expect(leases).toEqual([expect.objectContaining({ holder: "runner", status: "live" })]);
    const expiries = seen.map((l) => Date.parse(l[0]!.expires_at));
    for (let i = 1; i < expiries.length; i++) expect(expiries[i]!).toBeGreaterThan(expiries[i - 1]!);
    expect(seen.every((l) => l[0]!.generation === 1)).toBe(true);
    // released at the end; the attempt is recorded as completed
    expect((await runJson<{ leases: unknown[] }>(["leases", "--all"], { cwd })).leases).toEqual([]);
    expect(git(cwd, "for-each-ref", "refs/taskplain/leases/")).toBe("");
    expect((await attemptsOf(cwd, "long-run")).map((a) => a.status)).toEqual(["completed"]);
  }, 60_000);

  it("a lease broken with release --force stops the command and records abandoned: lease_lost", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["doomed-run"], 1) as [string];
    const started = Date.now();
    // the command ignores SIGTERM, so the grace period ends in SIGKILL
    const exec = runBinary(
      [
        "exec",
        "doomed-run",
        "--tool",
        "sh",
        "--holder",
        "runner",
        "--ttl",
        "1500ms",
        "--grace",
        "1s",
        "--",
        "sh",
        "-c",
        'trap "" TERM; sleep 60 & wait; sleep 60',
      ],
      { cwd },
    );
    await waitFor("exec's lease", async () => {
      const v = await runJson<{ leases: LeaseJson[] }>(["leases"], { cwd });
      return v.leases.find((l) => l.holder === "runner");
    });
    const broken = await run(["release", "doomed-run", "--holder", "boss", "--force"], { cwd });
    expect(broken.stdout).toContain("Broke runner's lease on doomed-run");
    const r = await exec;
    expect(r.code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    const attempts = await attemptsOf(cwd, "doomed-run");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      status: "abandoned",
      error_reason: expect.stringMatching(/^lease_lost/),
    });
    expect(r.stderr).toContain("abandoned");
  }, 60_000);

  it("exec refuses to start on a task someone else holds (exit 1, no attempt)", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["taken-run"], 1) as [string];
    await runJson(["claim", "taken-run", "--holder", "someone"], { cwd });
    const r = await run(["exec", "taken-run", "--tool", "sh", "--holder", "me", "--", "true"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("leased to someone");
    expect(await attemptsOf(cwd, "taken-run")).toEqual([]);
  }, 30_000);
});

describe("other commands and live leases", () => {
  it("complete, update and move by someone else are refused (lease_held) unless --force", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["guarded", "other"], 1) as [string];
    await runJson(["claim", "guarded", "--holder", "owner"], { cwd });
    const before = readFileSync(path.join(cwd, "tasks/10-ready/task-guarded.md"), "utf8");
    for (const args of [
      ["update", "guarded", "--meta", "priority=high"],
      ["move", "guarded", "in-progress"],
      ["complete", "guarded", "--check-acs"],
      ["pickup", "guarded"],
    ]) {
      const r = await run([...args, "--output", "json"], { cwd, env: { TASKPLAIN_HOLDER: "intruder" } });
      expect(r.code, args.join(" ")).toBe(1);
      expect(errorOf(r).code).toBe("lease_held");
    }
    expect(readFileSync(path.join(cwd, "tasks/10-ready/task-guarded.md"), "utf8")).toBe(before);
    // the holder may; --force overrides
    const own = await run(["update", "guarded", "--meta", "priority=high"], {
      cwd,
      env: { TASKPLAIN_HOLDER: "owner" },
    });
    expect(own.code).toBe(0);
    const forced = await run(["update", "guarded", "--meta", "priority=low", "--force"], {
      cwd,
      env: { TASKPLAIN_HOLDER: "intruder" },
    });
    expect(forced.code).toBe(0);
    // a task nobody holds is not affected
    expect((await run(["update", "other", "--meta", "priority=high"], { cwd })).code).toBe(0);
  }, 60_000);

  it("completing a leased task ends the lease in a done mark that stale worktrees respect", async () => {
    scratch = new Scratch();
    const [main, stale] = repoWithWorktrees(scratch, ["shipped", "next-up"], 2) as [string, string];
    const claimed = await runJson<{ tasks: { id: string }[] }>(["next", "--claim", "--holder", "agent-a"], {
      cwd: main,
    });
    const id = claimed.tasks[0]!.id;
    const done = await run(["complete", id, "--check-acs"], {
      cwd: main,
      env: { TASKPLAIN_HOLDER: "agent-a" },
    });
    expect(done.code).toBe(0);
    expect(git(main, "for-each-ref", "--format=%(refname)", "refs/taskplain/")).toBe(
      `refs/taskplain/done/${id}`,
    );
    // the other worktree has not merged the change: the task still looks ready there, but is not handed out
    const next = await runJson<{ tasks: { id: string }[]; skipped: { id: string; code: string }[] }>(
      ["next", "--claim", "--holder", "agent-b"],
      { cwd: stale },
    );
    expect(next.tasks.map((t) => t.id)).not.toContain(id);
    expect(next.skipped).toContainEqual(expect.objectContaining({ id, code: "done_elsewhere" }));
    const r = await run(["claim", id, "--holder", "agent-c", "--output", "json"], { cwd: stale });
    expect(errorOf(r).code).toBe("task_done_elsewhere");
    // reopening the task clears its mark
    await runJson(["move", id, "ready"], { cwd: main, env: { TASKPLAIN_HOLDER: "agent-a" } });
    expect(git(main, "for-each-ref", "refs/taskplain/done/")).toBe("");
  }, 60_000);

  it("pickup --claim claims then picks up; a refused pickup gives the new lease back", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["pick-me", "blocked-one"], 1) as [string];
    const out = await runJson<{ claim: { lease: LeaseJson }; task: { state: string } }>(
      ["pickup", "pick-me", "--claim", "--holder", "agent-p", "--ttl", "10m"],
      { cwd },
    );
    expect(out.claim.lease).toMatchObject({ holder: "agent-p", task: "pick-me" });
    expect(out.task.state).toBe("in-progress");
    await runJson(["update", "blocked-one", "--meta", "blocked=waiting for design"], { cwd });
    const refused = await run(
      ["pickup", "blocked-one", "--claim", "--holder", "agent-p", "--output", "json"],
      {
        cwd,
      },
    );
    expect(refused.code).toBe(1);
    expect(errorOf(refused).code).toBe("task_blocked");
    const leases = await runJson<{ leases: LeaseJson[] }>(["leases"], { cwd });
    expect(leases.leases.map((l) => l.task)).toEqual(["pick-me"]);
  }, 60_000);
});
