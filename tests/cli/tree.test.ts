import { describe, expect, it } from "vitest";
import { run, runJson } from "../helpers.js";
import { ok, seedHierarchy, t0, tempRepos } from "./setup.js";

const repo = tempRepos();
interface Node {
  id: string;
  title: string;
  kind: string;
  state: string;
  children: Node[];
}

async function seeded() {
  const dir = repo();
  await seedHierarchy(dir);
  await ok(["new", "--title", "Loose end"], dir);
  await ok(
    [
      "new",
      "--title",
      "Old story",
      "--kind",
      "story",
      "--state",
      "done",
      "--meta",
      "commit_message=feat: old",
    ],
    dir,
  );
  return dir;
}

describe("tree", () => {
  it("JSON: nested {id,title,kind,state,children} from every root, children in their order", async () => {
    const dir = await seeded();
    const roots = await runJson<Node[]>(["tree"], { cwd: dir, clock: t0 });
    expect(roots.map((r) => r.id)).toEqual(["epic-one", "loose-end", "old-story"]);
    expect(roots[0]).toMatchObject({ id: "epic-one", title: "Epic one", kind: "epic", state: "idea" });
    expect(roots[0]!.children.map((c) => c.id)).toEqual(["story-one"]);
    expect(roots[0]!.children[0]!.children.map((c) => [c.id, c.state])).toEqual([
      ["task-one", "ready"],
      ["task-two", "ready"],
    ]);
  });

  it("<id> starts from that task; --open drops finished roots", async () => {
    const dir = await seeded();
    const sub = await runJson<Node[]>(["tree", "story-one"], { cwd: dir, clock: t0 });
    expect(sub.map((n) => n.id)).toEqual(["story-one"]);
    expect(sub[0]!.children).toHaveLength(2);
    const open = await runJson<Node[]>(["tree", "--open"], { cwd: dir, clock: t0 });
    expect(open.map((n) => n.id)).toEqual(["epic-one", "loose-end"]);
  });

  it("human output draws the hierarchy with kind, state and criteria progress", async () => {
    const dir = await seeded();
    const r = await run(["tree", "epic-one"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^epic-one\s+epic\s+idea\s+-\s+Epic one$/);
    expect(lines[1]).toMatch(/^└─ story-one\s+story\s+idea\s+-\s+Story one$/);
    expect(lines[2]).toMatch(/^ {3}├─ task-one\s+task\s+ready\s+1\/2\s+Task one$/);
    expect(lines[3]).toMatch(/^ {3}└─ task-two\s+task\s+ready\s+0\/1\s+Task two$/);
  });

  it("an unknown id exits 6", async () => {
    const dir = await seeded();
    const r = await run(["tree", "ghost"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/no task with id "ghost"/);
  });
});
