// Task files whose name is not their conventional `<kind>-<id>.md`: a name that carries
// another id, or a name written by hand. `list` shows them, so every single-task command
// finds them too, and a write that gives one its conventional name says so.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { read, run, runJson, taskMeta, taskText, writeTask } from "../helpers.js";
import { t0, tempRepos } from "./setup.js";

const repo = tempRepos();

describe("a task whose frontmatter id differs from its file name", () => {
  it("is found by show, update, check and attempt add, as list shows it", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-foo.md", taskText(taskMeta("bar", "task", "ready")));
    const listed = await runJson<{ id: string; path: string }[]>(["list"], { cwd: dir, clock: t0 });
    expect(listed).toEqual([expect.objectContaining({ id: "bar", path: "tasks/10-ready/task-foo.md" })]);

    const shown = await runJson<{ id: string; path: string }>(["show", "bar"], { cwd: dir, clock: t0 });
    expect(shown).toMatchObject({ id: "bar", path: "tasks/10-ready/task-foo.md" });

    const attempt = ["attempt", "add", "bar", "--tool", "t", "--status", "failed", "--duration", "60"];
    expect((await run(attempt, { cwd: dir, clock: t0 })).code).toBe(0);
    // the write gave the file its conventional name (existing behaviour); later lookups follow it
    expect(existsSync(path.join(dir, "tasks/10-ready/task-foo.md"))).toBe(false);
    expect(read(dir, "tasks/10-ready/task-bar.md")).toContain("execution:");
    writeTask(dir, "tasks/10-ready/task-zip.md", taskText(taskMeta("zap", "task", "ready")));
    expect((await run(["check", "zap", "1"], { cwd: dir, clock: t0 })).code).toBe(0);
    expect(read(dir, "tasks/10-ready/task-zap.md")).toContain("- [x] It works");
    writeTask(dir, "tasks/00-idea/task-one.md", taskText(taskMeta("two", "task", "idea")));
    expect((await run(["update", "two", "--meta", "priority=high"], { cwd: dir, clock: t0 })).code).toBe(0);
    expect(read(dir, "tasks/00-idea/task-two.md")).toContain("priority: high");
  });

  it("is listed among its parent's children by show", async () => {
    const dir = repo();
    const story = taskMeta("story-a", "story", "ready", { children: ["bar"] });
    writeTask(dir, "tasks/10-ready/story-story-a.md", taskText(story));
    writeTask(dir, "tasks/10-ready/task-foo.md", taskText(taskMeta("bar", "task", "ready")));
    const shown = await runJson<{ children: { id: string }[] }>(["show", "story-a"], { cwd: dir, clock: t0 });
    expect(shown.children.map((c) => c.id)).toEqual(["bar"]);
  });

  it("an id no file holds still exits 6 with a hint", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-foo.md", taskText(taskMeta("bar", "task", "ready")));
    const r = await run(["show", "foo"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('error: no task with id "foo"');
    expect(r.stderr).toContain("hint: taskplain list");
  });
});

describe("a write that renames a file to its conventional name", () => {
  it("says so in one line in human output", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/My Notes.md", taskText(taskMeta("foo", "task", "ready")));
    const r = await run(["update", "foo", "--meta", "priority=high"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("renamed tasks/10-ready/My Notes.md → tasks/10-ready/task-foo.md\n");
    expect(existsSync(path.join(dir, "tasks/10-ready/My Notes.md"))).toBe(false);
    // a write that renames nothing prints no such line
    const again = await run(["update", "foo", "--meta", "priority=low"], { cwd: dir, clock: t0 });
    expect(again.stdout).not.toContain("renamed");
  });

  it("check says so too; --dry-run lists the move once and renames nothing", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/notes.md", taskText(taskMeta("foo", "task", "ready")));
    const dry = await run(["check", "foo", "1", "--dry-run"], { cwd: dir, clock: t0 });
    expect(dry.stdout).toContain("move   tasks/10-ready/notes.md → tasks/10-ready/task-foo.md");
    expect(dry.stdout).not.toContain("renamed");
    expect(existsSync(path.join(dir, "tasks/10-ready/notes.md"))).toBe(true);
    const r = await run(["check", "foo", "1"], { cwd: dir, clock: t0 });
    expect(r.stdout).toContain("renamed tasks/10-ready/notes.md → tasks/10-ready/task-foo.md\n");
  });
});
