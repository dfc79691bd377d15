import { createColors } from "picocolors";
import { describe, expect, it } from "vitest";
import { themeOf } from "../../src/cli/ui/colour.js";
import { renderRecommendation } from "../../src/cli/ui/recommend.js";
import { displayWidth } from "../../src/cli/ui/width.js";
import { relationName } from "../../src/domain/ranking.js";
import {
  recommend,
  recommendationsFor,
  recommendedExecutor,
  routingData,
  routingLevels,
  routingSample,
  shortRecommendation,
} from "../../src/domain/routing.js";
import {
  betaPosteriorMean,
  intervalsOverlap,
  median,
  percentile,
  proportion,
  wilsonInterval,
} from "../../src/domain/stats-interval.js";
import { normalizeTask, type Task } from "../../src/domain/task.js";

const near = (actual: [number, number] | null, expected: [number, number]) => {
  expect(actual).not.toBeNull();
  expect(actual![0]).toBeCloseTo(expected[0], 4);
  expect(actual![1]).toBeCloseTo(expected[1], 4);
};

describe("wilsonInterval", () => {
  it("matches published values", () => {
    // 8 of 10: the textbook example, [0.490, 0.943].
    near(wilsonInterval(8, 10), [0.4902, 0.9433]);
    near(wilsonInterval(0, 10), [0, 0.2775]);
    near(wilsonInterval(10, 10), [0.7225, 1]);
    near(wilsonInterval(1, 1), [0.2065, 1]);
    near(wilsonInterval(18, 20), [0.699, 0.9721]);
    near(wilsonInterval(8, 20), [0.2188, 0.6134]);
  });

  it("has no interval without data and refuses impossible counts", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
  });

  it("builds the JSON rate object, rounded to 4 decimals", () => {
    expect(proportion(8, 10)).toEqual({ rate: 0.8, n: 10, ci: [0.4902, 0.9433] });
    expect(proportion(1, 3)).toEqual({ rate: 0.3333, n: 3, ci: [0.0615, 0.7923] });
    expect(proportion(0, 0)).toEqual({ rate: null, n: 0, ci: null });
  });
});

describe("betaPosteriorMean and intervals", () => {
  it("is (1 + s) / (2 + n) under a uniform prior", () => {
    expect(betaPosteriorMean(0, 0)).toBe(0.5);
    expect(betaPosteriorMean(1, 1)).toBeCloseTo(2 / 3, 10);
    expect(betaPosteriorMean(9, 10)).toBeCloseTo(10 / 12, 10);
    expect(betaPosteriorMean(18, 20)).toBeCloseTo(19 / 22, 10);
    // One lucky task does not beat forty good ones.
    expect(betaPosteriorMean(1, 1)).toBeLessThan(betaPosteriorMean(34, 40));
  });

  it("detects overlapping intervals, touching included", () => {
    expect(intervalsOverlap([0.2, 0.5], [0.5, 0.9])).toBe(true);
    expect(intervalsOverlap([0.2, 0.49], [0.5, 0.9])).toBe(false);
    expect(intervalsOverlap([0.6, 0.9], [0.1, 0.3])).toBe(false);
  });
});

describe("percentile (linear between closest ranks)", () => {
  it("takes the mean of the two middle values as the median of an even count", () => {
    expect(median([1, 3])).toBe(2);
    expect(median([300, 90, 100, 165, 95, 120])).toBe(110);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
  });

  it("interpolates p90", () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBeCloseTo(9.1, 10);
    expect(percentile([60, 90, 500], 90)).toBeCloseTo(418, 10);
    expect(percentile([42], 90)).toBe(42);
    expect(percentile([1, Number.NaN, 3], 50)).toBe(2);
  });
});

// ---------------------------------------------------------------------------------
// Routing fixtures

let seq = 0;
/** A done task whose attempts are [model, outcome] pairs in order ("C" completed, "F" failed). */
function tried(
  fields: { ambiguity?: string; size?: string; kind?: string },
  attempts: Array<[string, "C" | "F", number?]>,
): Task {
  seq += 1;
  const id = `t${seq}`;
  const base = Date.UTC(2026, 0, 1) + seq * 3_600_000;
  return normalizeTask(
    {
      id,
      title: id,
      kind: fields.kind ?? "task",
      state: "done",
      ambiguity: fields.ambiguity ?? "low",
      size: fields.size ?? "small",
      execution: {
        attempts: attempts.map(([model, outcome, seconds], i) => ({
          started_at: new Date(base + i * 600_000).toISOString(),
          ended_at: new Date(base + i * 600_000 + (seconds ?? 60) * 1000).toISOString(),
          duration_seconds: seconds ?? 60,
          status: outcome === "C" ? "completed" : "failed",
          executor: { tool: "agent", model },
        })),
      },
    },
    { id, kind: "task", state: "done" },
  );
}

/** The routing data of whole tasks, as `recommend` reduces them. */
const samplesData = (tasks: readonly Task[]) => routingData(tasks.map(routingSample));

const repeat = (n: number, make: (i: number) => Task): Task[] => Array.from({ length: n }, (_, i) => make(i));

