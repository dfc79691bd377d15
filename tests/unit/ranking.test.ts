import { describe, expect, it } from "vitest";
import { conflictBetween, PathHolders } from "../../src/domain/path-holders.js";
import { rankReadyTasks } from "../../src/domain/ranking.js";
import { normalizeTask, type Task } from "../../src/domain/task.js";

let clock = 0;
// Each task gets a later updated_at than the one before, unless the test says otherwise.
function task(id: string, raw: Record<string, unknown> = {}): Task {
  clock++;
  return normalizeTask(
    {
      id,
      title: `Title of ${id}`,
      kind: "task",
      state: "ready",
      updated_at: new Date(Date.UTC(2026, 0, 1, 0, clock)).toISOString(),
      ...raw,
    },
    { id, kind: "task", state: "ready" },
  );
}

const ids = (tasks: Task[], options = {}) => rankReadyTasks(tasks, options).tasks.map((t) => t.id);
const order = (tasks: Task[], options = {}) => ids(tasks, { parallelize: 100, ...options });
const skipOf = (tasks: Task[], id: string, options = {}) =>
  rankReadyTasks(tasks, options).skipped.find((s) => s.id === id);

describe("rankReadyTasks ordering", () => {
  it("orders by priority, urgent first", () => {
    const tasks = ["none", "low", "urgent", "normal", "high"].map((p) => task(`p-${p}`, { priority: p }));
    expect(order(tasks)).toEqual(["p-urgent", "p-high", "p-normal", "p-low", "p-none"]);
  });

  it("puts tasks whose story or epic is in progress first within a priority", () => {
    const tasks = [
      task("loose", { size: "tiny" }),
      task("epic", { kind: "epic", state: "in-progress", children: ["story"] }),
      task("story", { kind: "story", state: "ready", children: ["deep"] }),
      task("deep", { size: "large" }),
      task("legacy-parent", { kind: "story", state: "in-progress" }),
      task("legacy-child", { parent: "legacy-parent", size: "xl" }),
    ];
    const result = rankReadyTasks(tasks, { parallelize: 10 });
    expect(result.tasks.map((t) => t.id)).toEqual(["deep", "legacy-child", "loose"]);
    expect(result.tasks[0]!.score.parent_in_progress).toBe(true);
    // deep's parent is the (ready) story; the epic in progress is its grandparent.
    expect(result.tasks[0]!.reasons).toContain("grandparent epic epic in progress");
    expect(result.tasks[1]!.reasons).toContain("parent story legacy-parent in progress");
    expect(result.tasks[2]!.score.parent_in_progress).toBe(false);
  });

  it("then by size, tiny first", () => {
    const tasks = ["xl", "small", "tiny", "large", "medium"].map((s) => task(`s-${s}`, { size: s }));
    expect(order(tasks)).toEqual(["s-tiny", "s-small", "s-medium", "s-large", "s-xl"]);
  });

  it("then by executor fit: lowest tier without --executor, closest tier with it", () => {
    const tasks = [
      task("expert", { executor: "expert" }),
      task("simple", { executor: "simple" }),
      task("standard", { executor: "standard" }),
    ];
    expect(order(tasks)).toEqual(["simple", "standard", "expert"]);
    expect(order(tasks, { executor: "expert" })).toEqual(["expert", "standard", "simple"]);
  });

  it("then by ambiguity, then isolation", () => {
    const byAmbiguity = ["high", "low", "medium"].map((a) => task(`a-${a}`, { ambiguity: a }));
    expect(order(byAmbiguity)).toEqual(["a-low", "a-medium", "a-high"]);
    const byIsolation = ["shared", "module", "isolated"].map((i) => task(`i-${i}`, { isolation: i }));
    expect(order(byIsolation)).toEqual(["i-isolated", "i-module", "i-shared"]);
  });

  it("then by staleness, then id", () => {
    const at = "2026-02-01T00:00:00.000Z";
    const tasks = [
      task("newer", { updated_at: "2026-03-01T00:00:00.000Z" }),
      task("b-same", { updated_at: at }),
      task("a-same", { updated_at: at }),
    ];
    expect(order(tasks)).toEqual(["a-same", "b-same", "newer"]);
  });

  it("explains the rank and exposes the score", () => {
    const [ranked] = rankReadyTasks([
      task("one", { priority: "high", size: "small", isolation: "isolated", touches: ["src/a.ts"] }),
    ]).tasks;
    expect(ranked).toMatchObject({
      id: "one",
      title: "Title of one",
      priority: "high",
      touches: ["src/a.ts"],
      score: { priority: 3, parent_in_progress: false, size: 1, ambiguity: 0, isolation: 0 },
    });
    expect(ranked!.reasons).toEqual([
      "priority high",
      "size small",
      "executor standard",
      "ambiguity low",
      "isolation isolated",
    ]);
  });

  it("is deterministic whatever the input order", () => {
    const tasks = Array.from({ length: 30 }, (_, i) =>
      task(`t${i}`, {
        priority: ["low", "high", "normal"][i % 3],
        size: ["tiny", "medium"][i % 2],
        updated_at: "2026-01-01T00:00:00.000Z",
        touches: [`src/m${i % 4}/**`],
      }),
    );
    const first = rankReadyTasks(tasks, { parallelize: 3 });
    const again = rankReadyTasks([...tasks].reverse(), { parallelize: 3 });
    expect(again).toEqual(first);
    expect(rankReadyTasks(tasks, { parallelize: 3 })).toEqual(first);
  });
});

