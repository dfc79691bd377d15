import { describe, expect, it } from "vitest";
import { normalizeTask, type Task } from "../../src/domain/task.js";
import { validateRepository } from "../../src/domain/validation/repo-rules.js";

function task(id: string, raw: Record<string, unknown> = {}): Task {
  const kind = (raw.kind as string | undefined) ?? "story";
  return normalizeTask(
    { id, title: `Title of ${id}`, kind, state: "ready", updated_at: "2026-01-01T00:00:00.000Z", ...raw },
    { id, kind: kind as Task["kind"], state: "ready" },
  );
}
const codes = (tasks: Task[]) =>
  validateRepository(tasks.map((t) => ({ path: `tasks/10-ready/${t.id}.md`, task: t })))
    .filter((f) => f.code.startsWith("hierarchy"))
    .map((f) => `${f.code} ${f.file} ${f.message}`);

describe("validateRepository: the hierarchy walk", () => {
  it("reports a cycle once, and walks after it still measure depth from scratch", () => {
    const tasks = [
      task("a", { children: ["b"] }),
      task("b", { children: ["a"] }),
      task("c", { children: ["a"] }),
      // a chain of five below an unrelated root: too deep at the fourth level
      task("r", { kind: "epic", children: ["s"] }),
      task("s", { children: ["t"] }),
      task("t", { children: ["u"] }),
      task("u", { children: ["v"] }),
      task("v"),
    ];
    expect(codes(tasks)).toEqual([
      "hierarchy_cycle tasks/10-ready/a.md children form a cycle: a → b → a",
      "hierarchy_too_deep tasks/10-ready/u.md sits deeper than three levels (epic → story → task)",
    ]);
  });

  it("finds a second cycle met after the first", () => {
    const tasks = [
      task("a", { children: ["b"] }),
      task("b", { children: ["a"] }),
      task("x", { children: ["y"] }),
      task("y", { children: ["z"] }),
      task("z", { children: ["x"] }),
    ];
    expect(codes(tasks).map((c) => c.split(":").pop())).toEqual([" a → b → a", " x → z → y → x"]);
  });
});

describe("validateRepository: messages", () => {
  it("names a wrong child's kind with its article (an epic, a task)", () => {
    const messages = validateRepository(
      [task("s", { children: ["e", "t"] }), task("e", { kind: "epic" }), task("t", { kind: "task" })].map(
        (t) => ({ path: `tasks/10-ready/${t.id}.md`, task: t }),
      ),
    ).map((f) => f.message);
    expect(messages.some((m) => m.includes('"e" is an epic'))).toBe(true);
    expect(messages.some((m) => m.includes("is a epic"))).toBe(false);
  });
});
