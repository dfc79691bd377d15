// Leases with real git: linked worktrees of one clone, a folder outside git, killed holders.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, run, runBinary, runJson } from "../helpers.js";
import {
  addReadyTasks,
  errorOf,
  git,
  outsideGitLockDir,
  repoWithWorktrees,
  Scratch,
  waitFor,
} from "../lease-helpers.js";

interface LeaseJson {
  task: string;
  holder: string;
  generation: number;
  status: string;
  expires_at: string;
  expires_in_seconds: number;
}

let scratch: Scratch;
afterEach(() => scratch?.dispose());

describe("leases across linked worktrees of one clone", () => {
  it("the repository lock is shared: a lock held in the main worktree blocks a writer in a linked one", async () => {
    scratch = new Scratch();
    const [main, linked] = repoWithWorktrees(scratch, ["locked"], 2) as [string, string];
    mkdirSync(path.join(main, ".git", "taskplain.lock"));
    const r = await run(["update", "locked", "--meta", "priority=high"], {
      cwd: linked,
      env: { TASKPLAIN_LOCK_TIMEOUT_MS: "600" },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(path.join(main, ".git", "taskplain.lock"));
  }, 30_000);

  it("8 worktrees claiming one task at once: exactly one wins, the others are told who", async () => {
    scratch = new Scratch();
    const dirs = repoWithWorktrees(scratch, ["hot-task"], 8);
    const results = await Promise.all(
      dirs.map((cwd, i) =>
        runBinary(["claim", "hot-task", "--holder", `agent-${i}`, "--output", "json"], { cwd }),
      ),
    );
    const winners = results.flatMap((r, i) => (r.code === 0 ? [i] : []));
    expect(winners).toHaveLength(1);
    const winner = `agent-${winners[0]}`;
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(1);
      const error = errorOf(r);
      expect(error.code).toBe("lease_held");
      expect(error.details?.lease?.holder).toBe(winner);
    }
    // every worktree sees the same single lease, generation 1
    for (const cwd of [dirs[0]!, dirs[7]!]) {
      const view = await runJson<{ leases: LeaseJson[]; store: string }>(["leases"], { cwd });
      expect(view.store).toBe("git");
      expect(view.leases.map((l) => [l.task, l.holder, l.generation])).toEqual([["hot-task", winner, 1]]);
    }
    expect(git(dirs[3]!, "log", "--format=%s", "refs/taskplain/leases/hot-task").split("\n")).toHaveLength(1);
  }, 60_000);

  it("8 worktrees racing for 8 tasks each end up with a different one", async () => {
    scratch = new Scratch();
    const ids = Array.from({ length: 8 }, (_, i) => `task-${i}`);
    const dirs = repoWithWorktrees(scratch, ids, 8);
    // every agent walks the same list and keeps the first task it wins
    const agent = async (cwd: string, holder: string): Promise<string | null> => {
      for (const id of ids) {
        const r = await runBinary(["claim", id, "--holder", holder, "--output", "json"], { cwd });
        if (r.code === 0) return id;
        expect(errorOf(r).code).toBe("lease_held");
      }
      return null;
    };
    const won = await Promise.all(dirs.map((cwd, i) => agent(cwd, `agent-${i}`)));
    expect(won.every((id) => id !== null)).toBe(true);
    expect(new Set(won).size).toBe(8);
    const view = await runJson<{ leases: LeaseJson[] }>(["leases"], { cwd: dirs[0]! });
    expect(view.leases.map((l) => `${l.task}=${l.holder}`).sort()).toEqual(
      won.map((id, i) => `${id}=agent-${i}`).sort(),
    );
  }, 120_000);

  it("a SIGKILLed holder stops renewing: its lease shows expiring, then can be taken (generation + 1)", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["crashy"], 1) as [string];
    const env = { TASKPLAIN_LEASE_SKEW: "4s" };
    // the holder renews a 2-second lease in a loop until it is killed
    const holder = spawn(
      "sh",
      [
        "-c",
        `while true; do "${process.execPath}" "${CLI}" claim crashy --holder doomed --ttl 2s || exit 1; done`,
      ],
      { cwd, detached: true, stdio: "ignore", env: { ...process.env, ...env } },
    );
    const closed = new Promise((r) => holder.on("close", r));
    try {
      await waitFor("the holder's lease", async () => {
        const v = await runJson<{ leases: LeaseJson[] }>(["leases"], { cwd, env });
        return v.leases.find((l) => l.holder === "doomed" && l.status === "live");
      });
    } finally {
      process.kill(-holder.pid!, "SIGKILL");
      await closed;
    }
    // The holder is dead: what it left is the lease from now on. Time is then moved on with
    // an injected clock (the in-process commands'), not waited out.
    const left = (await runJson<{ leases: LeaseJson[] }>(["leases", "--all"], { cwd, env })).leases.find(
      (l) => l.task === "crashy",
    )!;
    expect(left).toMatchObject({ holder: "doomed", generation: 1 });
    const expiresAt = Date.parse(left.expires_at);
    const at = (ms: number) => ({ now: () => ms });
    // no more heartbeats: past expires_at it is "expiring" (still blocks others) …
    const pastExpiry = at(expiresAt + 1_000);
    const expiring = (
      await runJson<{ leases: LeaseJson[] }>(["leases", "--all"], { cwd, env, clock: pastExpiry })
    ).leases.find((l) => l.task === "crashy");
    expect(expiring).toMatchObject({ holder: "doomed", generation: 1, status: "expiring" });
    expect(expiring!.expires_in_seconds).toBeLessThanOrEqual(0);
    const early = await run(["claim", "crashy", "--holder", "rescuer", "--output", "json"], {
      cwd,
      env,
      clock: pastExpiry,
    });
    expect(early.code).toBe(1);
    expect(errorOf(early).code).toBe("lease_held");
    // … and once the skew margin (4 s) has passed it is expired: listed only with --all, free to take
    const pastSkew = at(expiresAt + 5_000);
    const expired = (
      await runJson<{ leases: LeaseJson[] }>(["leases", "--all"], { cwd, env, clock: pastSkew })
    ).leases.find((l) => l.task === "crashy");
    expect(expired).toMatchObject({ holder: "doomed", generation: 1, status: "expired" });
    expect(
      (await runJson<{ leases: LeaseJson[] }>(["leases"], { cwd, env, clock: pastSkew })).leases,
    ).toEqual([]);
    // nothing renewed it meanwhile: the lease is still the one the holder left
    const still = (await runJson<{ leases: LeaseJson[] }>(["leases", "--all"], { cwd, env })).leases;
    expect(still.map((l) => [l.task, l.generation, l.expires_at])).toEqual([["crashy", 1, left.expires_at]]);
    const taken = await runJson<{ action: string; lease: LeaseJson; previous: LeaseJson }>(
      ["claim", "crashy", "--holder", "rescuer"],
      { cwd, env, clock: pastSkew },
    );
    expect(taken.action).toBe("taken_over");
    expect(taken.previous.holder).toBe("doomed");
    expect(taken.lease).toMatchObject({ holder: "rescuer", generation: 2 });
    // the ref's history is the lease's history: the take-over's parent is the dead holder's last renewal
    const log = git(cwd, "log", "--format=%s", "refs/taskplain/leases/crashy").split("\n");
    expect(log[0]).toContain("rescuer");
    expect(log[1]).toContain("doomed");
  }, 90_000);

  it("release: only the holder, --force breaks it and says whose; --dry-run writes nothing", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["shared"], 1) as [string];
    await runJson(["claim", "shared", "--holder", "alice", "--tool", "claude-code", "--model", "opus"], {
      cwd,
    });
    const refused = await run(["release", "shared", "--holder", "bob", "--output", "json"], { cwd });
    expect(refused.code).toBe(1);
    expect(errorOf(refused).code).toBe("lease_held");
    const dry = await runJson<{ dry_run: boolean; forced: boolean }>(
      ["release", "shared", "--holder", "bob", "--force", "--dry-run"],
      { cwd },
    );
    expect(dry).toMatchObject({ dry_run: true, forced: true });
    expect(git(cwd, "for-each-ref", "refs/taskplain/leases/")).toContain("shared");
    const human = await run(["release", "shared", "--holder", "bob", "--force"], { cwd });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("Broke alice's lease on shared");
    expect(git(cwd, "for-each-ref", "refs/taskplain/leases/")).toBe("");
    const again = await run(["release", "shared", "--holder", "alice", "--output", "json"], { cwd });
    expect(again.code).toBe(1);
    expect(errorOf(again).code).toBe("no_lease");
  }, 60_000);

  it("claim --dry-run writes nothing; leases reads at a glance; bad input gets its exit code", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["glance"], 1) as [string];
    const dry = await runJson<{ dry_run: boolean; action: string; changes: unknown[] }>(
      ["claim", "glance", "--holder", "alice", "--dry-run"],
      { cwd },
    );
    expect(dry).toMatchObject({ dry_run: true, action: "acquired" });
    expect(dry.changes).toEqual([{ op: "create", path: "refs/taskplain/leases/glance" }]);
    expect(git(cwd, "for-each-ref", "refs/taskplain/")).toBe("");
    await runJson(
      ["claim", "glance", "--holder", "alice", "--tool", "codex", "--model", "gpt-5", "--ttl", "20m"],
      {
        cwd,
      },
    );
    const table = await run(["leases"], { cwd });
    expect(table.code).toBe(0);
    const [header, , row] = table.stdout.split("\n");
    expect(header).toMatch(/TASK\s+HOLDER\s+TOOL \/ MODEL\s+AGE\s+HEARTBEAT\s+EXPIRES IN/);
    expect(row).toMatch(/glance\s+alice\s+codex \/ gpt-5\s+\d+s\s+\d+s ago\s+(20m 00s|19m \d{2}s)$/);
    expect((await run(["claim", "glance", "--ttl", "forever"], { cwd })).code).toBe(5);
    expect((await run(["claim", "no-such-task"], { cwd })).code).toBe(6);
    const configBefore = git(cwd, "config", "--list", "--local");
    const refused = await run(["init", "--remote", "nowhere"], { cwd });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('no git remote named "nowhere"');
    expect(git(cwd, "config", "--list", "--local")).toBe(configBefore);
  }, 60_000);

  it("done tasks cannot be claimed", async () => {
    scratch = new Scratch();
    const [cwd] = repoWithWorktrees(scratch, ["finished"], 1) as [string];
    await runJson(["move", "finished", "canceled"], { cwd });
    const r = await run(["claim", "finished", "--output", "json"], { cwd });
    expect(r.code).toBe(1);
    expect(errorOf(r).code).toBe("task_closed");
    expect(git(cwd, "for-each-ref", "refs/taskplain/")).toBe("");
  }, 30_000);
});

