// Routing end to end: a corpus where model A lands low-ambiguity work first try 90 % of the
// time and B 40 %, and B beats A on high ambiguity. recommend must rank accordingly, fall
// back (and say so) on a thin cell, and next must name the same executor per task.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureRepo, run, runJson, writeTask } from "../helpers.js";

const BODY =
  "\n## Overview\n\nWork.\n\n## Acceptance Criteria\n\n- [ ] Done\n\n## Technical Approach\n\n- Do it.\n";

let n = 0;
/** A done task (or ready when no attempts) with the given fields and [model, completed?] attempts. */
function put(
  dir: string,
  fields: { ambiguity: string; size: string; state?: string; touches?: string },
  attempts: Array<[string, boolean]>,
) {
  n += 1;
  const id = `job-${n}`;
  const state = fields.state ?? "done";
  const start = Date.UTC(2026, 2, 1) + n * 3_600_000;
  const lines = [
    `id: ${id}`,
    `title: Job ${n}`,
    "kind: task",
    `state: ${state}`,
    `size: ${fields.size}`,
    `ambiguity: ${fields.ambiguity}`,
    ...(fields.touches ? ["touches:", `  - ${fields.touches}`] : []),
    "created_at: 2026-03-01T00:00:00.000Z",
    "updated_at: 2026-03-01T00:00:00.000Z",
  ];
  if (state === "done")
    lines.push('commit_message: "feat: x  [Task:x]"', "completed_at: 2026-03-14T10:00:00.000Z");
  if (attempts.length > 0) {
    lines.push("execution:", "  attempts:");
    attempts.forEach(([model, ok], i) => {
      const s = start + i * 900_000;
      lines.push(
        `    - started_at: ${new Date(s).toISOString()}`,
        `      ended_at: ${new Date(s + 600_000).toISOString()}`,
        "      duration_seconds: 600",
        `      status: ${ok ? "completed" : "failed"}`,
        "      executor:",
        "        tool: agent",
        `        model: ${model}`,
      );
    });
  }
  const folder = state === "done" ? "30-done" : "10-ready";
  const body =
    state === "done"
      ? `${BODY.replace("- [ ] Done", "- [x] Done")}\n## Post-Implementation Insights\n\n### Changelog\n\n- Did it.\n`
      : BODY;
  writeTask(
    dir,
    `tasks/${folder}/${state === "done" ? "2026-03-14 " : ""}${id}.md`,
    `---\n${lines.join("\n")}\n---\n${body}`,
  );
  return id;
}

/** `count` tasks first dispatched to `model`, `firstTry` of them landing first try; the rest rescued by `rescuer`. */
function batch(
  dir: string,
  ambiguity: string,
  model: string,
  count: number,
  firstTry: number,
  rescuer: string,
) {
  for (let i = 0; i < count; i++) {
    put(
      dir,
      { ambiguity, size: "small" },
      i < firstTry
        ? [[model, true]]
        : [
            [model, false],
            [rescuer, true],
          ],
    );
  }
}

interface Candidate {
  tool: string;
  model: string;
  expected_success: number;
  wilson_low: number;
  first_try: { rate: number; n: number; ci: [number, number] };
}
interface Rec {
  level: string;
  fallback: boolean;
  cell_tasks: number;
  levels: { level: string; tasks: number }[];
  explore: boolean;
  recommended: Candidate;
  candidates: Candidate[];
}

