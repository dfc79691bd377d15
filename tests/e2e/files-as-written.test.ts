// Files as people really write them (task-format.md): each kind of input found in
// issue 11, as a user meets it on disk and through the CLI's exit codes.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureRepo, read, run, runJson, snapshot, writeTask } from "../helpers.js";

const T0 = "2026-01-01T00:00:00.000Z";
const head = (id: string, state: string, extra: string[] = [], kind = "task") => [
  "---",
  `id: ${id}`,
  `title: Task ${id}`,
  `kind: ${kind}`,
  `state: ${state}`,
  "priority: low",
  ...extra,
  `created_at: ${T0}`,
  `updated_at: ${T0}`,
  "---",
];
const BODY = [
  "",
  "## Overview",
  "",
  "Why.",
  "",
  "## Acceptance Criteria",
  "",
  "- [ ] it works",
  "",
  "## Technical Approach",
  "",
  "- How.",
  "",
];
const text = (lines: string[], eol = "\n") => lines.join(eol);
const git = (dir: string, ...args: string[]) =>
  execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });

describe("bytes on disk", () => {
  it("1. a CRLF file stays CRLF on every line after update --meta", async () => {
    const cwd = fixtureRepo();
    const rel = "tasks/10-ready/task-crlf.md";
    writeTask(cwd, rel, text([...head("crlf", "ready"), ...BODY], "\r\n"));
    const r = await run(["update", "crlf", "--meta", "priority=high", "--meta", "labels=a,b"], { cwd });
    expect(r.code).toBe(0);
    const lines = read(cwd, rel).split("\n").slice(0, -1);
    expect(lines.filter((l) => !l.endsWith("\r"))).toEqual([]);
    expect(read(cwd, rel)).toContain("labels:\r\n  - a\r\n  - b\r\n");
  });

  it("2. a file starting with a UTF-8 BOM is listed, shown and keeps its BOM on write", async () => {
    const cwd = fixtureRepo();
    const rel = "tasks/10-ready/task-bom.md";
    writeTask(cwd, rel, `\uFEFF${text([...head("bom", "ready"), ...BODY])}`);
    const list = await runJson<{ id: string }[]>(["list"], { cwd });
    expect(list.map((t) => t.id)).toEqual(["bom"]);
    expect((await run(["show", "bom"], { cwd })).code).toBe(0);
    expect((await run(["update", "bom", "--meta", "priority=high"], { cwd })).code).toBe(0);
    const bytes = readFileSync(path.join(cwd, rel));
    expect([...bytes.subarray(0, 6)]).toEqual([0xef, 0xbb, 0xbf, 0x2d, 0x2d, 0x2d]);
    expect(read(cwd, rel)).toContain("priority: high\n");
  });
});

describe("ids are unique across every file", () => {
  it("3. new does not reuse an id held by a hand-named file", async () => {
    const cwd = fixtureRepo();
    writeTask(cwd, "tasks/10-ready/Beta notes.md", text([...head("beta", "ready"), ...BODY]));
    const derived = await runJson<{ id: string }>(["new", "--title", "Beta"], { cwd });
    expect(derived.id).toBe("beta-2");
    const explicit = await run(["new", "--title", "Other", "--id", "beta"], { cwd });
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toContain('id "beta" is already used');
    const report = await runJson<{ errors: { code: string }[] }>(["validate"], { cwd }).catch(() => null);
    expect(report?.errors.map((e) => e.code) ?? []).not.toContain("duplicate_id");
  });
});

