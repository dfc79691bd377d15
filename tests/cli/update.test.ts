import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot, writeTask } from "../helpers.js";
import { ok, STORY, seedHierarchy, T0, T1, TASK1, t0, t1, tempRepos } from "./setup.js";

const repo = tempRepos();
type Obj = Record<string, unknown> & { version: string };

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  return dir;
}

describe("update", () => {
  it("rewrites only the changed keys plus updated_at/last_activity_at from the clock; other tasks untouched", async () => {
    const dir = await seeded();
    const before = read(dir, TASK1);
    const story = read(dir, STORY);
    const out = await runJson<Obj>(
      ["update", "task-one", "--meta", "size=small", "--meta", "touches=src/a.ts,src/b/**"],
      {
        cwd: dir,
        clock: t1,
      },
    );
    expect(out).toMatchObject({
      size: "small",
      touches: ["src/a.ts", "src/b/**"],
      updated_at: T1,
      last_activity_at: T1,
      created_at: T0,
      changed: true,
    });
    const after = read(dir, TASK1);
    expect(after).toBe(
      before
        .replace(
          "priority: normal\n",
          "priority: normal\nsize: small\ntouches:\n  - src/a.ts\n  - src/b/**\n",
        )
        .replace(`updated_at: ${T0}`, `updated_at: ${T1}`)
        .replace(`last_activity_at: ${T0}`, `last_activity_at: ${T1}`),
    );
    expect(read(dir, STORY)).toBe(story);
  });

  it("never writes the legacy parent key: update and metadata set refuse it (exit 5), nothing changes", async () => {
    const dir = await seeded();
    await ok(["new", "--title", "Story two", "--parent", "epic-one"], dir);
    const before = snapshot(dir);
    const viaUpdate = await run(["update", "task-one", "--meta", "parent=story-two"], {
      cwd: dir,
      clock: t1,
    });
    expect(viaUpdate.code).toBe(5);
    expect(viaUpdate.stderr).toContain("parent is not set on the child");
    expect(viaUpdate.stderr).toContain("taskplain adopt <parent> <id>");
    const viaMetadata = await run(["metadata", "set", "task-one"], {
      cwd: dir,
      clock: t1,
      input: JSON.stringify({ parent: "story-two" }),
    });
    expect(viaMetadata.code).toBe(5);
    expect(snapshot(dir)).toEqual(before);
    // the way to re-parent says so
    await ok(["adopt", "story-two", "task-one"], dir, t1);
    expect(read(dir, "tasks/00-idea/story-story-two.md")).toContain("  - task-one");
  });

  it("--unset removes an optional key; --field replaces one section and keeps the others", async () => {
    const dir = await seeded();
    await ok(["update", "task-one", "--meta", "labels=ui"], dir);
    const r = await run(
      [
        "update",
        "task-one",
        "--unset",
        "labels",
        "--field",
        "overview",
        "Now explained.",
        "--field",
        "delivery_plan",
        "- Step one.",
      ],
      { cwd: dir, clock: t1 },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`updated task-one (${TASK1})\n`);
    const text = read(dir, TASK1);
    expect(text).not.toContain("labels:");
    expect(text).toMatch(/## Overview\n\nNow explained\.\n/);
    expect(text).toMatch(/## Technical Approach\n\n- Step one\.\n/);
    expect(text).toContain("- [ ] A\n- [x] B");
  });

  it("--field body replaces the whole body from a file given as @file", async () => {
    const dir = await seeded();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      `${dir}/body.md`,
      "## Overview\n\nAll new.\n\n## Acceptance Criteria\n\n- [ ] New\n\n## Technical Approach\n\n- New.\n",
    );
    await ok(["update", "task-one", "--field", "body", `@${dir}/body.md`], dir);
    const shown = await runJson<{ body: string; acceptance: unknown }>(["show", "task-one"], {
      cwd: dir,
      clock: t0,
    });
    expect(shown.body).toContain("All new.");
    expect(shown.acceptance).toEqual({ checked: 0, total: 1 });
  });

  it("--dry-run prints the result with dry_run and writes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<Obj & { dry_run: boolean; changes: unknown[] }>(
      ["update", "task-one", "--meta", "priority=urgent", "--dry-run"],
      { cwd: dir, clock: t1 },
    );
    expect(out).toMatchObject({ priority: "urgent", dry_run: true, changes: [{ op: "write", path: TASK1 }] });
    expect(snapshot(dir)).toEqual(before);
  });

  it("--if-version: the current version is accepted, a stale one refused with exit 1 and nothing written", async () => {
    const dir = await seeded();
    const v0 = (await runJson<Obj>(["show", "task-one"], { cwd: dir, clock: t0 })).version;
    const first = await runJson<Obj>(["update", "task-one", "--meta", "size=large", "--if-version", v0], {
      cwd: dir,
      clock: t1,
    });
    const before = snapshot(dir);
    const stale = await run(
      ["update", "task-one", "--meta", "size=tiny", "--if-version", v0, "--output", "json"],
      { cwd: dir, clock: t1 },
    );
    expect(stale.code).toBe(1);
    const err = JSON.parse(stale.stderr).error;
    expect(err.code).toBe("stale_version");
    expect(err.message).toContain(first.version);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ["a bad enum", ["--meta", "size=huge"], 5],
    ["an unknown section", ["--field", "nonsense", "x"], 5],
    ["a malformed --meta", ["--meta", "priority"], 5],
    ["unsetting a required key", ["--unset", "title"], 5],
  ])("refuses %s (exit %i) and writes nothing", async (_n, flags, code) => {
    const dir = await seeded();
    const before = snapshot(dir);
    const r = await run(["update", "task-one", ...flags], { cwd: dir, clock: t1 });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(dir)).toEqual(before);
  });

  it("keeps the bytes of what it does not change: comments, quoting, unknown keys, the body", async () => {
    const dir = repo();
    const text = [
      "---",
      "id: hand",
      'title: "Hand: written"',
      "kind: task",
      "state: ready",
      "priority: normal # decided on Monday",
      "custom_key: kept",
      "created_at: 2026-01-01T00:00:00.000Z",
      "updated_at: 2026-01-01T00:00:00.000Z",
      "---",
      "",
      "## Overview",
      "",
      "Tabs\tand trailing spaces   ",
      "",
      "## Acceptance Criteria",
      "",
      "- [ ] x",
      "",
      "## Technical Approach",
      "",
      "- y",
    ].join("\n");
    writeTask(dir, "tasks/10-ready/task-hand.md", text);
    await ok(["update", "hand", "--meta", "size=small"], dir, t1);
    expect(read(dir, "tasks/10-ready/task-hand.md")).toBe(
      text
        .replace("custom_key: kept\n", "size: small\ncustom_key: kept\n")
        .replace("updated_at: 2026-01-01T00:00:00.000Z", `updated_at: ${T1}\nlast_activity_at: ${T1}`),
    );
  });
});