describe("recommend and next's recommended_executor", () => {
  let dir: string;
  const ready: Record<string, string> = {};

  beforeAll(() => {
    dir = fixtureRepo();
    batch(dir, "low", "model-a", 20, 18, "model-b"); // A: 90 % first try on low ambiguity
    batch(dir, "low", "model-b", 20, 8, "model-a"); //  B: 40 %
    batch(dir, "high", "model-a", 10, 3, "model-b"); // A: 30 % on high ambiguity
    batch(dir, "high", "model-b", 10, 8, "model-a"); // B: 80 %
    // A thin cell: two low-ambiguity large tasks, both landed by B.
    put(dir, { ambiguity: "low", size: "large" }, [["model-b", true]]);
    put(dir, { ambiguity: "low", size: "large" }, [["model-b", true]]);
    ready.low = put(dir, { ambiguity: "low", size: "small", state: "ready", touches: "src/a/**" }, []);
    ready.high = put(dir, { ambiguity: "high", size: "small", state: "ready", touches: "src/b/**" }, []);
    ready.thin = put(dir, { ambiguity: "low", size: "large", state: "ready", touches: "src/c/**" }, []);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ranks A first on low ambiguity and B first on high ambiguity", async () => {
    const low = await runJson<Rec>(["recommend", "--ambiguity", "low"], { cwd: dir });
    expect(low).toMatchObject({ level: "ambiguity", fallback: false, cell_tasks: 42 });
    expect(low.candidates.map((c) => c.model)).toEqual(["model-a", "model-b"]);
    // A: 18 of 20 first try → (1 + 18) / (2 + 20); B: 8 of 20 plus the two large tasks → 10 of 22.
    expect(low.candidates[0]).toMatchObject({
      tool: "agent",
      expected_success: 0.8636,
      first_try: { rate: 0.9, n: 20, ci: [0.699, 0.9721] },
    });
    expect(low.candidates[1]).toMatchObject({ expected_success: 0.4583, first_try: { n: 22 } });
    expect(low.explore).toBe(false);

    const high = await runJson<Rec>(["recommend", "--ambiguity", "high"], { cwd: dir });
    expect(high.candidates.map((c) => c.model)).toEqual(["model-b", "model-a"]);
    expect(high.recommended.expected_success).toBe(0.75); // (1 + 8) / (2 + 10)

    // a wide terminal keeps every column (narrow ones drop columns and the n of rates)
    const human = await run(["recommend", "--ambiguity", "high"], { cwd: dir, env: { COLUMNS: "200" } });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/1\s+agent \/ model-b\s+75%\s+49%\s+80% \(49–94%, n=10\)/);
  });

  it("falls back from a two-sample cell and says so", async () => {
    const thin = await runJson<Rec>(["recommend", "--ambiguity", "low", "--size", "large"], { cwd: dir });
    expect(thin).toMatchObject({ level: "ambiguity", fallback: true, cell_tasks: 42 });
    expect(thin.levels).toEqual([
      { level: "ambiguity+size", cell: { ambiguity: "low", size: "large" }, tasks: 2 },
      { level: "ambiguity", cell: { ambiguity: "low" }, tasks: 42 },
    ]);
    expect(thin.recommended.model).toBe("model-a");
    const human = await run(["recommend", ready.thin!], { cwd: dir, env: { COLUMNS: "200" } });
    expect(human.stdout).toContain(`Routing task ${ready.thin}`);
    expect(human.stdout).toContain(
      "Fallback: ambiguity+size has 2 tasks (fewer than --min-samples 5); using ambiguity (ambiguity low): 42 tasks",
    );
    // Trusting two samples is the caller's choice.
    const trusted = await runJson<Rec>(["recommend", ready.thin!, "--min-samples", "2"], { cwd: dir });
    expect(trusted).toMatchObject({ level: "ambiguity+size", fallback: false, cell_tasks: 2 });
    expect(trusted.recommended.model).toBe("model-b");
    expect(trusted.explore).toBe(true); // 2 of 2 against no first try at all: cannot tell yet
  });

  it("gives each task next selects the executor recommend names", async () => {
    const next = await runJson<{
      tasks: { id: string; recommended_executor: Record<string, unknown> }[];
      skipped: unknown[];
      remaining: number;
    }>(["next", "--parallelize", "3"], { cwd: dir });
    const byId = Object.fromEntries(next.tasks.map((t) => [t.id, t.recommended_executor]));
    expect(Object.keys(byId).sort()).toEqual([ready.low, ready.high, ready.thin].sort());
    expect(next.skipped).toEqual([]);
    expect(next.remaining).toBe(0);
    for (const id of Object.keys(byId)) {
      const rec = await runJson<Rec>(["recommend", id], { cwd: dir });
      expect(byId[id]).toEqual({
        tool: rec.recommended.tool,
        model: rec.recommended.model,
        expected_success: rec.recommended.expected_success,
        level: rec.level,
        explore: rec.explore,
      });
    }
    expect(byId[ready.low!]).toMatchObject({ model: "model-a", level: "ambiguity+size" });
    expect(byId[ready.high!]).toMatchObject({ model: "model-b", level: "ambiguity+size" });
    expect(byId[ready.thin!]).toMatchObject({ model: "model-a", level: "ambiguity", explore: false });
    const human = await run(["next", "--parallelize", "3"], { cwd: dir });
    expect(human.stdout).toContain("SEND TO");
    expect(human.stdout).toMatch(new RegExp(`${ready.high}\\s.*model-b 75%`));
  });

  it("refuses bad flags with the usage exit code", async () => {
    expect((await run(["recommend", "--ambiguity", "vague"], { cwd: dir })).code).toBe(5);
    expect((await run(["recommend", "--min-samples", "0"], { cwd: dir })).code).toBe(5);
    expect((await run(["recommend", "no-such-task"], { cwd: dir })).code).toBe(6);
  });
});