describe("criteria", () => {
  it("4. malformed boxes block complete as validate says; --fix never doubles a box", async () => {
    const cwd = fixtureRepo();
    const rel = "tasks/20-in-progress/task-boxes.md";
    const body = [
      ...BODY.slice(0, 7),
      "- [x] bravo",
      "- [~] alpha",
      "- [ ]no space after the box",
      ...BODY.slice(8),
      "## Post-Implementation Insights",
      "",
      "### Changelog",
      "",
      "- Did it.",
      "",
    ];
    writeTask(cwd, rel, text([...head("boxes", "in-progress", ['commit_message: "feat: boxes"']), ...body]));
    const before = await run(["validate", "boxes"], { cwd });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain("acceptance_criteria_format");
    const done = await run(["complete", "boxes", "--check-acs"], { cwd });
    expect(done.code).toBe(1);
    expect(done.stderr).toContain("[~] alpha");
    expect(existsSync(path.join(cwd, rel))).toBe(true);
    await run(["validate", "--fix", "boxes"], { cwd });
    const after = read(cwd, rel);
    expect(after).toContain("- [~] alpha\n- [ ] no space after the box\n");
    expect(after).not.toMatch(/\[ \] \[/);
    const again = await runJson<{ errors: { code: string; hint?: string }[] }>(["validate", "boxes"], {
      cwd,
    }).catch(() => null);
    expect(again).toBeNull(); // still an error: exit 1, runJson throws
    const json = JSON.parse((await run(["validate", "boxes", "--output", "json"], { cwd })).stdout);
    expect(json.errors.map((e: { code: string }) => e.code)).toEqual(["acceptance_criteria_format"]);
    expect(json.errors[0].hint).toContain("taskplain update boxes --field acceptance_criteria");
  });

  it("9. a second Acceptance Criteria section counts, blocks complete, and --fix merges it", async () => {
    const cwd = fixtureRepo();
    const rel = "tasks/20-in-progress/task-dup.md";
    const body = [
      ...BODY.slice(0, 7),
      "- [x] first",
      ...BODY.slice(8),
      "## Acceptance Criteria",
      "",
      "- [ ] second",
      "",
    ];
    writeTask(cwd, rel, text([...head("dup", "in-progress", ['commit_message: "feat: dup"']), ...body]));
    const shown = await runJson<{ acceptance: { checked: number; total: number } }>(["show", "dup"], { cwd });
    expect(shown.acceptance).toEqual({ checked: 1, total: 2 });
    const done = await run(["complete", "dup"], { cwd });
    expect(done.code).toBe(1);
    expect(done.stderr).toContain("Acceptance Criteria");
    const v = JSON.parse((await run(["validate", "dup", "--output", "json"], { cwd })).stdout);
    expect(v.errors.map((e: { code: string }) => e.code)).toContain("duplicate_section");
    await run(["validate", "--fix", "dup"], { cwd });
    expect(read(cwd, rel).match(/^## Acceptance Criteria$/gm)?.length).toBe(1);
    expect(read(cwd, rel)).toContain("- [x] first\n\n- [ ] second\n");
  });
});

describe("cycles", () => {
  it("5. writes that close a depends_on cycle are refused; hand-made cycles are explained", async () => {
    const cwd = fixtureRepo();
    for (const id of ["t-a", "t-b", "t-c"])
      writeTask(cwd, `tasks/10-ready/task-${id}.md`, text([...head(id, "ready"), ...BODY]));
    expect((await run(["update", "t-a", "--meta", "depends_on=t-b"], { cwd })).code).toBe(0);
    const loop = await run(["update", "t-b", "--meta", "depends_on=t-a"], { cwd });
    expect(loop.code).toBe(1);
    expect(loop.stderr).toContain("t-b → t-a → t-b");
    const self = await run(["update", "t-c", "--meta", "depends_on=t-c"], { cwd });
    expect(self.code).toBe(1);
    expect(self.stderr).toContain("t-c depends on itself");
    const missing = await run(["update", "t-c", "--meta", "depends_on=nope"], { cwd });
    expect(missing.code).toBe(1);
    // the same cycles written by hand
    writeTask(
      cwd,
      "tasks/10-ready/task-t-b.md",
      text([...head("t-b", "ready", ["depends_on:", "  - t-a"]), ...BODY]),
    );
    writeTask(
      cwd,
      "tasks/10-ready/task-t-c.md",
      text([...head("t-c", "ready", ["depends_on:", "  - t-c"]), ...BODY]),
    );
    const v = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    const cycles = v.errors.filter((e: { code: string }) => e.code === "dependency_cycle");
    expect(cycles.map((e: { hint: string }) => e.hint)).toEqual([
      "taskplain update t-a --unset depends_on",
      "taskplain update t-c --unset depends_on",
    ]);
    const next = await runJson<{ skipped: { id: string; code: string }[] }>(["next"], { cwd });
    expect(
      next.skipped
        .filter((s) => s.code === "dependency_cycle")
        .map((s) => s.id)
        .sort(),
    ).toEqual(["t-a", "t-b", "t-c"]);
    const pickup = await run(["pickup", "t-c"], { cwd });
    expect(pickup.code).toBe(1);
    expect(pickup.stderr).toContain("t-c depends on itself");
    expect(pickup.stderr).not.toContain("pickup t-c");
    // the hint works
    expect((await run(["update", "t-c", "--unset", "depends_on"], { cwd })).code).toBe(0);
    expect((await run(["pickup", "t-c"], { cwd })).code).toBe(0);
  });

  it("tree shows every task of a children cycle and says where it is", async () => {
    const cwd = fixtureRepo();
    writeTask(
      cwd,
      "tasks/10-ready/story-s-a.md",
      text([...head("s-a", "ready", ["children:", "  - s-b"], "story"), ...BODY]),
    );
    writeTask(
      cwd,
      "tasks/10-ready/story-s-b.md",
      text([...head("s-b", "ready", ["children:", "  - s-a"], "story"), ...BODY]),
    );
    const r = await run(["tree"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("s-a");
    expect(r.stdout).toContain("s-b");
    expect(r.stdout).toContain("children cycle");
  });
});

describe("every problem has a working repair path", () => {
  it("6. a date-only created_at: the hint works, and --fix also adds the missing heading", async () => {
    const cwd = fixtureRepo();
    const rel = "tasks/10-ready/task-dated.md";
    const lines = [...head("dated", "ready"), ...BODY.slice(0, 9)].map((l) =>
      l.startsWith("created_at") ? "created_at: 2026-03-14" : l,
    );
    writeTask(cwd, rel, text(lines));
    const v = JSON.parse((await run(["validate", "dated", "--output", "json"], { cwd })).stdout);
    const hint = v.errors.find((e: { field?: string }) => e.field === "created_at").hint as string;
    expect(hint).toBe("taskplain validate --fix dated");
    expect((await run(hint.split(" ").slice(1), { cwd })).code).toBe(0);
    expect(read(cwd, rel)).toContain("created_at: 2026-03-14T00:00:00.000Z\n");
    expect(read(cwd, rel)).toContain("## Technical Approach");
    expect((await run(["validate", "dated"], { cwd })).code).toBe(0);
    // setting a managed timestamp stays refused while it is valid
    expect((await run(["update", "dated", "--meta", `created_at=${T0}`], { cwd })).code).toBe(5);
  });

  it("7. a task without priority: the hinted update repairs it; other writes say how", async () => {
    const cwd = fixtureRepo();
    const rel = "tasks/10-ready/task-noprio.md";
    writeTask(
      cwd,
      rel,
      text([...head("noprio", "ready").filter((l) => !l.startsWith("priority")), ...BODY.slice(0, 9)]),
    );
    const v = JSON.parse((await run(["validate", "noprio", "--output", "json"], { cwd })).stdout);
    expect(v.errors.find((e: { field?: string }) => e.field === "priority").hint).toBe(
      "taskplain update noprio --meta priority=<value>",
    );
    const move = await run(["move", "noprio", "in-progress"], { cwd });
    expect(move.code).toBe(1);
    expect(move.stderr).toContain("taskplain update noprio --meta priority=<value>");
    const unrelated = await run(["update", "noprio", "--field", "overview", "New text."], { cwd });
    expect(unrelated.code).toBe(1);
    const bytes = read(cwd, rel);
    // --fix still makes its other repairs (the missing heading) and names what is left
    const fix = await run(["validate", "--fix", "--rename-files", "noprio"], { cwd });
    expect(fix.stdout).toContain("inserted ## Technical Approach");
    expect(fix.stdout).toContain("not repaired");
    expect(read(cwd, rel)).not.toBe(bytes);
    const repaired = await run(["update", "noprio", "--meta", "priority=high"], { cwd });
    expect(repaired.code).toBe(0);
    expect((await run(["validate", "noprio"], { cwd })).code).toBe(0);
    expect((await run(["move", "noprio", "in-progress"], { cwd })).code).toBe(0);
  });

  it("metadata set repairs a schema error the same way", async () => {
    const cwd = fixtureRepo();
    writeTask(
      cwd,
      "tasks/10-ready/task-enum.md",
      text([...head("enum", "ready").map((l) => (l.startsWith("priority") ? "priority: asap" : l)), ...BODY]),
    );
    const r = await run(["metadata", "set", "enum"], { cwd, input: '{"priority":"urgent"}' });
    expect(r.code).toBe(0);
    expect((await run(["validate", "enum"], { cwd })).code).toBe(0);
  });

  it("11. --fix of a legacy parent key keeps the YAML comments around it", async () => {
    const cwd = fixtureRepo();
    writeTask(cwd, "tasks/10-ready/story-home.md", text([...head("home", "ready", [], "story"), ...BODY]));
    const rel = "tasks/10-ready/task-kid.md";
    const meta = head("kid", "ready");
    meta.splice(4, 0, "# written by the old tool", "parent: home", "# keep this note");
    writeTask(cwd, rel, text([...meta, ...BODY]));
    await run(["validate", "--fix"], { cwd });
    const after = read(cwd, rel);
    expect(after).not.toContain("parent:");
    expect(after).toContain("# written by the old tool\n");
    expect(after).toContain("# keep this note\n");
    expect(read(cwd, "tasks/10-ready/story-home.md")).toContain("children:\n  - kid\n");
  });
});

describe("multi-file changes are checked in full first", () => {
  it("8. a cascade blocked by a stale file moves and stages nothing", async () => {
    const cwd = fixtureRepo(undefined, { git: true });
    await runJson(["new", "--title", "S", "--kind", "story", "--id", "story-s", "--state", "ready"], { cwd });
    await runJson(["new", "--title", "One", "--parent", "story-s", "--id", "t-one", "--state", "ready"], {
      cwd,
    });
    await runJson(["new", "--title", "Two", "--parent", "story-s", "--id", "t-two", "--state", "ready"], {
      cwd,
    });
    writeTask(cwd, "tasks/40-canceled/task-t-two.md", read(cwd, "tasks/10-ready/task-t-two.md"));
    git(cwd, "add", "-A");
    git(cwd, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "setup");
    const before = snapshot(cwd);
    const r = await run(["move", "story-s", "canceled", "--cascade", "cancel"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("tasks/40-canceled/task-t-two.md already exists");
    expect(snapshot(cwd)).toEqual(before);
    expect(git(cwd, "status", "--porcelain")).toBe("");
  });
});

describe("init --sample into a repository with tasks", () => {
  it("10. is refused; with --force it adds only samples whose ids are free", async () => {
    const cwd = fixtureRepo();
    writeTask(cwd, "tasks/10-ready/task-dark-mode.md", text([...head("dark-mode", "ready"), ...BODY]));
    writeTask(cwd, "tasks/10-ready/task-orders-api.md", text([...head("orders-api", "ready"), ...BODY]));
    const before = snapshot(cwd);
    const refused = await run(["init", "--sample"], { cwd });
    expect(refused.code).toBe(1);
    expect(snapshot(cwd)).toEqual(before);
    expect((await run(["init", "--sample", "--force"], { cwd })).code).toBe(0);
    expect(read(cwd, "tasks/10-ready/task-dark-mode.md")).toBe(before["tasks/10-ready/task-dark-mode.md"]);
    const v = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    const codes = v.errors.map((e: { code: string }) => e.code);
    for (const code of ["duplicate_id", "multiple_parents", "missing_child", "missing_dependency"])
      expect(codes).not.toContain(code);
  });
});

describe("search and --meta", () => {
  it("12. list --search does not match the template's guidance comments", async () => {
    const cwd = fixtureRepo();
    await runJson(["new", "--title", "Plain one"], { cwd });
    const guidance = read(cwd, "tasks/00-idea/task-plain-one.md").match(/<!-- (\w+)/)![1]!;
    const hit = await runJson<unknown[]>(["list", "--search", guidance], { cwd });
    expect(hit).toEqual([]);
    await run(["update", "plain-one", "--field", "overview", `Mentions ${guidance} in plain text.`], { cwd });
    expect((await runJson<unknown[]>(["list", "--search", guidance], { cwd })).length).toBe(1);
  });

  it("13. new takes --meta for every key it may set", async () => {
    const cwd = fixtureRepo();
    const t = await runJson<{ priority: string; kind: string; state: string }>(
      ["new", "--title", "X", "--meta", "priority=high", "--meta", "kind=story", "--meta", "state=ready"],
      { cwd },
    );
    expect([t.priority, t.kind, t.state]).toEqual(["high", "story", "ready"]);
    const clash = await run(["new", "--title", "Y", "--priority", "low", "--meta", "priority=high"], { cwd });
    expect(clash.code).toBe(5);
  });
});
