import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { read, run, runJson, snapshot } from "../helpers.js";
import { clockAt, ok, t0, tempRepos } from "./setup.js";

const repo = tempRepos();
const later = clockAt("2026-03-10T00:00:00.000Z"); // nine days after T0

/** Two done tasks under one story: "old" completed at T0, "recent" on 2026-03-08; plus an open task. */
async function seeded() {
  const dir = repo();
  await ok(
    [
      "new",
      "--title",
      "Story",
      "--kind",
      "story",
      "--state",
      "in-progress",
      "--field",
      "acceptance_criteria",
      "- [ ] S",
    ],
    dir,
  );
  const done = async (title: string, clock = t0) => {
    await ok(
      [
        "new",
        "--title",
        title,
        "--parent",
        "story",
        "--state",
        "in-progress",
        "--field",
        "acceptance_criteria",
        "- [x] ok",
        "--field",
        "post_implementation_insights",
        `### Changelog\n\n- ${title} shipped.\n`,
      ],
      dir,
      clock,
    );
    await ok(["complete", title.toLowerCase(), "--commit-message", `feat: ${title}`], dir, clock);
  };
  await done("Old");
  await done("Recent", clockAt("2026-03-08T12:00:00.000Z"));
  await ok(["new", "--title", "Open", "--parent", "story"], dir);
  await ok(["new", "--title", "Dropped", "--state", "canceled"], dir);
  return dir;
}
const OLD = "tasks/30-done/2026-03-01 task-old.md";
const RECENT = "tasks/30-done/2026-03-08 task-recent.md";

describe("cleanup", () => {
  it("deletes done tasks completed before the cutoff (relative to the clock) and unlinks them from their parent", async () => {
    const dir = await seeded();
    const out = await runJson<{ removed: { id: string }[] }>(["cleanup", "--older-than", "1w"], {
      cwd: dir,
      clock: later,
    });
    expect(out.removed.map((r) => r.id).sort()).toEqual(["dropped", "old"]);
    expect(existsSync(path.join(dir, OLD))).toBe(false);
    expect(existsSync(path.join(dir, "tasks/40-canceled/task-dropped.md"))).toBe(false);
    expect(existsSync(path.join(dir, RECENT))).toBe(true);
    const story = read(dir, "tasks/20-in-progress/story-story.md");
    expect(story).toContain("children:\n  - recent\n  - open\n");
    expect(story).toContain("updated_at: 2026-03-10T00:00:00.000Z");
    const none = await run(["cleanup", "--older-than", "2w"], { cwd: dir, clock: later });
    expect(none.stdout).toBe("Nothing older than the cutoff.\n");
  });

  it("--changelog appends the removed tasks' bullets grouped by date, after what the file holds", async () => {
    const dir = await seeded();
    const log = path.join(dir, "CHANGELOG.md");
    writeFileSync(log, "# Changes\n");
    const r = await run(["cleanup", "--older-than", "1d", "--changelog", "CHANGELOG.md"], {
      cwd: dir,
      clock: later,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^removed 3 tasks:\n/);
    expect(r.stdout).toMatch(/^\s+old\s+done\s+2026-03-01\b.*\bOld$/m);
    expect(r.stdout).toContain("appended 2 changelog bullets to CHANGELOG.md");
    const text = readFileSync(log, "utf8");
    expect(text.startsWith("# Changes\n")).toBe(true);
    expect(text).toContain("## 2026-03-01\n\n- Old shipped. (old)");
    expect(text).toContain("## 2026-03-08\n\n- Recent shipped. (recent)");
  });

  it("--dry-run lists what would go, writes no task and no changelog", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    const out = await runJson<{
      dry_run: boolean;
      removed: { id: string }[];
      changes: { op: string; path: string }[];
    }>(["cleanup", "--older-than", "1w", "--changelog", "CHANGELOG.md", "--dry-run"], {
      cwd: dir,
      clock: later,
    });
    expect(out.dry_run).toBe(true);
    expect(out.removed.map((r) => r.id).sort()).toEqual(["dropped", "old"]);
    expect(out.changes).toContainEqual({ op: "delete", path: OLD });
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(path.join(dir, "CHANGELOG.md"))).toBe(false);
  });

  it("a malformed or missing --older-than is a usage error (5) and changes nothing", async () => {
    const dir = await seeded();
    const before = snapshot(dir);
    for (const args of [["--older-than", "soon"], ["--older-than", "3h"], []]) {
      const r = await run(["cleanup", ...args], { cwd: dir, clock: later });
      expect(r.code, args.join(" ")).toBe(5);
      expect(r.stderr).toMatch(/^error: /);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});
