// One Workspace kept open while other processes create, update, move and delete tasks:
// after refresh() every read reflects exactly the disk (quality.md, "Three front doors, one core").
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listTasks } from "../../src/services/list.js";
import { getTask } from "../../src/services/repo.js";
import { fileVersion } from "../../src/storage/file-version.js";
import { splitFile } from "../../src/storage/frontmatter.js";
import { loadRepository } from "../../src/storage/repository.js";
import { Workspace } from "../../src/storage/workspace.js";
import { fixtureRepo, runBinary as run, taskText, writeTask } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function seeded(n: number): string {
  const dir = fixtureRepo(undefined, { git: true });
  dirs.push(dir);
  for (let i = 0; i < n; i++) {
    const id = `task-${String(i).padStart(2, "0")}`;
    writeTask(
      dir,
      `tasks/10-ready/task-${id}.md`,
      taskText({
        id,
        title: `Task ${i}`,
        kind: "task",
        state: "ready",
        priority: "normal",
        created_at: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
      }),
    );
  }
  return dir;
}

/** id → {version, body, path} of every task file on disk, read directly. */
function disk(root: string): Map<string, { version: string; body: string; path: string }> {
  const out = new Map<string, { version: string; body: string; path: string }>();
  for (const folder of readdirSync(path.join(root, "tasks"))) {
    for (const name of readdirSync(path.join(root, "tasks", folder))) {
      if (!name.endsWith(".md")) continue;
      const rel = `tasks/${folder}/${name}`;
      const text = readFileSync(path.join(root, rel), "utf8");
      const id = /^id: (.+)$/m.exec(text)![1]!;
      out.set(id, { version: fileVersion(text), body: splitFile(text).body, path: rel });
    }
  }
  return out;
}

async function expectMatchesDisk(ws: Workspace): Promise<void> {
  const expected = disk(ws.root);
  for (const cache of [true, false]) {
    const repo = await loadRepository(ws, { cache });
    expect(repo.broken).toEqual([]);
    const seen = new Map(repo.records.map((r) => [r.task.id, r]));
    expect([...seen.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, want] of expected) {
      const r = seen.get(id)!;
      expect({ version: r.version, body: r.body, path: r.ref.relPath }).toEqual(want);
    }
  }
  for (const [id, want] of expected) {
    const r = await getTask(ws, id);
    expect({ version: r.version, body: r.body, path: r.ref.relPath }).toEqual(want);
  }
}

