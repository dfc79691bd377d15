import { describe, expect, it } from "vitest";
import { run, runJson, snapshot, writeTask } from "../helpers.js";
import { ok, t0, tempRepos } from "./setup.js";

const repo = tempRepos();
interface Pick {
  id: string;
  title: string;
  path: string;
  priority: string;
  size: string;
  ambiguity: string;
  executor: string;
  isolation: string;
  touches: string[];
  score: number;
  reasons: string[];
}
interface Next {
  tasks: Pick[];
  skipped: { id: string; code: string; reason: string }[];
}

/** A ready task file; `updated` sets its staleness. */
function ready(dir: string, id: string, meta: string[] = [], updated = "2026-02-01T00:00:00.000Z") {
  writeTask(
    dir,
    `tasks/10-ready/task-${id}.md`,
    `---\nid: ${id}\ntitle: Task ${id}\nkind: task\nstate: ready\n${meta.some((m) => m.startsWith("priority:")) ? "" : "priority: normal\n"}${meta.map((m) => `${m}\n`).join("")}created_at: 2026-01-01T00:00:00.000Z\nupdated_at: ${updated}\n---\n\n## Overview\n\nx\n\n## Acceptance Criteria\n\n- [ ] x\n\n## Technical Approach\n\nx\n`,
  );
}
const ids = (n: Next) => n.tasks.map((t) => t.id);
const order = async (dir: string, extra: string[] = []) =>
  ids(await runJson<Next>(["next", "--parallelize", "20", ...extra], { cwd: dir, clock: t0 }));

describe("next", () => {
  it("ranks by priority, then size, ambiguity, isolation, staleness, then id", async () => {
    const dir = repo();
    ready(dir, "urgent-big", ["priority: urgent", "size: xl", "isolation: isolated"]);
    ready(dir, "tiny", ["size: tiny"]);
    ready(dir, "small-vague", ["size: small", "ambiguity: high"]);
    ready(dir, "small-clear", ["size: small"]);
    ready(dir, "iso-a", ["size: large", "isolation: isolated"]);
    ready(dir, "iso-b", ["size: large", "isolation: isolated"]);
    ready(dir, "shared-old", ["size: large", "isolation: shared"], "2026-01-05T00:00:00.000Z");
    ready(dir, "shared-new", ["size: large", "isolation: shared"], "2026-02-20T00:00:00.000Z");
    ready(dir, "low", ["priority: low", "size: tiny"]);
    expect(await order(dir)).toEqual([
      "urgent-big",
      "tiny",
      "small-clear",
      "small-vague",
      "iso-a",
      "iso-b",
      "shared-old",
      "shared-new",
      "low",
    ]);
  });

  it("work under an in-progress story goes first within a priority", async () => {
    const dir = repo();
    await ok(["new", "--title", "Started", "--kind", "story", "--state", "in-progress"], dir);
    await ok(
      [
        "new",
        "--title",
        "Under started",
        "--parent",
        "started",
        "--state",
        "ready",
        "--meta",
        "size=large",
        "--field",
        "acceptance_criteria",
        "- [ ] x",
      ],
      dir,
    );
    ready(dir, "loose", ["size: tiny"]);
    expect(await order(dir)).toEqual(["under-started", "loose"]);
  });

  it("--executor skips tasks needing more; human_review only when asked; --kind and --label filter", async () => {
    const dir = repo();
    ready(dir, "easy", ["executor: simple"]);
    ready(dir, "hard", ["executor: expert", "labels:", "  - ui"]);
    ready(dir, "review", ["executor: human_review"]);
    expect(await order(dir)).toEqual(["easy", "hard"]);
    expect(await order(dir, ["--executor", "standard"])).toEqual(["easy"]);
    expect(await order(dir, ["--executor", "human_review"])).toContain("review");
    expect(await order(dir, ["--label", "ui"])).toEqual(["hard"]);
    await ok(
      [
        "new",
        "--title",
        "Empty story",
        "--kind",
        "story",
        "--state",
        "ready",
        "--field",
        "acceptance_criteria",
        "- [ ] x",
      ],
      dir,
    );
    expect(await order(dir, ["--kind", "story"])).toEqual(["empty-story"]);
  });

  it("JSON task entries carry the documented fields; skips carry code and reason; nothing is written", async () => {
    const dir = repo();
    ready(dir, "go", ["size: small", "touches:", "  - src/a.ts"]);
    ready(dir, "wait", ["blocked: needs keys"]);
    const before = snapshot(dir);
    const n = await runJson<Next>(["next"], { cwd: dir, clock: t0 });
    expect(Object.keys(n.tasks[0]!).slice(0, 11)).toEqual([
      "id",
      "title",
      "path",
      "priority",
      "size",
      "ambiguity",
      "executor",
      "isolation",
      "touches",
      "score",
      "reasons",
    ]);
    expect(n.tasks[0]).toMatchObject({
      id: "go",
      path: "tasks/10-ready/task-go.md",
      size: "small",
      touches: ["src/a.ts"],
    });
    expect(n.skipped).toContainEqual({
      id: "wait",
      code: "blocked",
      reason: expect.stringContaining("needs keys"),
    });
    expect(snapshot(dir)).toEqual(before);
  });

  it("human output lists the pick and the skips; nothing ready is exit 0 with a clear line", async () => {
    const dir = repo();
    const empty = await run(["next"], { cwd: dir, clock: t0 });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/^Nothing to dispatch/);
    ready(dir, "go");
    const r = await run(["next"], { cwd: dir, clock: t0 });
    expect(r.stdout).toContain("go");
    expect(r.stdout).toContain("Task go");
    expect((await run(["next", "--parallelize", "0"], { cwd: dir, clock: t0 })).code).toBe(5);
  });
});
