// The stress test of leases.md / issue 14: 20 agents (processes) in 4 worktrees of 2
// clones of one bare repository loop `next --claim` → `exec … -- complete` over 60
// tasks until none is left. Every task must be completed exactly once, every attempt
// recorded, every file valid, and no lease left behind.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, run, runBinary, runJson } from "../helpers.js";
import { bareWithClones, git, Scratch } from "../lease-helpers.js";

const TASKS = 60;
const AGENTS = 20;

let scratch: Scratch;
afterEach(() => scratch?.dispose());

interface Completion {
  agent: string;
  worktree: string;
  id: string;
}

describe("stress: many agents, many worktrees, two clones, one remote", () => {
  it(`${AGENTS} agents over ${TASKS} tasks: each completed exactly once, no attempt lost, every file valid`, async () => {
    scratch = new Scratch();
    const ids = Array.from({ length: TASKS }, (_, i) => `t-${String(i).padStart(2, "0")}`);
    const clones = await bareWithClones(scratch, ids, 2);
    const worktrees = [...clones];
    for (const [i, clone] of clones.entries()) {
      const wt = path.join(scratch.dir, `clone-${i}-wt`);
      git(clone, "worktree", "add", "-q", "-b", `agents-${i}`, wt);
      worktrees.push(wt);
    }
    const env = { TASKPLAIN_LEASE_REMOTE: "origin" };
    const completions: Completion[] = [];
    const failures: string[] = [];

    const agent = async (n: number): Promise<void> => {
      const name = `agent-${n}`;
      const cwd = worktrees[n % worktrees.length]!;
      for (let round = 0; round < TASKS; round++) {
        const next = await runBinary(
          ["next", "--claim", "--holder", name, "--ttl", "10m", "--output", "json"],
          {
            cwd,
            env,
          },
        );
        if (next.code !== 0) {
          failures.push(`${name}: next --claim exited ${next.code}: ${next.stderr}`);
          return;
        }
        const picked = (JSON.parse(next.stdout) as { tasks: { id: string }[] }).tasks;
        if (picked.length === 0) return;
        const id = picked[0]!.id;
        const run = await runBinary(
          [
            "exec",
            id,
            "--tool",
            "stress",
            "--holder",
            name,
            "--",
            process.execPath,
            CLI,
            "complete",
            id,
            "--check-acs",
          ],
          { cwd, env },
        );
        if (run.code !== 0) {
          failures.push(`${name}: exec/complete ${id} exited ${run.code}: ${run.stderr}`);
          return;
        }
        completions.push({ agent: name, worktree: cwd, id });
      }
    };
    await Promise.all(Array.from({ length: AGENTS }, (_, n) => agent(n)));

    expect(failures).toEqual([]);
    // every task completed exactly once
    expect(completions.map((c) => c.id).sort()).toEqual(ids);
    // on disk: each task is done in exactly one worktree, with exactly one completed attempt
    // (read back in-process: only the agents need to be real processes)
    const doneIn = new Map<string, string[]>();
    let attempts = 0;
    for (const cwd of worktrees) {
      const done = await runJson<{ id: string }[]>(["list", "--state", "done"], { cwd });
      for (const t of done) {
        doneIn.set(t.id, [...(doneIn.get(t.id) ?? []), cwd]);
        const shown = await runJson<{ execution?: { attempts: { status: string }[] } }>(["show", t.id], {
          cwd,
        });
        expect(shown.execution?.attempts.map((a) => a.status)).toEqual(["completed"]);
        attempts++;
      }
      const validation = await run(["validate", "--output", "json"], { cwd });
      expect(validation.code, validation.stdout).toBe(0);
    }
    expect([...doneIn.keys()].sort()).toEqual(ids);
    expect([...doneIn.values()].every((where) => where.length === 1)).toBe(true);
    expect(attempts).toBe(TASKS);
    for (const c of completions) expect(doneIn.get(c.id)).toEqual([c.worktree]);
    // no lease left behind, on the remote or in any clone
    const left = await runJson<{ leases: unknown[] }>(["leases", "--all", "--remote", "origin"], {
      cwd: worktrees[0]!,
    });
    expect(left.leases).toEqual([]);
    expect(git(path.join(scratch.dir, "origin.git"), "for-each-ref", "refs/taskplain/leases/")).toBe("");
  }, 900_000);
});