describe("leases outside git (a file under the repository lock)", () => {
  it("8 concurrent claims on one task: exactly one wins; expiry and take-over work the same", async () => {
    scratch = new Scratch();
    const cwd = scratch.dir;
    addReadyTasks(cwd, ["plain"]);
    scratch.alsoRemove(outsideGitLockDir(cwd));
    // (a TTL no slow machine outlives during the race; expiry comes from an injected clock below)
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        runBinary(["claim", "plain", "--holder", `agent-${i}`, "--ttl", "10m", "--output", "json"], { cwd }),
      ),
    );
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    expect(results.filter((r) => r.code === 1 && errorOf(r).code === "lease_held")).toHaveLength(7);
    const env = { TASKPLAIN_LEASE_SKEW: "0s" };
    const view = await runJson<{ store: string; leases: LeaseJson[] }>(["leases", "--all"], { cwd, env });
    expect(view.store).toBe("file");
    const first = view.leases[0]!;
    // past its expiry by an injected clock (not waited out): expired, and free to take
    const later = { now: () => Date.parse(first.expires_at) + 1_000 };
    const v = await runJson<{ leases: LeaseJson[] }>(["leases", "--all"], { cwd, env, clock: later });
    expect(v.leases.map((l) => [l.holder, l.status])).toEqual([[first.holder, "expired"]]);
    const taken = await runJson<{ lease: LeaseJson }>(["claim", "plain", "--holder", "late"], {
      cwd,
      env,
      clock: later,
    });
    expect(taken.lease).toMatchObject({ holder: "late", generation: 2 });
    expect(first.holder).not.toBe("late");
    // nothing was written into the working tree: the lease file lives beside the lock
    expect(readdirSync(cwd)).toEqual(["tasks"]);
  }, 60_000);
});
