import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureRepo, run, runJson, taskText, writeTask } from "../helpers.js";
import { ok, seedHierarchy, t0, tempRepos } from "./setup.js";

const repo = tempRepos();
type Obj = Record<string, unknown> & { id: string; path: string; version: string };

async function seeded(dir = repo()) {
  await seedHierarchy(dir);
  await ok(
    ["new", "--title", "Dropped", "--state", "canceled", "--meta", "labels=ui", "--meta", "size=tiny"],
    dir,
  );
  await ok(["update", "task-one", "--meta", "blocked=waiting", "--meta", "labels=ui,api"], dir);
  await ok(["attempt", "add", "task-two", "--tool", "x", "--status", "failed", "--duration", "5"], dir);
  return dir;
}
const ids = (tasks: Obj[]) => tasks.map((t) => t.id);

describe("list", () => {
  // the filter cases only read: they share one repository
  let shared = "";
  beforeAll(async () => {
    shared = await seeded(fixtureRepo());
  });
  afterAll(() => rmSync(shared, { recursive: true, force: true }));

  it("sorts by state order, then priority (urgent first), then id; JSON carries defaults, path and version", async () => {
    const dir = await seeded();
    const all = await runJson<Obj[]>(["list"], { cwd: dir, clock: t0 });
    expect(ids(all)).toEqual(["epic-one", "story-one", "task-two", "task-one", "dropped"]);
    expect(all[0]).toMatchObject({
      size: "medium",
      ambiguity: "low",
      executor: "standard",
      isolation: "module",
      path: "tasks/00-idea/epic-epic-one.md",
    });
    expect(all[0]!.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it.each([
    [
      ["--state", "ready,canceled"],
      ["task-two", "task-one", "dropped"],
    ],
    [["--open"], ["epic-one", "story-one", "task-two", "task-one"]],
    [["--priority", "high"], ["task-two"]],
    [
      ["--kind", "epic,story"],
      ["epic-one", "story-one"],
    ],
    [["--size", "tiny"], ["dropped"]],
    [["--label", "api"], ["task-one"]],
    [
      ["--label", "ui"],
      ["task-one", "dropped"],
    ],
    [
      ["--parent", "story-one"],
      ["task-two", "task-one"],
    ],
    [["--search", "TASK T"], ["task-two"]],
    [["--search", "\\[x\\] b"], ["task-one"]],
    [["--blocked"], ["task-one"]],
    [["--unblocked", "--state", "ready"], ["task-two"]],
    [["--with-execution"], ["task-two"]],
    [
      ["--without-execution", "--kind", "task"],
      ["task-one", "dropped"],
    ],
    [
      ["--limit", "2"],
      ["epic-one", "story-one"],
    ],
  ])("filter %j", async (flags, expected) => {
    expect(ids(await runJson<Obj[]>(["list", ...flags], { cwd: shared, clock: t0 }))).toEqual(expected);
  });

  it("human output is an aligned table with AC progress and a count; plain is one id a line", async () => {
    const dir = await seeded();
    const human = await run(["list", "--state", "ready"], { cwd: dir, clock: t0 });
    const lines = human.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+STATE\s+PRIORITY\s+SIZE\s+TITLE\s+AC$/);
    expect(lines.find((l) => l.startsWith("task-one "))).toMatch(
      /\bready\b.*\bnormal\s+medium\s+Task one\s+1\/2$/,
    );
    expect(lines.at(-1)).toBe("2 tasks");
    const plain = await run(["list", "--state", "ready", "--output", "plain"], { cwd: dir, clock: t0 });
    expect(plain.stdout).toBe("task-two\ntask-one\n");
  });

  it("a broken file is named on stderr and the others are still listed", async () => {
    const dir = await seeded();
    writeTask(dir, "tasks/10-ready/task-broken.md", "---\nid: broken\ntitle: [unclosed\n---\n");
    const r = await run(["list", "--output", "plain"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(5);
    expect(r.stderr).toMatch(/tasks\/10-ready\/task-broken\.md/);
  });

  it("rejects a bad filter value with exit 5", async () => {
    const dir = repo();
    writeTask(
      dir,
      "tasks/00-idea/task-a.md",
      taskText({
        id: "a",
        title: "A",
        kind: "task",
        state: "idea",
        priority: "normal",
        created_at: "2026-01-01T00:00:00.000Z",
        updated_at: "2026-01-01T00:00:00.000Z",
      }),
    );
    for (const flags of [
      ["--state", "finished"],
      ["--priority", "asap"],
      ["--limit", "many"],
      ["--search", "("],
    ]) {
      const r = await run(["list", ...flags], { cwd: dir, clock: t0 });
      expect(r.code, flags.join(" ")).toBe(5);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stdout).toBe("");
    }
  });
});
