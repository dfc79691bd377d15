// The concurrency mix (quality.md "One writer at a time"): real processes mixing
// update, metadata set, attempt add, move, pickup and complete on overlapping tasks.
// Afterwards every file parses and validates, and every acknowledged change is there
// (counted). Pickups racing for one task with a claim: exactly one wins, the others get
// a clear refusal (lease_held). Bounded: 8 processes at a time, loopback only (no network at all).
import { describe, expect, it } from "vitest";
import { fixtureRepo, type RunResult, run, runBinary, writeTask } from "../helpers.js";

const T0 = "2026-03-01T09:00:00.000Z";
const taskFile = (id: string) =>
  [
    "---",
    `id: ${id}`,
    `title: Shared ${id}`,
    "kind: task",
    "state: ready",
    `commit_message: "feat(mix): ${id}  [Task:${id}]"`,
    "priority: normal",
    `created_at: ${T0}`,
    `updated_at: ${T0}`,
    "---",
    "",
    "## Overview",
    "",
    "Many writers at once.",
    "",
    "## Acceptance Criteria",
    "",
    "- [ ] Survives the mix",
    "",
    "## Technical Approach",
    "",
    "- Lock, read, write.",
    "",
    "## Post-Implementation Insights",
    "",
    "### Changelog",
    "",
    "- Mixed.",
    "",
  ].join("\n");

const WORKERS = 8;
const STEPS = 5;
const TASKS = ["mix-a", "mix-b", "mix-c", "mix-d"];

type Op = { kind: string; task: string; args: string[]; input?: string; mark: string };

function opFor(worker: number, step: number): Op {
  const task = TASKS[(worker + step) % TASKS.length]!;
  const mark = `w${worker}s${step}`;
  switch ((worker + step * 3) % 6) {
    case 0:
      return { kind: "update", task, mark, args: ["update", task, "--meta", `x-${mark}=set`] };
    case 1:
      return {
        kind: "metadata",
        task,
        mark,
        args: ["metadata", "set", task],
        input: JSON.stringify({ [`x-${mark}`]: "set" }),
      };
    case 2: {
      const start = new Date(Date.parse(T0) + (worker * STEPS + step) * 120_000).toISOString();
      const end = new Date(Date.parse(start) + 60_000).toISOString();
      return {
        kind: "attempt",
        task,
        mark,
        args: [
          "attempt",
          "add",
          task,
          "--tool",
          "mixer",
          "--status",
          "failed",
          "--error",
          "mixed",
          "--started",
          start,
          "--ended",
          end,
          "--duration",
          "60",
          "--notes",
          mark,
        ],
      };
    }
    case 3:
      return { kind: "move", task, mark, args: ["move", task, step % 2 ? "ready" : "in-progress"] };
    case 4:
      return { kind: "pickup", task, mark, args: ["pickup", task] };
    default:
      return { kind: "complete", task, mark, args: ["complete", task, "--check-acs"] };
  }
}

function expectClear(r: RunResult, what: string): void {
  expect([0, 1], `${what}: exit ${r.code} ${r.stderr}`).toContain(r.code);
  expect(`${r.stdout}${r.stderr}`, what).not.toMatch(/unexpected failure|internal_error|^\s+at /m);
  if (r.code !== 0) expect(r.stderr, what).toMatch(/^error: .+/m);
}

