import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TaskFile, TaskFileParseError } from "../../src/storage/taskFile.js";
import { FIXTURES } from "../helpers.js";

const compatDir = path.join(FIXTURES, "compat", "tasks", "30-done");
const fixtureTexts = readdirSync(compatDir).map((n) => readFileSync(path.join(compatDir, n), "utf8"));
const seedShaped = fixtureTexts.find((t) => t.includes("id: run-telemetry"))!;

describe("task file round trip", () => {
  it.each(fixtureTexts.map((t, i) => [i, t]))("fixture %i comes back byte for byte", (_i, text) => {
    expect(TaskFile.parse(text as string).toString()).toBe(text);
  });

  it("keeps unquoted timestamps as the same strings", () => {
    const unquoted = fixtureTexts.find((t) => t.includes("started_at: 2026-03-15T11:00:00.100Z"))!;
    const data = TaskFile.parse(unquoted).data() as {
      execution: { attempts: { started_at: unknown }[] };
      created_at: unknown;
    };
    expect(data.created_at).toBe("2026-03-15T10:00:00.000Z");
    expect(data.execution.attempts[0]!.started_at).toBe("2026-03-15T11:00:00.100Z");
  });

  it("an edit rewrites only the changed key", () => {
    const file = TaskFile.parse(seedShaped);
    file.set("priority", "urgent");
    const before = seedShaped.split("\n");
    const after = file.toString().split("\n");
    expect(after.length).toBe(before.length);
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toEqual(["priority: urgent"]);
  });

  it("a new key goes to its canonical place; unknown keys stay after known ones", () => {
    const text =
      "---\nid: a\ntitle: A\nkind: task\nstate: idea\npriority: low\ncreated_at: 2026-01-01T00:00:00.000Z\nupdated_at: 2026-01-01T00:00:00.000Z\nx-custom: keep me # comment\n---\nbody\n";
    const file = TaskFile.parse(text);
    file.set("labels", ["ui", "bug"]);
    file.set("blocked", "waiting: review");
    expect(file.toString()).toBe(
      '---\nid: a\ntitle: A\nkind: task\nstate: idea\nblocked: "waiting: review"\npriority: low\nlabels:\n  - ui\n  - bug\ncreated_at: 2026-01-01T00:00:00.000Z\nupdated_at: 2026-01-01T00:00:00.000Z\nx-custom: keep me # comment\n---\nbody\n',
    );
  });

  it("appending an attempt keeps existing attempts, their unknown keys and quoting", () => {
    const unquoted = fixtureTexts.find((t) => t.includes("worktree: false"))!;
    const file = TaskFile.parse(unquoted);
    file.appendTo(["execution", "attempts"], {
      started_at: "2026-04-01T00:00:00.000Z",
      ended_at: "2026-04-01T00:00:05.000Z",
      duration_seconds: 5,
      status: "completed",
      executor: { tool: "x" },
    });
    const out = file.toString();
    const [head] = unquoted.split("\n---\n");
    const oldAttempts = head!.slice(head!.indexOf("execution:"));
    expect(out).toContain(oldAttempts);
    expect(out).toContain(
      "    - started_at: 2026-04-01T00:00:00.000Z\n      ended_at: 2026-04-01T00:00:05.000Z\n      duration_seconds: 5\n      status: completed\n      executor:\n        tool: x\n---\n",
    );
  });

  it("reorders keys into canonical order without changing their bytes", () => {
    const text =
      '---\ntitle: "Quoted: title"\nid: b\nstate: idea\nkind: task\nzz: 1\npriority: normal\n---\n';
    const file = TaskFile.parse(text);
    expect(file.isCanonicalOrder()).toBe(false);
    file.reorderCanonical();
    expect(file.toString()).toBe(
      '---\nid: b\ntitle: "Quoted: title"\nkind: task\nstate: idea\npriority: normal\nzz: 1\n---\n',
    );
  });

  it("long commit messages stay on one line", () => {
    const file = TaskFile.create({ id: "a", commit_message: `feat(x): ${"word ".repeat(40)}[Task:a]` }, "\n");
    expect(
      file
        .toString()
        .split("\n")
        .filter((l) => l.startsWith("commit_message")),
    ).toHaveLength(1);
  });

  it("reports broken YAML with the file line", () => {
    const broken = "---\nid: a\ntitle: A\nkind: [task\nstate: idea\n---\nbody\n";
    expect(() => TaskFile.parse(broken)).toThrow(TaskFileParseError);
    try {
      TaskFile.parse(broken);
    } catch (e) {
      expect((e as TaskFileParseError).line).toBeGreaterThanOrEqual(4);
    }
    expect(() => TaskFile.parse("no frontmatter here")).toThrow(/---/);
    expect(() => TaskFile.parse("---\nid: a\n")).toThrow(/closing/);
    expect(() => TaskFile.parse("---\n- a list\n---\n")).toThrow(/mapping/);
  });
});
