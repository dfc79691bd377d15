// Folder events (src/storage/folder-events.ts): a watched Workspace that trusts what it
// kept still reads every change made before `settle()` — edits in place, moves, removals,
// new files, a state folder replaced — exactly as the disk has it.
import {
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { watchFolders } from "../../src/storage/folder-events.js";
import { loadRepository } from "../../src/storage/repository.js";
import { Workspace } from "../../src/storage/workspace.js";
import { fixtureRepo, taskText, writeTask } from "../helpers.js";

const dirs: string[] = [];
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const text = (id: string, title: string, state = "ready") =>
  taskText({
    id,
    title,
    kind: "task",
    state,
    priority: "normal",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  });

function seeded(): string {
  const dir = fixtureRepo(undefined, { git: true });
  dirs.push(dir);
  for (const id of ["alpha", "beta", "gamma"])
    writeTask(dir, `tasks/10-ready/task-${id}.md`, text(id, `Task ${id}`));
  return dir;
}

/** path → title of every task file, read from the disk directly. */
function onDisk(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const folder of readdirSync(path.join(root, "tasks")).sort()) {
    for (const name of readdirSync(path.join(root, "tasks", folder)).sort()) {
      const t = readFileSync(path.join(root, "tasks", folder, name), "utf8");
      out[`tasks/${folder}/${name}`] = /^title: (.+)$/m.exec(t)![1]!;
    }
  }
  return out;
}

/** path → title as the workspace reads them (repository-wide, through its caches). */
async function asRead(ws: Workspace): Promise<Record<string, string>> {
  const repo = await loadRepository(ws, { cache: true });
  const out: Record<string, string> = {};
  for (const r of [...repo.records].sort((a, b) => (a.ref.relPath < b.ref.relPath ? -1 : 1)))
    out[r.ref.relPath] = r.task.title;
  return out;
}

describe("watchFolders", () => {
  it("keeps a watched workspace exactly as the disk is, for every change made before settle()", async () => {
    const root = seeded();
    // Everything looks settled (the clock runs 10 s ahead): the folders' stats are trusted,
    // so only the events can tell the workspace that a file changed in place.
    const ws = new Workspace(root, {}, root, { now: () => Date.now() + 10_000 });
    const events = watchFolders(ws, "linux")!;
    expect(events).not.toBeNull();
    closers.push(() => events.close());
    expect(ws.watched).toBe(true);
    expect(await asRead(ws)).toEqual(onDisk(root));

    const ready = (name: string) => path.join(root, "tasks", "10-ready", name);
    const changes: [string, () => void][] = [];
    for (let i = 0; i < 10; i++) {
      // in place, the same size each time: only the watcher can tell without a stat
      changes.push([`edit ${i}`, () => writeFileSync(ready("task-alpha.md"), text("alpha", `Alpha ${i}`))]);
    }
    changes.push(
      [
        "a move by hand",
        () => renameSync(ready("task-beta.md"), path.join(root, "tasks", "30-done", "task-beta.md")),
      ],
      ["a removal", () => rmSync(ready("task-gamma.md"))],
      ["a new file", () => writeFileSync(ready("task-delta.md"), text("delta", "Delta"))],
      [
        "a state folder replaced",
        () => {
          rmSync(path.join(root, "tasks", "10-ready"), { recursive: true });
          mkdirSync(path.join(root, "tasks", "10-ready"));
          writeFileSync(ready("task-alpha.md"), text("alpha", "Alpha anew"));
        },
      ],
      [
        "an edit in the new folder",
        () => writeFileSync(ready("task-alpha.md"), text("alpha", "Alpha again")),
      ],
    );
    for (const [what, change] of changes) {
      change();
      await events.settle();
      expect(await asRead(ws), what).toEqual(onDisk(root));
      expect(ws.watched, what).toBe(true);
    }
  });

  it("reads every time a task file whose changes its folder may not see: a link, or one of several hard links", async () => {
    const root = seeded();
    const outside = fixtureRepo();
    dirs.push(outside);
    const target = path.join(outside, "target.md");
    writeFileSync(target, text("linked", "Linked 0"));
    symlinkSync(target, path.join(root, "tasks", "10-ready", "task-linked.md"));
    const twin = path.join(outside, "twin.md");
    linkSync(path.join(root, "tasks", "10-ready", "task-beta.md"), twin);
    const ws = new Workspace(root, {}, root, { now: () => Date.now() + 10_000 });
    const events = watchFolders(ws, "linux")!;
    closers.push(() => events.close());
    expect(await asRead(ws)).toEqual(onDisk(root));
    for (let i = 1; i <= 3; i++) {
      writeFileSync(target, text("linked", `Linked ${i}`)); // outside tasks/: no event
      writeFileSync(twin, text("beta", `Twin ${i}`)); // the same inode, another folder
      await events.settle();
      expect(await asRead(ws), `edit ${i}`).toEqual(onDisk(root));
    }
  });

  it("watches nothing where events may come late, and stops on close", () => {
    const root = seeded();
    const ws = new Workspace(root, {}, root);
    expect(watchFolders(ws, "darwin")).toBeNull();
    expect(ws.watched).toBe(false);
    const events = watchFolders(ws, "linux")!;
    expect(ws.watched).toBe(true);
    events.close();
    expect(ws.watched).toBe(false);
  });
});
