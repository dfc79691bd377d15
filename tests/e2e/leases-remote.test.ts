// Leases shared through a remote: two clones of a bare repository on a file path.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { claimedLease, decideClaim } from "../../src/domain/leases.js";
import { RemoteLeaseStore } from "../../src/storage/leases-remote.js";
import { run, runBinary, runJson } from "../helpers.js";
import { bareWithClones, errorOf, git, Scratch } from "../lease-helpers.js";

interface LeaseJson {
  task: string;
  holder: string;
  generation: number;
  status: string;
  expires_at: string;
}

let scratch: Scratch;
afterEach(() => scratch?.dispose());

const remoteRef = (s: Scratch, task: string) =>
  git(
    path.join(s.dir, "origin.git"),
    "for-each-ref",
    "--format=%(objectname)",
    `refs/taskplain/leases/${task}`,
  );

describe("leases across machines (a shared remote)", () => {
  it("a push the remote cannot apply for a moment (its ref locked) is tried again, never an I/O error", async () => {
    scratch = new Scratch();
    const [a] = (await bareWithClones(scratch, ["busy"], 1)) as [string];
    const origin = path.join(scratch.dir, "origin.git");
    // another receive-pack holding the ref: git's own lock file for it on the remote
    const lock = path.join(origin, "refs", "taskplain", "leases", "busy.lock");
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, "");
    const claim = () =>
      runBinary(["claim", "busy", "--remote", "origin", "--holder", "machine-a", "--output", "json"], {
        cwd: a,
      });
    // the lock never goes away: after the retries it is a lost race (exit 1), not exit 2
    const blocked = await claim();
    expect(blocked.code, blocked.stderr).toBe(1);
    expect(errorOf(blocked).code).not.toBe("remote_error");
    expect(remoteRef(scratch, "busy")).toBe("");
    // once it is free, the same claim goes through
    rmSync(lock);
    const taken = await claim();
    expect(taken.code, taken.stderr).toBe(0);
    expect(remoteRef(scratch, "busy")).not.toBe("");
  });

  it("two clones race claim --remote origin: one wins, the other exits 1 naming it, then takes over after expiry", async () => {
    scratch = new Scratch();
    const [a, b] = (await bareWithClones(scratch, ["contested"], 2)) as [string, string];
    const env = { TASKPLAIN_LEASE_SKEW: "0s" };
    // A TTL long enough that a slow machine cannot let the winner's lease lapse before the
    // loser's claim runs (a 2 s one did under heavy load: both "won", the second by take-over);
    // expiry is then reached with an injected clock below.
    const claim = (cwd: string, holder: string) =>
      runBinary(
        ["claim", "contested", "--remote", "origin", "--holder", holder, "--ttl", "10m", "--output", "json"],
        {
          cwd,
          env,
        },
      );
    const [ra, rb] = await Promise.all([claim(a, "machine-a"), claim(b, "machine-b")]);
    expect([ra.code, rb.code].sort()).toEqual([0, 1]);
    const [winner, loser, loserDir] =
      ra.code === 0 ? ["machine-a", "machine-b", a] : ["machine-b", "machine-a", b];
    const lost = errorOf(ra.code === 0 ? rb : ra);
    expect(lost.code).toBe("lease_held");
    expect(lost.message).toContain(winner);
    expect(lost.details?.lease?.holder).toBe(winner);
    // the remote holds the winner's lease; the loser's clone mirrors it
    const winnerCommit = remoteRef(scratch, "contested");
    expect(git(loserDir, "rev-parse", "refs/taskplain/leases/contested")).toBe(winnerCommit);
    // after the TTL the loser takes it over: generation + 1, pushed to the remote
    // (time moved past the expiry by an injected clock, not waited out)
    const held = await runJson<{ leases: LeaseJson[] }>(["leases", "--all", "--remote", "origin"], {
      cwd: loserDir,
      env,
    });
    expect(held.leases.map((l) => [l.holder, l.generation])).toEqual([[winner, 1]]);
    const later = { now: () => Date.parse(held.leases[0]!.expires_at) + 1_000 };
    const expired = await runJson<{ leases: LeaseJson[] }>(["leases", "--all", "--remote", "origin"], {
      cwd: loserDir,
      env,
      clock: later,
    });
    expect(expired.leases.map((l) => [l.holder, l.status])).toEqual([[winner, "expired"]]);
    const taken = await runJson<{ action: string; lease: LeaseJson; remote: string }>(
      ["claim", "contested", "--remote", "origin", "--holder", loser],
      { cwd: loserDir, env, clock: later },
    );
    expect(taken).toMatchObject({
      action: "taken_over",
      remote: "origin",
      lease: { holder: loser, generation: 2 },
    });
    const bare = path.join(scratch.dir, "origin.git");
    expect(git(bare, "log", "--format=%s", "refs/taskplain/leases/contested").split("\n")).toEqual([
      expect.stringContaining(`${loser} until`),
      expect.stringContaining(`${winner} until`),
    ]);
    expect(git(bare, "rev-parse", "refs/taskplain/leases/contested^")).toBe(winnerCommit);
  }, 90_000);

  it("a push that loses the race rolls the local ref back and reports the winner", async () => {
    scratch = new Scratch();
    const [a, b] = (await bareWithClones(scratch, ["stale-view"], 2)) as [string, string];
    await runJson(["claim", "stale-view", "--remote", "origin", "--holder", "first"], { cwd: a });
    // clone b has not fetched: it believes the task is free and tries to create the lease
    const store = new RemoteLeaseStore(b, "origin");
    const decision = decideClaim(null, "second", Date.now(), 0);
    if (decision.action === "held") throw new Error("unexpected");
    const lease = claimedLease(
      decision,
      {
        task: "stale-view",
        holder: "second",
        tool: null,
        model: null,
        host: "b",
        worktree: b,
        ttlMs: 60_000,
      },
      Date.now(),
    );
    const result = await store.swap("stale-view", null, lease);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.current?.lease?.holder).toBe("first");
    expect(git(b, "rev-parse", "refs/taskplain/leases/stale-view")).toBe(remoteRef(scratch, "stale-view"));
    expect(git(b, "log", "--format=%s", "refs/taskplain/leases/stale-view")).not.toContain("second");
  }, 60_000);

  it("release --remote deletes the remote ref; the other clone's leases --remote sees it gone", async () => {
    scratch = new Scratch();
    const [a, b] = (await bareWithClones(scratch, ["short-job"], 2)) as [string, string];
    await runJson(["claim", "short-job", "--remote", "origin", "--holder", "worker"], { cwd: a });
    // `init --remote` made a plain `git fetch` mirror the leases too
    git(b, "fetch", "-q", "origin");
    expect(git(b, "for-each-ref", "--format=%(refname)", "refs/taskplain/")).toBe(
      "refs/taskplain/leases/short-job",
    );
    const held = await run(["claim", "short-job", "--holder", "other", "--output", "json"], {
      cwd: b,
      env: { TASKPLAIN_LEASE_REMOTE: "origin" },
    });
    expect(errorOf(held).code).toBe("lease_held");
    await runJson(["release", "short-job", "--remote", "origin", "--holder", "worker"], { cwd: a });
    expect(remoteRef(scratch, "short-job")).toBe("");
    const view = await runJson<{ leases: LeaseJson[]; remote: string }>(
      ["leases", "--all", "--remote", "origin"],
      {
        cwd: b,
      },
    );
    expect(view).toMatchObject({ leases: [], remote: "origin" });
    expect(git(b, "for-each-ref", "refs/taskplain/")).toBe("");
  }, 60_000);

  it("an unreachable remote is an I/O error (exit 2) and leaves no local lease behind", async () => {
    scratch = new Scratch();
    const [a] = (await bareWithClones(scratch, ["offline"], 1)) as [string];
    git(a, "remote", "add", "gone", path.join(scratch.dir, "no-such-repo.git"));
    const r = await run(["claim", "offline", "--remote", "gone", "--output", "json"], { cwd: a });
    expect(r.code).toBe(2);
    expect(errorOf(r).code).toBe("remote_error");
    expect(git(a, "for-each-ref", "refs/taskplain/")).toBe("");
  }, 30_000);

  it("a remote that refuses the push (a hook) is an I/O error, not a lost race; no lease is left", async () => {
    scratch = new Scratch();
    const [a] = (await bareWithClones(scratch, ["guarded"], 1)) as [string];
    const hook = path.join(scratch.dir, "origin.git", "hooks", "pre-receive");
    writeFileSync(hook, "#!/bin/sh\necho 'leases are not welcome here' >&2\nexit 1\n", { mode: 0o755 });
    const r = await run(["claim", "guarded", "--remote", "origin", "--output", "json"], { cwd: a });
    expect(r.code).toBe(2);
    expect(errorOf(r)).toMatchObject({
      code: "remote_error",
      message: expect.stringContaining("hook declined"),
    });
    expect(git(a, "for-each-ref", "refs/taskplain/")).toBe("");
    expect(remoteRef(scratch, "guarded")).toBe("");
  }, 30_000);
});
