import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { read, run, runBinary, runJson, snapshot, taskText, writeTask } from "../helpers.js";
import { ok, T0, t0, tempRepos } from "./setup.js";

const repo = tempRepos();
interface Finding {
  code: string;
  severity: string;
  message: string;
  file: string;
  field?: string;
  hint?: string;
}
interface Report {
  ok: boolean;
  errors: Finding[];
  warnings: Finding[];
  fixed: { file: string; fixes: string[] }[];
  counts: { files: number; errors: number; warnings: number };
}
const meta = (id: string, extra: Record<string, string | string[]> = {}) => ({
  id,
  title: `Task ${id}`,
  kind: "task",
  state: "ready",
  priority: "normal",
  ...extra,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
});
const validate = async (dir: string, args: string[] = []) => {
  const r = await run(["validate", ...args, "--output", "json"], { cwd: dir, clock: t0 });
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
};

describe("validate", () => {
  it("a task file that cannot be read is named with a hint that fits (not 'fix the YAML')", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-a.md", taskText(meta("a")));
    mkdirSync(path.join(dir, "tasks", "10-ready", "task-folder.md"));
    writeTask(dir, "tasks/10-ready/task-yaml.md", "---\nid: [yaml\n---\n");
    const { report } = await validate(dir);
    const hintOf = (name: string) => report.errors.find((f) => f.file.endsWith(name))?.hint;
    expect(hintOf("task-folder.md")).toMatch(/regular file/);
    expect(hintOf("task-yaml.md")).toMatch(/fix the YAML/);
  });

  it("a missing key is missing_field whatever its type (an enum like kind, or a timestamp)", async () => {
    const dir = repo();
    const { kind: _kind, created_at: _created, ...rest } = meta("a");
    writeTask(dir, "tasks/10-ready/task-a.md", taskText(rest));
    const { report } = await validate(dir);
    const byField = new Map(report.errors.map((f) => [f.field, f]));
    expect(byField.get("kind")).toMatchObject({ code: "missing_field", message: "kind: is required" });
    expect(byField.get("created_at")).toMatchObject({
      code: "missing_field",
      message: "created_at: is required",
    });
  });

  it("a FIFO named like a task file is reported, never waited on", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-a.md", taskText(meta("a")));
    execFileSync("mkfifo", [path.join(dir, "tasks", "10-ready", "task-pipe.md")]);
    const envs: Record<string, string>[] = [{}, { TASKPLAIN_CACHE: "0" }];
    for (const env of envs) {
      const v = await runBinary(["validate", "--output", "json"], { cwd: dir, env });
      expect(v.code).toBe(1);
      expect((JSON.parse(v.stdout) as Report).errors.map((f) => f.file)).toEqual([
        "tasks/10-ready/task-pipe.md",
      ]);
      const l = await runBinary(["list", "--output", "plain"], { cwd: dir, env });
      expect(l.stdout).toBe("a\n");
      expect(l.stderr).toContain("task-pipe.md");
    }
  });

  it("orders findings the same whatever the locale (a stored answer is shared by every terminal)", async () => {
    const dir = repo();
    // Estonian collation puts z between s and t; code-unit order puts tango first
    for (const id of ["zulu", "tango"])
      writeTask(dir, `tasks/10-ready/task-${id}.md`, taskText(meta(id, { priority: "superhigh" })));
    const files = async (env: Record<string, string>) => {
      const r = await runBinary(["validate", "--output", "json"], { cwd: dir, env });
      expect(r.code, r.stderr).toBe(1);
      return (JSON.parse(r.stdout) as Report).errors.map((f) => f.file);
    };
    const order = ["tasks/10-ready/task-tango.md", "tasks/10-ready/task-zulu.md"];
    const envs: Record<string, string>[] = [
      { LANG: "C.UTF-8", LC_ALL: "", TASKPLAIN_CACHE: "0" },
      { LANG: "et_EE.UTF-8", LC_ALL: "et_EE.UTF-8", TASKPLAIN_CACHE: "0" },
      { LANG: "et_EE.UTF-8", LC_ALL: "et_EE.UTF-8" },
    ];
    for (const env of envs) expect(await files(env), env.LANG).toEqual(order);
  });

  it("a clean repository: exit 0, ok true, counts of files; human says so", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-a.md", taskText(meta("a")));
    const { code, report } = await validate(dir);
    expect(code).toBe(0);
    expect(report).toEqual({
      ok: true,
      errors: [],
      warnings: [],
      fixed: [],
      counts: { files: 1, errors: 0, warnings: 0 },
    });
    const human = await run(["validate"], { cwd: dir, clock: t0 });
    expect(human.stdout).toMatch(/✓ 1 file checked: 0 errors, 0 warnings/);
  });

  it("a misspelt key is a warning naming the key meant, with an update that moves its value there", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-a.md", taskText({ ...meta("a"), priorty: "high", reviewer: "ann" }));
    const { code, report } = await validate(dir);
    expect(code).toBe(0);
    const [typo, other] = report.warnings;
    expect(typo).toMatchObject({ code: "unknown_meta_key", field: "priorty" });
    expect(typo!.message).toContain('did you mean "priority"?');
    expect(typo!.hint).toBe("taskplain update a --unset priorty --meta priority=high");
    // a key that is no near miss is kept without a guess
    expect(other).toMatchObject({ code: "unknown_meta_key", field: "reviewer" });
    expect(other!.hint).toBeUndefined();
    // the hint works: the value moves to the key meant, and validate is clean
    const fixed = await run(["update", "a", "--unset", "priorty", "--meta", "priority=high"], {
      cwd: dir,
      clock: t0,
    });
    expect(fixed.code).toBe(0);
    expect(read(dir, "tasks/10-ready/task-a.md")).toMatch(/^priority: high$/m);
    expect((await validate(dir)).report.warnings.map((w) => w.field)).toEqual(["reviewer"]);
  });

  it("a legacy parent key naming another task than the listing parent is two parents; its hint repairs it", async () => {
    const dir = repo();
    writeTask(
      dir,
      "tasks/00-idea/story-s1.md",
      taskText({ ...meta("s1"), kind: "story", state: "idea", children: ["a"] }),
    );
    writeTask(dir, "tasks/00-idea/story-s2.md", taskText({ ...meta("s2"), kind: "story", state: "idea" }));
    writeTask(dir, "tasks/10-ready/task-a.md", taskText({ ...meta("a"), parent: "s2" }));
    const { code, report } = await validate(dir);
    expect(code).toBe(1);
    const two = report.errors.find((e) => e.code === "multiple_parents");
    expect(two?.message).toContain("listed as a child by s1, but its legacy parent key names s2");
    expect(two?.hint).toBe("taskplain update a --unset parent");
    // --fix does not pick a parent for the user: the file keeps its key
    const fixed = await validate(dir, ["--fix"]);
    expect(JSON.stringify(fixed.report.fixed)).not.toContain("parent");
    expect(read(dir, "tasks/10-ready/task-a.md")).toContain("parent: s2");
    expect((await run(["update", "a", "--unset", "parent"], { cwd: dir, clock: t0 })).code).toBe(0);
    expect((await validate(dir)).code).toBe(0);
  });

  it("cross-file errors name code, file, field and a hint; exit 1", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-a.md", taskText(meta("a", { depends_on: ["ghost"] })));
    writeTask(dir, "tasks/10-ready/task-b.md", taskText(meta("a")));
    writeTask(dir, "tasks/00-idea/task-c.md", taskText(meta("c", { state: "idea", priority: "asap" })));
    const { code, report } = await validate(dir);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    const codes = report.errors.map((e) => e.code).sort();
    expect(codes).toEqual(expect.arrayContaining(["duplicate_id", "missing_dependency"]));
    const missing = report.errors.find((e) => e.code === "missing_dependency")!;
    expect(missing).toMatchObject({
      severity: "error",
      file: "tasks/10-ready/task-a.md",
      field: "depends_on.0",
    });
    expect(missing.hint).toMatch(/^taskplain /);
    expect(report.errors.some((e) => e.file === "tasks/00-idea/task-c.md" && e.field === "priority")).toBe(
      true,
    );
    expect(report.counts.errors).toBe(report.errors.length);
  });

  it("<ids> limits the report; --strict turns warnings into errors", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-a.md", taskText(meta("a", { labels: ["x"] })));
    writeTask(
      dir,
      "tasks/00-idea/task-w.md",
      taskText(
        meta("w", { state: "idea" }),
        "\n## Overview\n\nx\n\n## Acceptance Criteria\n\n## Technical Approach\n\nx\n",
      ),
    );
    const all = await validate(dir);
    expect(all.code).toBe(0);
    expect(all.report.warnings.map((w) => w.code)).toEqual(["acceptance_criteria_empty"]);
    const strict = await validate(dir, ["--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.report.errors.map((e) => e.code)).toEqual(["acceptance_criteria_empty"]);
    const onlyA = await validate(dir, ["a", "--strict"]);
    expect(onlyA.code).toBe(0);
    expect(onlyA.report.counts.files).toBe(1);
  });

  it("an unparsable file is one parse_error with file and line; the others are still validated; bytes untouched", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-a.md", taskText(meta("a")));
    const broken = "---\nid: broken\ntitle: [unclosed\nkind: task\n---\n";
    writeTask(dir, "tasks/10-ready/task-broken.md", broken);
    const { code, report } = await validate(dir, ["--fix"]);
    expect(code).toBe(1);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ code: "parse_error", file: "tasks/10-ready/task-broken.md" });
    expect(report.errors[0]!.message).toMatch(/line \d+/);
    expect(report.counts.files).toBe(2);
    expect(read(dir, "tasks/10-ready/task-broken.md")).toBe(broken);
  });

  it("a reference to a task whose file cannot be parsed names that file in its hint", async () => {
    const dir = repo();
    writeTask(dir, "tasks/10-ready/task-a.md", taskText(meta("a", { depends_on: ["conflicted"] })));
    writeTask(dir, "tasks/00-idea/task-gone.md", taskText(meta("gone-ref", { depends_on: ["nowhere"] })));
    // a merge left its markers in the frontmatter
    const conflicted =
      "---\nid: conflicted\n<<<<<<< HEAD\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> b\n---\n";
    writeTask(dir, "tasks/10-ready/task-conflicted.md", conflicted);
    const { report } = await validate(dir);
    const missing = report.errors.filter((f) => f.code === "missing_dependency");
    expect(missing).toHaveLength(2);
    const [toConflicted, toNowhere] = [
      missing.find((f) => f.file.endsWith("task-a.md"))!,
      missing.find((f) => f.file.endsWith("task-gone.md"))!,
    ];
    expect(toConflicted.hint).toBe(
      '"conflicted" is the id of tasks/10-ready/task-conflicted.md, which could not be parsed: fix that file first',
    );
    expect(toNowhere.hint).not.toContain("could not be parsed"); // a truly missing id keeps its repair
    expect(report.errors.some((f) => f.code === "parse_error" && f.file.endsWith("task-conflicted.md"))).toBe(
      true,
    );
  });

  it("--fix --rename-files moves a file whose folder disagrees with its state; --fix fills missing timestamps", async () => {
    const dir = repo();
    writeTask(dir, "tasks/00-idea/task-moved.md", taskText(meta("moved")));
    writeTask(
      dir,
      "tasks/10-ready/task-stamp.md",
      taskText({ id: "stamp", title: "Stamp", kind: "task", state: "ready", priority: "normal" }),
    );
    const before = snapshot(dir);
    const dry = await runJson<Report & { dry_run: boolean }>(
      ["validate", "--fix", "--rename-files", "--dry-run"],
      { cwd: dir, clock: t0 },
    );
    expect(dry.dry_run).toBe(true);
    expect(snapshot(dir)).toEqual(before);
    const { code, report } = await validate(dir, ["--fix", "--rename-files"]);
    expect(code).toBe(0);
    expect(report.fixed.map((f) => f.file).sort()).toEqual([
      "tasks/00-idea/task-moved.md",
      "tasks/10-ready/task-stamp.md",
    ]);
    const after = snapshot(dir);
    expect(after["tasks/00-idea/task-moved.md"]).toBeUndefined();
    expect(after["tasks/10-ready/task-moved.md"]).toBeDefined();
    expect(read(dir, "tasks/10-ready/task-stamp.md")).toContain(`\ncreated_at: ${T0}\nupdated_at: ${T0}\n`);
    await ok(["validate"], dir);
  });

  it("an id that names no task exits 6 and says which", async () => {
    const dir = repo();
    const r = await run(["validate", "ghost"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('no task with id "ghost"');
  });
});