describe("concurrency mix", () => {
  it(`${WORKERS} processes × ${STEPS} mixed writes on ${TASKS.length} shared tasks: every acknowledged change is there`, async () => {
    const cwd = fixtureRepo();
    for (const id of TASKS) writeTask(cwd, `tasks/10-ready/task-${id}.md`, taskFile(id));
    const results: { op: Op; r: RunResult }[] = [];
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, worker) => {
        for (let step = 0; step < STEPS; step++) {
          const op = opFor(worker, step);
          const r = await runBinary(op.args, {
            cwd,
            input: op.input,
            env: { TASKPLAIN_LOCK_TIMEOUT_MS: "60000" },
          });
          results.push({ op, r });
        }
      }),
    );
    for (const { op, r } of results) expectClear(r, op.args.join(" "));

    // every file parses and validates
    const report = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    expect(report.errors).toEqual([]);
    expect(report.counts.files).toBe(TASKS.length);

    // every acknowledged change is present, and nothing acknowledged twice or lost
    const acked = results.filter((x) => x.r.code === 0);
    const shown = new Map<string, Record<string, unknown>>();
    for (const id of TASKS) {
      const s = await run(["show", id, "--output", "json"], { cwd });
      expect(s.code).toBe(0);
      shown.set(id, JSON.parse(s.stdout));
    }
    let keys = 0;
    let attempts = 0;
    for (const { op } of acked) {
      const task = shown.get(op.task)!;
      if (op.kind === "update" || op.kind === "metadata") {
        expect(task[`x-${op.mark}`], `${op.args.join(" ")}`).toBe("set");
        keys += 1;
      }
      if (op.kind === "attempt") {
        const notes = ((task.execution as { attempts: { notes?: string }[] }).attempts ?? []).map(
          (a) => a.notes,
        );
        expect(notes.filter((n) => n === op.mark).length, op.mark).toBe(1);
        attempts += 1;
      }
    }
    const stored = [...shown.values()].reduce(
      (n, t) => n + ((t.execution as { attempts: unknown[] } | undefined)?.attempts.length ?? 0),
      0,
    );
    expect(stored).toBe(attempts);
    // an update or metadata set is never refused here: they do not depend on the state
    expect(
      results.filter((x) => (x.op.kind === "update" || x.op.kind === "metadata") && x.r.code !== 0),
    ).toEqual([]);
    const tally = {
      processes: results.length,
      acknowledged: acked.length,
      refused: results.length - acked.length,
      keysChecked: keys,
      attemptsChecked: attempts,
      byKind: Object.fromEntries(
        ["update", "metadata", "attempt", "move", "pickup", "complete"].map((k) => [
          k,
          `${results.filter((x) => x.op.kind === k && x.r.code === 0).length}/${results.filter((x) => x.op.kind === k).length}`,
        ]),
      ),
    };
    console.log(`concurrency mix: ${JSON.stringify(tally)}`);
  }, 180_000);

  it("pickups racing for one task: exactly one wins, the others are refused clearly", async () => {
    // Racing agents claim as they pick up (leases.md); a plain pickup of a task already in
    // progress is a resume (agents.md), so a lease is what makes the others lose.
    const cwd = fixtureRepo();
    writeTask(cwd, "tasks/10-ready/task-prize.md", taskFile("prize"));
    const racers = 6;
    const results = await Promise.all(
      Array.from({ length: racers }, (_, i) =>
        runBinary(["pickup", "prize", "--claim", "--holder", `racer-${i}`, "--output", "json"], { cwd }),
      ),
    );
    for (const r of results) {
      expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at /);
      expect([0, 1]).toContain(r.code);
    }
    const winners = results.filter((r) => r.code === 0);
    expect(winners.length).toBe(1);
    const winner = JSON.parse(winners[0]!.stdout).claim.lease.holder as string;
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(1);
      const error = JSON.parse(r.stderr).error;
      expect(error.code).toBe("lease_held");
      expect(error.message).toContain(winner);
    }
    const shown = JSON.parse((await run(["show", "prize", "--output", "json"], { cwd })).stdout);
    expect(shown.state).toBe("in-progress");
    console.log(`pickup race: ${racers} racers, 1 winner (${winner}), ${racers - 1} refused with lease_held`);
  }, 120_000);

  it("plain pickups racing for one task: one picks it up, the others resume it; one move on disk", async () => {
    const cwd = fixtureRepo();
    writeTask(cwd, "tasks/10-ready/task-prize.md", taskFile("prize"));
    const results = await Promise.all(
      Array.from({ length: 4 }, () => runBinary(["pickup", "prize", "--output", "json"], { cwd })),
    );
    for (const r of results) expect(r.code).toBe(0);
    const views = results.map((r) => JSON.parse(r.stdout) as { resumed: boolean; changes: unknown[] });
    expect(views.filter((v) => !v.resumed)).toHaveLength(1);
    expect(views.filter((v) => v.changes.length > 0)).toHaveLength(1);
  }, 120_000);
});