describe("rankReadyTasks candidates and skip reasons", () => {
  it("only considers ready work", () => {
    const tasks = [task("idea", { state: "idea" }), task("done", { state: "done" }), task("ready")];
    const result = rankReadyTasks(tasks);
    expect(result.tasks.map((t) => t.id)).toEqual(["ready"]);
    expect(result.skipped).toEqual([]);
  });

  it("skips blocked tasks quoting the reason", () => {
    const skip = skipOf([task("b", { blocked: "waiting for API keys" })], "b");
    expect(skip).toMatchObject({ code: "blocked" });
    expect(skip!.reason).toContain("waiting for API keys");
  });

  it("skips tasks with unmet or missing dependencies, naming them and their states", () => {
    const tasks = [
      task("dep-done", { state: "done" }),
      task("dep-open", { state: "in-progress" }),
      task("ok", { depends_on: ["dep-done"] }),
      task("waits", { depends_on: ["dep-done", "dep-open", "ghost"] }),
    ];
    expect(ids(tasks, { parallelize: 5 })).toEqual(["ok"]);
    const skip = skipOf(tasks, "waits");
    expect(skip).toMatchObject({ code: "dependencies" });
    expect(skip!.reason).toContain("dep-open (in-progress)");
    expect(skip!.reason).toContain("ghost (missing)");
    expect(skip!.reason).not.toContain("dep-done");
  });

  it("takes a story or epic only once it has no open children", () => {
    const tasks = [
      task("story-open", { kind: "story", children: ["child-open"] }),
      task("child-open", { state: "idea" }),
      task("story-finished", { kind: "story", children: ["child-done"] }),
      task("child-done", { state: "done" }),
      task("epic-legacy", { kind: "epic" }),
      task("story-legacy", { kind: "story", state: "idea", parent: "epic-legacy" }),
    ];
    expect(ids(tasks, { parallelize: 5 })).toEqual(["story-finished"]);
    expect(skipOf(tasks, "story-open")).toMatchObject({ code: "has_open_children" });
    expect(skipOf(tasks, "epic-legacy")).toMatchObject({ code: "has_open_children" });
  });

  it("skips tasks above the asking executor's tier, and human review unless asked for", () => {
    const tasks = [
      task("simple", { executor: "simple" }),
      task("expert", { executor: "expert" }),
      task("human", { executor: "human_review" }),
    ];
    expect(ids(tasks, { parallelize: 5, executor: "standard" })).toEqual(["simple"]);
    expect(skipOf(tasks, "expert", { executor: "standard" })).toMatchObject({ code: "executor" });
    expect(skipOf(tasks, "human")).toMatchObject({ code: "executor", reason: "needs human review" });
    expect(ids(tasks, { parallelize: 5 })).toEqual(["simple", "expert"]);
    expect(ids(tasks, { parallelize: 5, executor: "human_review" })).toEqual(["human", "expert", "simple"]);
  });

  it("filters by kind and by any of the labels without reporting the rest", () => {
    const tasks = [
      task("t-ui", { labels: ["ui", "web"] }),
      task("t-cli", { labels: ["cli"] }),
      task("s-ui", { kind: "story", labels: ["ui"] }),
    ];
    const result = rankReadyTasks(tasks, { parallelize: 5, kinds: ["task"], labels: ["web", "cli"] });
    expect(result.tasks.map((t) => t.id)).toEqual(["t-ui", "t-cli"]);
    expect(result.skipped).toEqual([]);
  });

  it("does not call tasks beyond the requested count skipped: it counts them as remaining", () => {
    const tasks = [task("a"), task("b"), task("c")];
    const result = rankReadyTasks(tasks);
    expect(result.tasks.map((t) => t.id)).toEqual(["a"]);
    expect(result.skipped).toEqual([]);
    expect(result.remaining).toBe(2);
  });

  it("gives tasks beyond the count their real reason when they would conflict", () => {
    const tasks = [
      task("first", { priority: "high", touches: ["src/a/**"] }),
      task("second", { touches: ["src/b/**"] }),
      task("clash", { touches: ["src/a/x.ts"] }),
      task("stuck", { blocked: "needs keys" }),
      task("free", { touches: ["docs/**"] }),
    ];
    const result = rankReadyTasks(tasks, { parallelize: 2 });
    expect(result.tasks.map((t) => t.id)).toEqual(["first", "second"]);
    expect(result.skipped.map((s) => [s.id, s.code, s.conflicts_with])).toEqual([
      ["clash", "conflict", ["first"]],
      ["stuck", "blocked", undefined],
    ]);
    expect(result.remaining).toBe(1); // free: could run, just not asked for
  });

  it("skips leased work with its holder and counts its touches as taken (lease hook)", () => {
    const tasks = [
      task("held", { priority: "urgent", touches: ["src/x/**"] }),
      task("near", { touches: ["src/x/y.ts"] }),
      task("far", { touches: ["src/z.ts"] }),
    ];
    const leases = new Map([["held", { holder: "ana@box:wt1", expires_at: "2026-01-01T00:30:00.000Z" }]]);
    const result = rankReadyTasks(tasks, { parallelize: 3, leases });
    expect(result.tasks.map((t) => t.id)).toEqual(["far"]);
    expect(result.skipped).toEqual([
      { id: "held", code: "lease", reason: "leased by ana@box:wt1 until 2026-01-01T00:30:00.000Z" },
      {
        id: "near",
        code: "conflict",
        reason: "conflicts: src/x/y.ts overlaps src/x/** of held",
        conflicts_with: ["held"],
      },
    ]);
    expect(rankReadyTasks(tasks, { parallelize: 3 }).tasks.map((t) => t.id)).toEqual(["held", "far"]);
  });
});

