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
    const taken = new Map([
      ["a-urgent", { code: "leased" as const, reason: "leased to agent-1 until 10:00" }],
    ]);
    const result = rankReadyTasks(tasks, { parallelize: 3, taken });
    expect(result.tasks.map((t) => t.id)).toEqual(["c-normal"]);
    expect(result.skipped).toEqual([
      { id: "a-urgent", code: "leased", reason: "leased to agent-1 until 10:00" },
      expect.objectContaining({ id: "b-high", code: "conflict", conflicts_with: ["a-urgent"] }),
    ]);
  });

  it("a lease on a lower-ranked task still blocks what overlaps it", () => {
    const taken = new Map([["b-high", { code: "leased" as const, reason: "leased to agent-2" }]]);
    const result = rankReadyTasks(tasks, { parallelize: 3, taken });
    expect(result.tasks.map((t) => t.id)).toEqual(["c-normal"]);
    expect(result.skipped.find((s) => s.id === "a-urgent")).toMatchObject({ code: "conflict" });
  });

  it("without leases nothing changes", () => {
    expect(rankReadyTasks(tasks, { parallelize: 3 }).tasks.map((t) => t.id)).toEqual([
      "a-urgent",
      "c-normal",
    ]);
  });
});