describe("routingLevels", () => {
  it("goes from the exact cell to ambiguity, then size, then all", () => {
    expect(routingLevels({ ambiguity: "low", size: "small" })).toEqual([
      { ambiguity: "low", size: "small" },
      { ambiguity: "low" },
      { size: "small" },
      {},
    ]);
    expect(routingLevels({ ambiguity: "high", size: "tiny", kind: "story" })).toEqual([
      { ambiguity: "high", size: "tiny", kind: "story" },
      { ambiguity: "high", size: "tiny" },
      { ambiguity: "high" },
      { size: "tiny" },
      {},
    ]);
    expect(routingLevels({ size: "xl" })).toEqual([{ size: "xl" }, {}]);
    expect(routingLevels({})).toEqual([{}]);
  });
});

describe("recommend", () => {
  // Low ambiguity, small: A 5 of 6 first try, B 1 of 5. High ambiguity, small: A 1 of 5, B 5 of 6.
  const tasks = [
    ...repeat(6, (i) =>
      tried(
        { ambiguity: "low" },
        i < 5
          ? [["A", "C", 100]]
          : [
              ["A", "F"],
              ["B", "C", 300],
            ],
      ),
    ),
    ...repeat(5, (i) =>
      tried(
        { ambiguity: "low" },
        i < 1
          ? [["B", "C", 200]]
          : [
              ["B", "F"],
              ["B", "F"],
              ["A", "C"],
            ],
      ),
    ),
    ...repeat(5, (i) =>
      tried(
        { ambiguity: "high" },
        i < 1
          ? [["A", "C"]]
          : [
              ["A", "F"],
              ["B", "C"],
            ],
      ),
    ),
    ...repeat(6, (i) =>
      tried(
        { ambiguity: "high" },
        i < 5
          ? [["B", "C"]]
          : [
              ["B", "F"],
              ["A", "C"],
            ],
      ),
    ),
  ];
  const samples = samplesData(tasks);

  it("ranks by posterior mean of first-try success on the exact cell", () => {
    const r = recommend(samples, { ambiguity: "low", size: "small" });
    expect(r).toMatchObject({ level: "ambiguity+size", cell_tasks: 11, fallback: false });
    expect(r.candidates.map((c) => c.model)).toEqual(["A", "B"]);
    const [a, b] = r.candidates;
    expect(a).toEqual({
      tool: "agent",
      model: "A",
      expected_success: 0.75, // (1 + 5) / (2 + 6)
      wilson_low: 0.4365, // 5 of 6
      first_try: { rate: 0.8333, n: 6, ci: [0.4365, 0.9699] },
      successes: 5,
      attempts: 6 + 4, // its own 6 first tries + its 4 rescues of B's tasks
      median_seconds_per_success: 100, // 60 60 60 60 [100] 100 100 100 100: the 5th of 9
      p90_seconds_per_success: 100,
      mean_attempts_to_done: 1.17, // (5 · 1 + 2) / 6
    });
    expect(b).toMatchObject({
      model: "B",
      expected_success: 0.2857, // (1 + 1) / (2 + 5)
      first_try: { rate: 0.2, n: 5, ci: [0.0362, 0.6245] },
      attempts: 1 + 4 * 2 + 1,
      mean_attempts_to_done: 2.6, // (1 + 3 · 4) / 5
      median_seconds_per_success: 250, // 200 and 300
    });
    expect(r.recommended).toBe(r.candidates[0]);
    // 5/6 → [0.44, 0.97] and 1/5 → [0.04, 0.62] overlap: six samples cannot settle it.
    expect(r.explore).toBe(true);
  });

  it("ranks the other way round on high ambiguity", () => {
    const r = recommend(samples, { ambiguity: "high", size: "small" });
    expect(r.candidates.map((c) => [c.model, c.expected_success])).toEqual([
      ["B", 0.75],
      ["A", 0.2857],
    ]);
  });

  it("falls back to a coarser cell when the exact one is thin, and says which", () => {
    const extra = [
      tried({ ambiguity: "low", size: "large" }, [["B", "C"]]),
      tried({ ambiguity: "low", size: "large" }, [["B", "C"]]),
    ];
    const r = recommend(samplesData([...tasks, ...extra]), { ambiguity: "low", size: "large" });
    expect(r.fallback).toBe(true);
    expect(r.level).toBe("ambiguity");
    expect(r.cell).toEqual({ ambiguity: "low" });
    expect(r.levels).toEqual([
      { level: "ambiguity+size", cell: { ambiguity: "low", size: "large" }, tasks: 2 },
      { level: "ambiguity", cell: { ambiguity: "low" }, tasks: 13 },
    ]);
    expect(r.candidates[0]!.model).toBe("A"); // 5 of 6 beats B's 3 of 7 at the ambiguity level
    // With --min-samples 2 the two-task cell is enough, and B (2 of 2) leads there.
    const exact = recommend(samplesData([...tasks, ...extra]), { ambiguity: "low", size: "large" }, 2);
    expect(exact).toMatchObject({ level: "ambiguity+size", fallback: false, cell_tasks: 2 });
    expect(exact.candidates[0]!.model).toBe("B");
    expect(exact.candidates[1]).toMatchObject({
      model: "A",
      expected_success: 0.5,
      wilson_low: 0,
      first_try: { n: 0 },
    });
  });

  it("goes on to size only, then all tasks", () => {
    expect(recommend(samples, { ambiguity: "medium", size: "small" })).toMatchObject({
      level: "size",
      cell_tasks: 22,
      fallback: true,
    });
    const all = recommend(samples, { ambiguity: "medium", size: "xl" });
    expect(all).toMatchObject({ level: "all", cell: {}, cell_tasks: 22 });
    expect(all.levels.map((l) => [l.level, l.tasks])).toEqual([
      ["ambiguity+size", 0],
      ["ambiguity", 0],
      ["size", 0],
      ["all", 22],
    ]);
  });

  it("sets explore only while the leader's interval overlaps another's", () => {
    const clear = [
      ...repeat(20, (i) =>
        tried(
          {},
          i < 18
            ? [["A", "C"]]
            : [
                ["A", "F"],
                ["A", "C"],
              ],
        ),
      ),
      ...repeat(20, (i) =>
        tried(
          {},
          i < 8
            ? [["B", "C"]]
            : [
                ["B", "F"],
                ["B", "C"],
              ],
        ),
      ),
    ];
    const r = recommend(samplesData(clear), { ambiguity: "low", size: "small" });
    // 18/20 → [0.699, 0.972] and 8/20 → [0.219, 0.613] are apart.
    expect(r.candidates.map((c) => [c.model, c.first_try.ci])).toEqual([
      ["A", [0.699, 0.9721]],
      ["B", [0.2188, 0.6134]],
    ]);
    expect(r.explore).toBe(false);
    // A model only ever used to rescue has no first try: its interval is all of [0, 1].
    const rescued = [
      ...clear,
      tried({}, [
        ["A", "F"],
        ["C", "C"],
      ]),
    ];
    expect(recommend(samplesData(rescued), { ambiguity: "low", size: "small" }).explore).toBe(true);
    // A single candidate has nobody to be confused with.
    expect(recommend(samplesData(clear.slice(0, 20)), {}).explore).toBe(false);
  });

  it("has no recommendation without telemetry, and refuses a min-samples below 1", () => {
    const r = recommend(routingData([]), { ambiguity: "low" });
    expect(r).toMatchObject({
      recommended: null,
      candidates: [],
      explore: false,
      level: "all",
      cell_tasks: 0,
    });
    expect(recommendedExecutor(routingData([]), { ambiguity: "low", size: "small" })).toBeNull();
    expect(() => recommend(samples, {}, 0)).toThrow(RangeError);
  });

  it("gives next a short recommendation per picked task", () => {
    const picks = [
      { ambiguity: "low" as const, size: "small" as const },
      { ambiguity: "high" as const, size: "small" as const },
    ];
    const recs = recommendationsFor(tasks.map(routingSample), picks);
    expect(recs).toEqual([
      { tool: "agent", model: "A", expected_success: 0.75, level: "ambiguity+size", explore: true },
      { tool: "agent", model: "B", expected_success: 0.75, level: "ambiguity+size", explore: true },
    ]);
    expect(shortRecommendation(recs[0]!)).toBe("A 75%?");
    expect(shortRecommendation(null)).toBe("-");
    expect(recommendationsFor(tasks.map(routingSample), [])).toEqual([]);
  });

  // the human text lives in the CLI's output layer (src/cli/ui/recommend.ts)
  const view = (width: number) => ({ width, theme: themeOf(createColors(false)), now: 0 });
  const formatRecommendationHuman = (rec: Parameters<typeof renderRecommendation>[0], width = 400) =>
    renderRecommendation(rec, view(width));

  it("prints the cell, the fallback and the ranking for people", () => {
    const out = formatRecommendationHuman(recommend(samples, { ambiguity: "low", size: "large" }));
    expect(out).toContain("Routing ambiguity low, size large");
    expect(out).toContain(
      "Fallback: ambiguity+size has 0 tasks (fewer than --min-samples 5); using ambiguity (ambiguity low): 11 tasks",
    );
    expect(out).toMatch(/1\s+agent \/ A\s+75%\s+44%\s+83% \(44–97%, n=6\)/);
    expect(out).toContain("Recommended: agent / A, but explore");
    expect(formatRecommendationHuman(recommend(routingData([]), {}))).toContain("No telemetry yet");
  });

  it("fits a 60-column terminal, keeping the executor names whole", () => {
    const out = formatRecommendationHuman(recommend(samples, { ambiguity: "low", size: "large" }), 60);
    for (const line of out.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect(out).toMatch(/1\s+agent \/ A\s+75%/);
  });
});

describe("relationName", () => {
  it("names ancestors by their distance", () => {
    expect([0, 1, 2, 3].map(relationName)).toEqual([
      "parent",
      "grandparent",
      "great-grandparent",
      "great-great-grandparent",
    ]);
  });
});