describe("rankReadyTasks parallel dispatch", () => {
  it("returns only mutually safe tasks when touches overlap", () => {
    const tasks = [
      task("cli-all", { priority: "high", touches: ["src/cli/**"] }),
      task("cli-main", { touches: ["src/cli/main.ts"] }),
      task("docs", { touches: ["docs/*.md"] }),
      task("storage", { touches: ["src/storage/**", "docs/storage.md"] }),
      task("untouched"),
    ];
    const result = rankReadyTasks(tasks, { parallelize: 4 });
    expect(result.tasks.map((t) => t.id)).toEqual(["cli-all", "docs", "untouched"]);
    expect(result.skipped).toEqual([
      {
        id: "cli-main",
        code: "conflict",
        reason: "conflicts: src/cli/main.ts overlaps src/cli/** of cli-all",
        conflicts_with: ["cli-all"],
      },
      {
        id: "storage",
        code: "conflict",
        reason: "conflicts: docs/storage.md overlaps docs/*.md of docs",
        conflicts_with: ["docs"],
      },
    ]);
  });

  it("counts the touches of in-progress work as taken", () => {
    const tasks = [
      task("running", { state: "in-progress", touches: ["src/domain/**"] }),
      task("clash", { priority: "urgent", touches: ["src/domain/ranking.ts"] }),
      task("free", { touches: ["src/web/**"] }),
    ];
    const result = rankReadyTasks(tasks);
    expect(result.tasks.map((t) => t.id)).toEqual(["free"]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ id: "clash", code: "conflict", conflicts_with: ["running"] }),
    ]);
  });

  it("lets an isolation: global task run only alone (it also ranks last on isolation)", () => {
    const tasks = [
      task("first", { priority: "high", touches: ["src/a.ts"] }),
      task("global", { isolation: "global" }),
      task("other", { touches: ["src/b.ts"] }),
    ];
    const result = rankReadyTasks(tasks, { parallelize: 3 });
    expect(result.tasks.map((t) => t.id)).toEqual(["first", "other"]);
    expect(skipOf(tasks, "global", { parallelize: 3 })).toMatchObject({
      code: "conflict",
      conflicts_with: ["first", "other"],
    });
    expect(ids([task("global-alone", { isolation: "global" })])).toEqual(["global-alone"]);
  });

  it("blocks everything while a global task is in progress", () => {
    const tasks = [task("g", { state: "in-progress", isolation: "global" }), task("a"), task("b")];
    const result = rankReadyTasks(tasks, { parallelize: 2 });
    expect(result.tasks).toEqual([]);
    expect(result.skipped.map((s) => [s.id, s.code, s.conflicts_with])).toEqual([
      ["a", "conflict", ["g"]],
      ["b", "conflict", ["g"]],
    ]);
  });

  it("does not let an epic or story in progress without touches block global work", () => {
    const tasks = [
      task("epic", { kind: "epic", state: "in-progress", children: ["story"] }),
      task("story", { kind: "story", state: "in-progress", children: ["g"] }),
      task("g", { isolation: "global" }),
    ];
    const result = rankReadyTasks(tasks);
    expect(result.tasks.map((t) => t.id)).toEqual(["g"]);
    expect(result.tasks[0]!.reasons).toContain("parent story story in progress");
    // A container that declares paths, or says isolation global, does hold them.
    const declared = [
      task("s", { kind: "story", state: "in-progress", touches: ["src/**"] }),
      task("g2", { isolation: "global" }),
    ];
    expect(skipOf(declared, "g2")).toMatchObject({ code: "conflict", conflicts_with: ["s"] });
    const global = [task("e", { kind: "epic", state: "in-progress", isolation: "global" }), task("t")];
    expect(skipOf(global, "t")).toMatchObject({ code: "conflict", conflicts_with: ["e"] });
    // A task in progress without touches still keeps global work out.
    const plainTask = [task("busy", { state: "in-progress" }), task("g3", { isolation: "global" })];
    expect(skipOf(plainTask, "g3")).toMatchObject({ code: "conflict", conflicts_with: ["busy"] });
  });

  it("lets tasks without touches run beside anything but global work", () => {
    const tasks = [task("running", { state: "in-progress", touches: ["**"] }), task("bare")];
    expect(ids(tasks)).toEqual(["bare"]);
  });
});

