import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureRepo, read, run, runJson, snapshot, tempDir } from "../helpers.js";

type Obj = Record<string, unknown> & { id: string; path: string; version: string };

const gitStatus = (dir: string) =>
  execFileSync("git", ["status", "--porcelain"], { cwd: dir, encoding: "utf8" });
const commitAll = (dir: string) => {
  execFileSync("git", ["add", "-A"], { cwd: dir });
  execFileSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "step"],
    { cwd: dir },
  );
};

describe.each([
  ["a git repository", true],
  ["a plain folder", false],
])("a whole story in %s", (_label, git) => {
  it("init → epic → stories/tasks → update → cascade → pickup → complete → tree → cleanup", async () => {
    const dir = fixtureRepo(undefined, { git });
    const cwd = dir;
    expect((await run(["init"], { cwd })).code).toBe(0);

    const ac = (text: string) => ["--field", "acceptance_criteria", `- [ ] ${text}`];
    const epic = await runJson<Obj>(
      ["new", "--title", "Checkout revamp", "--kind", "epic", ...ac("Checkout works")],
      { cwd },
    );
    expect(epic).toMatchObject({
      id: "checkout-revamp",
      kind: "epic",
      state: "idea",
      path: "tasks/00-idea/epic-checkout-revamp.md",
    });
    const story = await runJson<Obj>(
      ["new", "--title", "Payment form", "--parent", "checkout-revamp", ...ac("Form submits")],
      { cwd },
    );
    expect(story).toMatchObject({ id: "payment-form", kind: "story" });
    const t1 = await runJson<Obj>(
      [
        "new",
        "--title",
        "Validate card numbers on the client side",
        "--parent",
        "payment-form",
        "--meta",
        "touches=src/card.ts,tests/card.test.ts",
        "--meta",
        "size=small",
      ],
      { cwd },
    );
    expect(t1).toMatchObject({
      id: "validate-card-numbers-on",
      kind: "task",
      size: "small",
      touches: ["src/card.ts", "tests/card.test.ts"],
    });
    const t2 = await runJson<Obj>(
      ["new", "--title", "Save card toggle", "--parent", "payment-form", ...ac("Toggle saves")],
      { cwd },
    );
    expect(read(dir, "tasks/00-idea/story-payment-form.md")).toContain(
      "children:\n  - validate-card-numbers-on\n  - save-card-toggle\n",
    );
    expect(read(dir, "tasks/00-idea/epic-checkout-revamp.md")).toContain("children:\n  - payment-form\n");
    expect(read(dir, t1.path)).toContain("## Acceptance Criteria");
    if (git) commitAll(dir);

    // update metadata and sections
    const updated = await runJson<Obj>(
      [
        "update",
        t1.id,
        "--meta",
        "priority=high",
        "--field",
        "acceptance_criteria",
        "## Acceptance Criteria\n\n- [ ] Rejects bad numbers\n- [ ] Accepts good ones",
        "--field",
        "overview",
        "Card numbers are checked before submit.",
      ],
      { cwd },
    );
    expect(updated.priority).toBe("high");
    const t1Text = read(dir, t1.path);
    expect(t1Text.match(/## Acceptance Criteria/g)).toHaveLength(1);
    expect(t1Text).toContain("- [ ] Rejects bad numbers\n- [ ] Accepts good ones");
    expect(t1Text).toContain("Card numbers are checked before submit.");

    // story to ready with cascade: its idea tasks become ready, the epic stays idea
    const moved = await runJson<Obj & { cascaded: { id: string; state: string }[] }>(
      ["move", "payment-form", "ready", "--cascade", "ready"],
      { cwd },
    );
    expect(moved.cascaded.map((c) => c.id).sort()).toEqual([t2.id, t1.id].sort());
    expect(existsSync(path.join(dir, "tasks/10-ready/task-validate-card-numbers-on.md"))).toBe(true);
    expect(existsSync(path.join(dir, "tasks/00-idea/epic-checkout-revamp.md"))).toBe(true);
    if (git) {
      expect(gitStatus(dir)).toMatch(
        /^R[M ] tasks\/00-idea\/story-payment-form\.md -> tasks\/10-ready\/story-payment-form\.md/m,
      );
      commitAll(dir);
    }

    // pickup promotes the idea epic and starts the task
    const picked = await runJson<{ task: Obj; ancestors: Obj[]; changes: { op: string; path: string }[] }>(
      ["pickup", t1.id],
      { cwd },
    );
    expect(picked.task).toMatchObject({ id: t1.id, state: "in-progress" });
    expect(String(picked.task.body)).toContain("Rejects bad numbers");
    expect(picked.ancestors.map((a) => [a.id, a.state])).toEqual([
      ["payment-form", "ready"],
      ["checkout-revamp", "ready"],
    ]);
    expect(existsSync(path.join(dir, "tasks/10-ready/epic-checkout-revamp.md"))).toBe(true);
    expect(existsSync(path.join(dir, "tasks/20-in-progress/task-validate-card-numbers-on.md"))).toBe(true);

    // tick one criterion by hand, add insights, set the commit message, complete with --check-acs
    const inProgress = "tasks/20-in-progress/task-validate-card-numbers-on.md";
    await runJson(
      [
        "update",
        t1.id,
        "--field",
        "post_implementation_insights",
        "### Changelog\n\n- Card numbers are validated before submit.\n",
      ],
      { cwd },
    );
    await runJson(
      [
        "update",
        t1.id,
        "--meta",
        "commit_message=feat(checkout): validate card numbers  [Task:validate-card-numbers-on]",
      ],
      { cwd },
    );
    const done = await runJson<Obj & { ticked: number }>(["complete", t1.id, "--check-acs"], { cwd });
    expect(done.state).toBe("done");
    expect(done.ticked).toBe(2);
    const date = String(done.completed_at).slice(0, 10);
    const donePath = `tasks/30-done/${date} task-validate-card-numbers-on.md`;
    expect(done.path).toBe(donePath);
    expect(existsSync(path.join(dir, inProgress))).toBe(false);
    const doneText = read(dir, donePath);
    expect(doneText).toContain("- [x] Rejects bad numbers\n- [x] Accepts good ones");
    expect(doneText).toMatch(/\ncompleted_at: /);
    if (git)
      expect(gitStatus(dir)).toMatch(
        /^R[M ] tasks\/10-ready\/task-validate-card-numbers-on\.md -> "?tasks\/30-done\//m,
      );

    // tree shows the hierarchy with progress
    const tree = await run(["tree"], { cwd });
    // aligned columns: id, kind, state, (blocked), criteria, title
    expect(tree.stdout).toMatch(/^checkout-revamp +epic +ready /m);
    expect(tree.stdout).toMatch(/[└├]─ validate-card-numbers-on +task +done +2\/2 /);
    const treeJson = await runJson<{ id: string; children: { id: string; children: { id: string }[] }[] }[]>(
      ["tree"],
      { cwd },
    );
    expect(treeJson[0]!.children[0]!.children.map((c) => c.id)).toEqual([t1.id, t2.id]);

    // validate is clean
    const v = await runJson<{ errors: unknown[] }>(["validate"], { cwd });
    expect(v.errors).toEqual([]);

    // cleanup with a changelog (cutoff in the future of completion: 0 days)
    const changelog = path.join(tempDir(), "CHANGELOG.md");
    const cleaned = await runJson<{ removed: { id: string }[] }>(
      ["cleanup", "--older-than", "0d", "--changelog", changelog],
      { cwd },
    );
    expect(cleaned.removed.map((r) => r.id)).toEqual([t1.id]);
    expect(existsSync(path.join(dir, donePath))).toBe(false);
    expect(readFileSync(changelog, "utf8")).toContain(
      `## ${date}\n\n- Card numbers are validated before submit. (validate-card-numbers-on)`,
    );
    expect(read(dir, "tasks/10-ready/story-payment-form.md")).not.toContain(t1.id);
    expect((await runJson<{ errors: unknown[] }>(["validate"], { cwd })).errors).toEqual([]);
  });
});

describe("refusals change nothing", () => {
  const setup = async () => {
    const dir = fixtureRepo(undefined, { git: false });
    await run(["init"], { cwd: dir });
    await run(["new", "--title", "Epic one", "--kind", "epic"], { cwd: dir });
    await run(["new", "--title", "Story one", "--parent", "epic-one"], { cwd: dir });
    await run(["new", "--title", "Task one", "--parent", "story-one", "--state", "ready"], { cwd: dir });
    await run(
      [
        "new",
        "--title",
        "Task two",
        "--parent",
        "story-one",
        "--state",
        "ready",
        "--meta",
        "depends_on=task-one",
      ],
      { cwd: dir },
    );
    await run(["update", "task-one", "--meta", "blocked=waiting for review"], { cwd: dir });
    return dir;
  };

  const cases: [string, string[], number, RegExp][] = [
    ["unknown id", ["show", "ghost"], 6, /no task with id "ghost"/],
    ["unknown id on update", ["update", "ghost", "--meta", "priority=high"], 6, /no task with id "ghost"/],
    [
      "invalid enum",
      ["update", "task-one", "--meta", "priority=asap"],
      5,
      /priority must be one of none, low, normal, high, urgent/,
    ],
    ["invalid state", ["move", "task-one", "finished"], 5, /'finished' is invalid for argument 'state'/],
    [
      "blocked without --force",
      ["move", "task-one", "in-progress"],
      1,
      /task-one is blocked: waiting for review/,
    ],
    ["pickup blocked", ["pickup", "task-one"], 1, /blocked/],
    ["unmet dependency", ["pickup", "task-two"], 1, /depends on unfinished work: task-one \(ready\)/],
    [
      "incomplete criteria",
      ["complete", "task-two", "--commit-message", "feat: x"],
      1,
      /not checked|no bullet/,
    ],
    ["missing commit_message", ["move", "task-two", "done"], 1, /commit_message is not set/],
    ["delete while referenced", ["delete", "task-one"], 1, /task-two names it in depends_on or blocks/],
    ["delete with children", ["delete", "story-one"], 1, /it has children/],
    [
      "adopt wrong kind",
      ["adopt", "epic-one", "task-one"],
      1,
      /an epic's children must be stories; task-one is a task/,
    ],
    ["id collision", ["new", "--title", "Other", "--id", "task-one"], 1, /id "task-one" is already used/],
    ["traversal id", ["new", "--title", "Evil", "--id", "../x"], 5, /not a valid id/],
    ["metadata set state", ["metadata", "set", "task-one"], 5, /state cannot be changed/],
    [
      "stale version",
      ["update", "task-one", "--meta", "priority=low", "--if-version", "000000000000"],
      1,
      /changed since version 000000000000/,
    ],
  ];

  it.each(cases)("%s", async (_name, args, code, message) => {
    const dir = await setup();
    const before = snapshot(dir);
    const input = args[0] === "metadata" ? '{"state":"done"}' : undefined;
    const r = await run(args, { cwd: dir, ...(input ? { input } : {}) });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^error: /);
    if (code !== 5 || args[0] !== "move") expect(r.stderr).toMatch(/hint: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("--dry-run writes nothing and prints the same shape", () => {
  it.each([
    [["new", "--title", "Dry task", "--parent", "story-one"]],
    [["update", "task-two", "--meta", "priority=high"]],
    [["move", "story-one", "ready", "--cascade", "ready"]],
    [["pickup", "task-one", "--force"]],
    [["adopt", "story-one", "task-two", "--before", "task-one"]],
    [["delete", "task-two"]],
    [["complete", "task-three", "--check-acs", "--commit-message", "feat: three  [Task:task-three]"]],
    [["cleanup", "--older-than", "0d"]],
    [["attempt", "add", "task-two", "--tool", "x", "--status", "completed", "--duration", "5"]],
    [["validate", "--fix"]],
    [["metadata", "set", "task-two"]],
    [["attempt", "review", "task-one", "--name", "ines", "--approved"]],
    [["init", "--sample", "--force"]],
  ])("%j", async (args) => {
    const dir = fixtureRepo();
    await run(["new", "--title", "Epic one", "--kind", "epic"], { cwd: dir });
    await run(["new", "--title", "Story one", "--parent", "epic-one"], { cwd: dir });
    await run(["new", "--title", "Task one", "--parent", "story-one", "--state", "ready"], { cwd: dir });
    await run(["new", "--title", "Task two", "--parent", "story-one", "--state", "ready"], { cwd: dir });
    await run(
      [
        "new",
        "--title",
        "Task three",
        "--parent",
        "story-one",
        "--state",
        "in-progress",
        "--field",
        "post_implementation_insights",
        "### Changelog\n\n- Three.\n",
      ],
      { cwd: dir },
    );
    await run(["attempt", "add", "task-one", "--tool", "x", "--status", "failed", "--duration", "5"], {
      cwd: dir,
    });
    const before = snapshot(dir);
    const input = args[0] === "metadata" ? '{"priority":"high","labels":["ui"]}' : undefined;
    const r = await run([...args, "--dry-run", "--output", "json"], {
      cwd: dir,
      ...(input ? { input } : {}),
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(args[0] === "validate" ? 1 : 0); // validate exits 1 while errors remain
    const out = JSON.parse(r.stdout);
    expect(out.dry_run).toBe(true);
    expect(Array.isArray(out.changes)).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("stale-write protection", () => {
  it("--if-version accepts the current version and refuses one from before another edit", async () => {
    const dir = fixtureRepo();
    const t = await runJson<Obj>(["new", "--title", "Versioned"], { cwd: dir });
    const first = await runJson<Obj>(["update", t.id, "--meta", "priority=high", "--if-version", t.version], {
      cwd: dir,
    });
    expect(first.priority).toBe("high");
    const before = snapshot(dir);
    const stale = await run(
      ["update", t.id, "--meta", "priority=low", "--if-version", t.version, "--output", "json"],
      { cwd: dir },
    );
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stderr).error).toMatchObject({ code: "stale_version" });
    expect(JSON.parse(stale.stderr).error.message).toContain(first.version);
    expect(snapshot(dir)).toEqual(before);
  });

  it("a command that changes nothing writes nothing", async () => {
    const dir = fixtureRepo();
    const t = await runJson<Obj>(["new", "--title", "Same", "--priority", "high"], { cwd: dir });
    const before = snapshot(dir);
    const r = await runJson<Obj & { changed: boolean }>(["update", t.id, "--meta", "priority=high"], {
      cwd: dir,
    });
    expect(r.changed).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });
});
