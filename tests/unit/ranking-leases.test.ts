import { describe, expect, it } from "vitest";
import { rankReadyTasks } from "../../src/domain/ranking.js";
import { normalizeTask, type Task } from "../../src/domain/task.js";

const task = (id: string, raw: Record<string, unknown> = {}): Task =>
  normalizeTask(
    {
      id,
      title: `Title of ${id}`,
      kind: "task",
      state: "ready",
      updated_at: "2026-01-01T00:00:00.000Z",
      ...raw,
    },
    { id, kind: "task", state: "ready" },
  );

describe("next with leases (leases.md: live leases count as taken)", () => {
  const tasks = [
    task("a-urgent", { priority: "urgent", touches: ["src/web/**"] }),
    task("b-high", { priority: "high", touches: ["src/web/board.ts"] }),
    task("c-normal", { touches: ["src/cli/**"] }),
  ];

  it("a leased task is skipped, says who holds it, and its touches are in use", () => {
    const leases = new Map([["a-urgent", { holder: "agent-1", expires_at: "2026-01-01T10:00:00.000Z" }]]);
    const result = rankReadyTasks(tasks, { parallelize: 3, leases });
    expect(result.tasks.map((t) => t.id)).toEqual(["c-normal"]);
    expect(result.skipped).toEqual([
      { id: "a-urgent", code: "lease", reason: "leased by agent-1 until 2026-01-01T10:00:00.000Z" },
      expect.objectContaining({ id: "b-high", code: "conflict", conflicts_with: ["a-urgent"] }),
    ]);
  });

  it("a lease on a lower-ranked task still blocks what overlaps it", () => {
    const leases = new Map([["b-high", { holder: "agent-2" }]]);
    const result = rankReadyTasks(tasks, { parallelize: 3, leases });
    expect(result.tasks.map((t) => t.id)).toEqual(["c-normal"]);
    expect(result.skipped.find((s) => s.id === "a-urgent")).toMatchObject({ code: "conflict" });
  });

  it("a task closed in another worktree (a done mark) is skipped as done_elsewhere", () => {
    const leases = new Map([["c-normal", { holder: "agent-3", closed_in: "/work/wt-3" }]]);
    const result = rankReadyTasks(tasks, { parallelize: 3, leases });
    expect(result.skipped).toContainEqual({
      id: "c-normal",
      code: "done_elsewhere",
      reason: "closed by agent-3 in /work/wt-3 (not merged here yet)",
    });
  });

  it("without leases nothing changes", () => {
    expect(rankReadyTasks(tasks, { parallelize: 3 }).tasks.map((t) => t.id)).toEqual([
      "a-urgent",
      "c-normal",
    ]);
  });
});