describe("a long-lived Workspace", () => {
  // A clock ahead of the file system's so the parse cache keeps entries of files written
  // a moment ago (its 2-second racy window is measured with this clock).
  const later = { now: () => Date.now() + 10_000 };

  it("reflects creates, updates, moves and deletes made by other processes after refresh()", async () => {
    const root = seeded(6);
    const ws = new Workspace(root, { ...process.env, TASKPLAIN_ROOT: "" }, root, later);
    await expectMatchesDisk(ws);
    ws.flush(); // the parse cache now holds every file

    const env = { TASKPLAIN_CACHE: "0" };
    for (const args of [
      [
        "new",
        "--title",
        "Zebra crossing",
        "--state",
        "ready",
        "--field",
        "acceptance_criteria",
        "- [ ] Cars stop",
      ],
      ["update", "task-01", "--meta", "priority=high", "--field", "overview", "Changed elsewhere."],
      ["move", "task-02", "canceled"],
      ["delete", "task-03"],
      ["new", "--title", "Another one"],
    ]) {
      const r = await run(args, { cwd: root, env });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    ws.refresh();
    await expectMatchesDisk(ws);
    expect((await getTask(ws, "zebra-crossing")).task.title).toBe("Zebra crossing");
    await expect(getTask(ws, "task-03")).rejects.toMatchObject({ code: "task_not_found" });
    ws.flush();

    // An edit in place (same folder listing) is seen without refresh: reads check each file.
    const file = path.join(root, "tasks/10-ready/task-task-04.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("Something.", "Edited in place."));
    await expectMatchesDisk(ws);
  });

  it("never pairs a cached version with a body read later from a changed file", async () => {
    const root = seeded(2);
    const ws = new Workspace(root, { ...process.env }, root, later);
    await loadRepository(ws, { cache: true });
    ws.flush();
    const repo = await loadRepository(ws, { cache: true });
    const record = repo.records.find((r) => r.task.id === "task-00")!;
    const file = path.join(root, record.ref.relPath);
    writeFileSync(file, readFileSync(file, "utf8").replace("Something.", "Changed meanwhile."));
    // Either the body of the version the record names, or a refusal: never a mix.
    let body: string | undefined;
    try {
      body = record.body;
    } catch (error) {
      expect(error).toMatchObject({ code: "stale_version" });
    }
    if (body !== undefined) expect(fileVersion(readFileSync(file, "utf8"))).toBe(record.version);
    ws.refresh();
    const fresh = await loadRepository(ws, { cache: true });
    const now = fresh.records.find((r) => r.task.id === "task-00")!;
    expect(now.body).toContain("Changed meanwhile.");
    expect(now.version).toBe(fileVersion(readFileSync(file, "utf8")));
  });

  it("refresh() reports folder changes and nothing else", async () => {
    const root = seeded(1);
    const ws = new Workspace(root, process.env, root, later);
    expect(ws.listTaskFiles()).toHaveLength(1);
    expect(ws.refresh()).toBe(false);
    writeTask(
      root,
      "tasks/00-idea/task-new-one.md",
      taskText({
        id: "new-one",
        title: "New",
        kind: "task",
        state: "idea",
        priority: "normal",
        created_at: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
      }),
    );
    expect(ws.refresh()).toBe(true);
    expect(ws.listTaskFiles().map((r) => r.relPath)).toContain("tasks/00-idea/task-new-one.md");
  });
});

const watchedWorkspace = (root: string) =>
  Workspace.open({ root, cwd: root, env: { ...process.env, TASKPLAIN_ROOT: "" }, watched: true });

describe("a long-lived Workspace with a broken task file", () => {
  it("reports the broken file on every read, also after other files came, in either mode", async () => {
    for (const watched of [false, true]) {
      const root = seeded(3);
      writeTask(root, "tasks/10-ready/task-broken.md", "---\nid: broken\ntitle: [unclosed\n---\n");
      // the files look settled (the clock runs 10 s ahead), so the broken one is cached
      const ws = new Workspace(root, {}, root, { now: () => Date.now() + 10_000 });
      ws.watched = watched;
      for (let round = 0; round < 3; round++) {
        if (round > 0) {
          writeTask(
            root,
            `tasks/10-ready/task-new-${round}.md`,
            taskText({ id: `new-${round}`, title: "New" }),
          );
          ws.invalidate(watched ? [`tasks/10-ready/task-new-${round}.md`] : undefined);
        }
        ws.refresh();
        const repo = await loadRepository(ws, { cache: true });
        expect(
          repo.broken.map((b) => b.ref.relPath),
          `round ${round}`,
        ).toEqual(["tasks/10-ready/task-broken.md"]);
        expect(repo.records).toHaveLength(3 + round);
        const listed = await listTasks(ws, {});
        expect(listed.view.map((t) => t.id)).not.toContain("broken");
      }
    }
  });
});

describe("a watched Workspace (its holder reports every change through invalidate)", () => {
  it("answers repeated reads from the records it kept, and an invalidated file from the disk", async () => {
    const root = seeded(3);
    const ws = watchedWorkspace(root);
    const first = await loadRepository(ws, { cache: true });
    const again = await loadRepository(ws, { cache: true });
    // the very same records: no file was read or even looked at again
    expect(again.records.map((r) => r.task.id)).toEqual(first.records.map((r) => r.task.id));
    expect(again.records.every((r, i) => r === first.records[i])).toBe(true);

    const rel = "tasks/10-ready/task-task-01.md";
    const file = path.join(root, rel);
    writeFileSync(file, readFileSync(file, "utf8").replace("title: Task 1", "title: Renamed"));
    // the watcher's report: only this file is read again
    ws.invalidate([rel]);
    const after = await loadRepository(ws, { cache: true });
    const byId = new Map(after.records.map((r) => [r.task.id, r]));
    expect(byId.get("task-01")!.task.title).toBe("Renamed");
    expect(byId.get("task-01")!.version).toBe(fileVersion(readFileSync(file, "utf8")));
    expect(byId.get("task-00") === first.records.find((r) => r.task.id === "task-00")).toBe(true);

    // a file removed and reported is gone from the next read
    rmSync(path.join(root, "tasks/10-ready/task-task-02.md"));
    ws.invalidate(["tasks/10-ready/task-task-02.md"]);
    expect((await loadRepository(ws, { cache: true })).records.map((r) => r.task.id)).toEqual([
      "task-00",
      "task-01",
    ]);
    // writers load fresh records whatever the workspace kept
    const written = (await loadRepository(ws)).records.find((r) => r.task.id === "task-00");
    expect(written === byId.get("task-00")).toBe(false);
  });

  it("answers an unchanged repository with the same read, frozen, until a change is reported or a folder changes", async () => {
    const root = seeded(3);
    const ws = watchedWorkspace(root);
    const first = await loadRepository(ws, { cache: true });
    const again = await loadRepository(ws, { cache: true });
    expect(again.records).toBe(first.records); // the very read, not a copy
    expect(Object.isFrozen(again.records)).toBe(true);
    const listed = await listTasks(ws, {});
    expect((await listTasks(ws, {})).ids()).toEqual(listed.ids());

    // a file added by another process: its folder's stats changed, refresh() sees it
    writeTask(root, "tasks/00-idea/task-late.md", taskText({ id: "late", title: "Late", state: "idea" }));
    ws.refresh();
    const added = await loadRepository(ws, { cache: true });
    expect(added.records).not.toBe(first.records);
    expect(added.records.map((r) => r.task.id)).toContain("late");
    expect((await listTasks(ws, {})).ids()).toContain("late");

    // an edit in place, reported: a new read with the new title, listed in the new order
    const rel = "tasks/10-ready/task-task-02.md";
    const file = path.join(root, rel);
    writeFileSync(file, readFileSync(file, "utf8").replace("priority: normal", "priority: urgent"));
    ws.invalidate([rel]);
    expect((await listTasks(ws, {})).ids()).toEqual(["late", "task-02", "task-00", "task-01"]); // idea first, then urgent
  });

  it("an unwatched Workspace sees an edit in place without being told", async () => {
    const root = seeded(1);
    const ws = Workspace.open({ root, cwd: root, env: { ...process.env, TASKPLAIN_ROOT: "" } });
    await loadRepository(ws, { cache: true });
    const file = path.join(root, "tasks/10-ready/task-task-00.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("title: Task 0", "title: Seen"));
    expect((await loadRepository(ws, { cache: true })).records[0]!.task.title).toBe("Seen");
  });
});
