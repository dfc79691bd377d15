// `touches` are repo-relative POSIX globs (task-format.md "Files as people really write
// them"): conflicts compare the normal form, `validate` warns about absolute, climbing and
// backslashed entries with a working hint, and `validate --fix` normalizes them entry by
// entry, keeping every other byte.
import { describe, expect, it } from "vitest";
import { fixtureRepo, read, run, runJson, writeTask } from "../helpers.js";

const T0 = "2026-01-01T00:00:00.000Z";
const BODY = "\n## Overview\n\nx\n\n## Acceptance Criteria\n\n- [ ] y\n\n## Technical Approach\n\n- z\n";
const file = (id: string, priority: string, touches: string[]) =>
  [
    "---",
    `id: ${id}`,
    `title: Task ${id}`,
    "kind: task",
    "state: ready",
    `priority: ${priority}`,
    "touches:",
    ...touches.map((t) => `  - ${t}`),
    `created_at: ${T0}`,
    `updated_at: ${T0}`,
    "---",
    BODY,
  ].join("\n");

interface Finding {
  code: string;
  field?: string;
  hint?: string;
  message: string;
}
interface Report {
  ok: boolean;
  errors: Finding[];
  warnings: Finding[];
}

describe("touches as people write them", () => {
  it("next compares the normal form: a backslashed glob conflicts with the POSIX one", async () => {
    const cwd = fixtureRepo();
    writeTask(cwd, "tasks/10-ready/task-api.md", file("api", "high", ["src/api/routes.ts"]));
    writeTask(cwd, "tasks/10-ready/task-win.md", file("win", "normal", ["src\\api\\**"]));
    writeTask(cwd, "tasks/10-ready/task-dots.md", file("dots", "normal", ["./src/web/../api/routes.ts"]));
    const next = await runJson<{ tasks: { id: string }[]; skipped: { id: string; reason: string }[] }>(
      ["next", "--parallelize", "3"],
      { cwd },
    );
    expect(next.tasks.map((t) => t.id)).toEqual(["api"]);
    expect(next.skipped.map((s) => s.id).sort()).toEqual(["dots", "win"]);
  });

  it("validate warns with a working hint; --fix normalizes what has a normal form and keeps the rest", async () => {
    const cwd = fixtureRepo();
    const rel = "tasks/10-ready/task-win.md";
    const inside = `${cwd}/src/cli/main.ts`;
    writeTask(
      cwd,
      rel,
      file("win", "normal", ["src\\api\\**   # the API", "./docs/a.md", inside, "../shared/**"]),
    );
    const before = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout) as Report;
    expect(before.ok).toBe(true); // warnings: the file still works
    const touches = before.warnings.filter((w) => w.code === "touches_path");
    expect(touches.map((w) => w.field)).toEqual(["touches.0", "touches.2", "touches.3"]);
    expect(touches[0]!.hint).toBe("taskplain validate --fix win");
    expect(touches[1]!.hint).toBe("taskplain validate --fix win");
    expect(touches[2]!.hint).toBe(
      "taskplain update win --meta touches=src/api/**,./docs/a.md,src/cli/main.ts",
    );

    const original = read(cwd, rel);
    expect((await run(["validate", "--fix"], { cwd })).code).toBe(0);
    const fixed = read(cwd, rel);
    // lines gone and lines new: only the two entries, and the timestamps every write refreshes
    const lines = (t: string) => t.split("\n");
    expect(lines(original).filter((l) => !lines(fixed).includes(l))).toEqual([
      "  - src\\api\\**   # the API",
      `  - ${inside}`,
      `updated_at: ${T0}`,
    ]);
    expect(lines(fixed).filter((l) => !lines(original).includes(l))).toEqual([
      "  - src/api/** # the API",
      "  - src/cli/main.ts",
      expect.stringMatching(/^updated_at: /),
      expect.stringMatching(/^last_activity_at: /),
    ]);
    const after = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout) as Report;
    const left = after.warnings.filter((w) => w.code === "touches_path");
    expect(left.map((w) => w.field)).toEqual(["touches.3"]);
    // the hint left is a command that works and clears the warning
    const hint = left[0]!.hint!.replace(/^taskplain /, "").split(" ");
    expect((await run(hint, { cwd })).code).toBe(0);
    const clean = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout) as Report;
    expect(clean.warnings.filter((w) => w.code === "touches_path")).toEqual([]);
    expect(JSON.parse((await run(["show", "win", "--output", "json"], { cwd })).stdout).touches).toEqual([
      "src/api/**",
      "./docs/a.md",
      "src/cli/main.ts",
    ]);
  });

  it("a write that sets a backslashed entry succeeds and says so", async () => {
    const cwd = fixtureRepo();
    writeTask(cwd, "tasks/10-ready/task-api.md", file("api", "high", ["src/api/routes.ts"]));
    const r = await run(["update", "api", "--meta", "touches=src\\web\\**"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: tasks\/10-ready\/task-api\.md: touches\.0: "src\\\\web\\\\\*\*" uses backslashes/m,
    );
    expect(r.stderr).toContain("hint: taskplain validate --fix api");
  });
});
