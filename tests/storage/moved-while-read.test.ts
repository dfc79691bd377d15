// Readers take no lock: between a command's listing of tasks/<state>/ and its read of a
// file, another process may move the task (a state change renames it into another
// folder) or delete it. Every read path then lists again and answers from the file's new
// place (storage/relist.ts) — never an io error (exit 2) because a task moved. Each test
// lists, moves the file as another process would, then reads with the listing it has.
import { readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getTask } from "../../src/services/repo.js";
import { findListingParents, findMentioning, findTasksByIds } from "../../src/storage/lookups.js";
import { loadFullYaml, loadRepository } from "../../src/storage/repository.js";
import { Workspace } from "../../src/storage/workspace.js";
import { fixtureRepo, taskMeta, taskText, writeTask } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const meta = taskMeta;

/** A repository with the ready task `prize` and the story `holder` listing it. */
function repository(options: { git?: boolean } = {}): string {
  const root = fixtureRepo(undefined, options);
  dirs.push(root);
  writeTask(root, "tasks/10-ready/task-prize.md", taskText(meta("prize", "task", "ready")));
  writeTask(
    root,
    "tasks/10-ready/story-holder.md",
    taskText(meta("holder", "story", "ready", { children: ["prize"] })),
  );
  return root;
}

/** What another process's state change does: the file renamed into in-progress, its state rewritten. */
function pickUp(root: string, name: string): void {
  const from = path.join(root, "tasks/10-ready", name);
  const to = path.join(root, "tasks/20-in-progress", name);
  renameSync(from, to);
  writeFileSync(to, readFileSync(to, "utf8").replace("state: ready", "state: in-progress"));
}

/** A workspace that has listed the folders (the listing it keeps is now out of date). */
function listed(root: string, clock?: { now(): number }): Workspace {
  const ws = new Workspace(root, {}, root, clock);
  expect(ws.listTaskFiles().map((r) => r.relPath)).toContain("tasks/10-ready/task-prize.md");
  return ws;
}

describe("a task moved between the listing and the read is read at its new place", () => {
  it("by id (getTask: show, update, pickup, claim…)", async () => {
    const root = repository();
    const ws = listed(root);
    pickUp(root, "task-prize.md");
    const record = await getTask(ws, "prize");
    expect(record.ref.relPath).toBe("tasks/20-in-progress/task-prize.md");
    expect(record.task.state).toBe("in-progress");
  });

  it("several by id (children, descendants)", async () => {
    const root = repository();
    const ws = listed(root);
    pickUp(root, "task-prize.md");
    const records = await findTasksByIds(ws, ["prize", "holder"]);
    expect(records.map((r) => r.ref.relPath)).toEqual([
      "tasks/20-in-progress/task-prize.md",
      "tasks/10-ready/story-holder.md",
    ]);
  });

  it("by mention (a parent, the tasks naming one)", async () => {
    const root = repository();
    const ws = listed(root);
    pickUp(root, "story-holder.md");
    const mentioning = await findMentioning(ws, "prize", "tasks/10-ready/task-prize.md");
    expect(mentioning.map((r) => r.ref.relPath)).toEqual(["tasks/20-in-progress/story-holder.md"]);
    const parents = await findListingParents(ws, "prize", "tasks/10-ready/task-prize.md", ["story"]);
    expect(parents.map((r) => r.ref.relPath)).toEqual(["tasks/20-in-progress/story-holder.md"]);
  });

  it("repository-wide, and a task deleted meanwhile is simply gone", async () => {
    const root = repository();
    writeTask(root, "tasks/00-idea/task-doomed.md", taskText(meta("doomed", "task", "idea")));
    const ws = listed(root);
    pickUp(root, "task-prize.md");
    unlinkSync(path.join(root, "tasks/00-idea/task-doomed.md"));
    const repo = await loadRepository(ws);
    expect(repo.broken).toEqual([]);
    expect(repo.records.map((r) => `${r.ref.relPath} ${r.task.state}`).sort()).toEqual([
      "tasks/10-ready/story-holder.md ready",
      "tasks/20-in-progress/task-prize.md in-progress",
    ]);
  });

  it("through the parse cache, and a cached record whose file moved refuses as a changed one", async () => {
    await loadFullYaml();
    const root = repository({ git: true });
    const later = { now: () => Date.now() + 3_600_000 }; // the cache keeps files this old
    const first = new Workspace(root, {}, root, later);
    await loadRepository(first, { cache: true });
    first.flush();
    const ws = listed(root, later);
    pickUp(root, "task-prize.md");
    const repo = await loadRepository(ws, { cache: true });
    expect(repo.broken).toEqual([]);
    expect(repo.records.map((r) => r.ref.relPath).sort()).toEqual([
      "tasks/10-ready/story-holder.md",
      "tasks/20-in-progress/task-prize.md",
    ]);
    // a record already handed out, its file moved before its body was read
    const holder = repo.records.find((r) => r.task.id === "holder")!;
    pickUp(root, "story-holder.md");
    expect(() => holder.body).toThrow(expect.objectContaining({ code: "stale_version" }));
  });
});