describe("PathHolders", () => {
  it("finds exactly the clashes of comparing with every holder in turn", () => {
    const globs = [
      "**",
      "src/**",
      "src/a/**",
      "src/a/*.ts",
      "src/a/x.ts",
      "src/ab/**",
      "src/b",
      "./src/b/**",
      "docs/",
      "docs/*.md",
      "*.md",
      "**/*.md",
      "{src,lib}/x/**",
      "src/{a,b}/y.ts",
      "lib/[ab]*/z",
      "!src/a/**",
      "README.md",
      "",
    ];
    // A small deterministic generator (LCG), so the case set is the same on every run.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const make = (id: string): Task =>
      task(id, {
        state: "in-progress",
        isolation: rand(12) === 0 ? "global" : "module",
        touches: Array.from({ length: rand(3) }, () => globs[rand(globs.length)]!),
      });
    const holders = Array.from({ length: 60 }, (_, i) => make(`h${i}`));
    const index = new PathHolders();
    for (const h of holders) index.add(h);
    for (let i = 0; i < 200; i++) {
      const candidate = make(`c${i}`);
      const naive = holders.flatMap((h) => {
        const why = conflictBetween(candidate, h);
        return why ? [{ id: h.id, why }] : [];
      });
      expect(index.clashes(candidate)).toEqual(naive);
    }
  });
});
