// task-format.md "Writes keep the repository valid", through every writer: a write whose
// result would add a cross-file error is refused and changes nothing; a write that
// leaves a task incomplete for its state succeeds and says so on stderr and in the JSON
// `warnings` (services/write-checks.ts).
import { describe, expect, it } from "vitest";
import { fixtureRepo, run, runJson, snapshot, taskMeta, taskText, writeTask } from "../helpers.js";

const meta = taskMeta;
const DONE_BODY =
  "\n## Overview\n\nx\n\n## Acceptance Criteria\n\n- [x] it works\n\n## Technical Approach\n\n- y\n\n## Post-Implementation Insights\n\n### Changelog\n\n- did it\n";
const FOLDER: Record<string, string> = {
  idea: "00-idea",
  ready: "10-ready",
  "in-progress": "20-in-progress",
  done: "30-done",
};

/** e1 (epic) → s1 (story) → t1 (task), e2 an epic without children, and `free` a loose ready task. */
function hierarchy(states: { s1?: string; t1?: string } = {}): string {
  const cwd = fixtureRepo();
  const put = (id: string, kind: string, state: string, extra: Record<string, string | string[]> = {}) => {
    const name =
      state === "done"
        ? `tasks/30-done/2026-01-01 ${kind}-${id}.md`
        : `tasks/${FOLDER[state]}/${kind}-${id}.md`;
    writeTask(cwd, name, taskText(meta(id, kind, state, extra), state === "done" ? DONE_BODY : undefined));
  };
  put("e1", "epic", "ready", { children: ["s1"] });
  put("e2", "epic", "ready");
  put("s1", "story", states.s1 ?? "ready", { children: ["t1"] });
  put("t1", "task", states.t1 ?? "ready");
  put("free", "task", "ready");
  return cwd;
}

interface Refusal {
  error: { code: string; message: string; details?: { findings?: { code: string }[] } };
}

/**
 * Runs a write that must be refused: exit 1, every file as it was, and the finding named
 * (in `details.findings` when the write checks refused it; an earlier, more specific
 * check of the command may refuse it first, with `finding` as its code).
 */
async function expectRefused(cwd: string, args: string[], code: string, finding: string, input?: string) {
  const before = snapshot(cwd);
  const r = await run([...args, "--output", "json"], { cwd, ...(input ? { input } : {}) });
  expect(r.code, r.stderr).toBe(1);
  const { error } = JSON.parse(r.stderr) as Refusal;
  expect(error.code).toBe(code);
  expect(error.details?.findings?.map((f) => f.code) ?? [error.code]).toContain(finding);
  expect(snapshot(cwd)).toEqual(before);
  expect(r.stdout).toBe("");
}

describe("a write that would add a cross-file error is refused, whatever the writer", () => {
  it("update --meta children: a second parent, a wrong kind (a task listing its own parent)", async () => {
    const cwd = hierarchy();
    await expectRefused(
      cwd,
      ["update", "e2", "--meta", "children=s1"],
      "multiple_parents",
      "multiple_parents",
    );
    await expectRefused(
      cwd,
      ["update", "e2", "--meta", "children=free"],
      "invalid_child_kind",
      "invalid_child_kind",
    );
    await expectRefused(
      cwd,
      ["update", "t1", "--meta", "children=s1"],
      "multiple_parents",
      "invalid_child_kind",
    );
  });

  it("a refusal of several errors names each in human output: up to five, then how many more", async () => {
    const cwd = fixtureRepo();
    const leaves = ["x1", "x2", "x3", "x4", "x5", "x6", "x7"];
    writeTask(cwd, "tasks/10-ready/story-a.md", taskText(meta("a", "story", "ready", { children: leaves })));
    writeTask(cwd, "tasks/10-ready/story-b.md", taskText(meta("b", "story", "ready")));
    for (const x of leaves) writeTask(cwd, `tasks/10-ready/task-${x}.md`, taskText(meta(x, "task", "ready")));
    const line = (x: string) => `  ${x}: listed as a child by a, b; a task has at most one parent\n`;
    const two = await run(["update", "b", "--meta", "children=x1,x2"], { cwd });
    expect(two.code).toBe(1);
    expect(two.stderr).toContain(
      `error: the change would add 2 errors across tasks, so nothing was changed:\n${line("x1")}${line("x2")}hint: `,
    );
    expect(two.stderr).not.toContain("more");
    const seven = await run(["update", "b", "--meta", `children=${leaves.join(",")}`], { cwd });
    expect(seven.stderr).toContain(
      `nothing was changed:\n${leaves.slice(0, 5).map(line).join("")}  (and 2 more; --output json lists all)\nhint: `,
    );
    const json = await run(["update", "b", "--meta", `children=${leaves.join(",")}`, "--output", "json"], {
      cwd,
    });
    const { error } = JSON.parse(json.stderr) as Refusal;
    expect(error.details?.findings).toHaveLength(7);
    expect(error.message).toMatch(/^the change would add 7 errors .*: x1: .* · x2: .*x5: .* \(and 2 more\)$/);
  });

  it("metadata set: the same rules as update (children, and a depends_on cycle)", async () => {
    const cwd = hierarchy();
    await expectRefused(
      cwd,
      ["metadata", "set", "e2"],
      "multiple_parents",
      "multiple_parents",
      '{"children":["s1"]}',
    );
    await runJson(["update", "free", "--meta", "depends_on=t1"], { cwd });
    await expectRefused(
      cwd,
      ["metadata", "set", "t1"],
      "dependency_cycle",
      "dependency_cycle",
      '{"depends_on":["free"]}',
    );
  });

  it("move and new: a task reopened, or created, under a done parent is refused; the parent first", async () => {
    const cwd = hierarchy({ s1: "done", t1: "done" });
    await expectRefused(cwd, ["move", "t1", "ready"], "incomplete_descendant", "incomplete_descendant");
    await expectRefused(
      cwd,
      ["new", "--title", "Late", "--parent", "s1"],
      "incomplete_descendant",
      "incomplete_descendant",
    );
    const hint = await run(["move", "t1", "ready"], { cwd });
    expect(hint.stderr).toContain("hint: taskplain move s1 in-progress");
    // reopening from the top down works
    expect((await run(["move", "s1", "in-progress"], { cwd })).code).toBe(0);
    expect((await run(["move", "t1", "ready"], { cwd })).code).toBe(0);
  });

  it("errors already in the repository do not block writes that add none (and repairs pass)", async () => {
    const cwd = hierarchy();
    // a hand edit left e2 listing s1 too (multiple_parents) and free waiting on a missing task
    writeTask(cwd, "tasks/10-ready/epic-e2.md", taskText(meta("e2", "epic", "ready", { children: ["s1"] })));
    writeTask(
      cwd,
      "tasks/10-ready/task-free.md",
      taskText(meta("free", "task", "ready", { depends_on: ["gone"] })),
    );
    expect((await run(["update", "t1", "--meta", "depends_on=free"], { cwd })).code).toBe(0);
    expect((await run(["new", "--title", "Another", "--parent", "s1"], { cwd })).code).toBe(0);
    expect((await run(["update", "free", "--unset", "depends_on"], { cwd })).code).toBe(0);
    expect((await run(["update", "e2", "--unset", "children"], { cwd })).code).toBe(0);
    const report = await run(["validate", "--output", "json"], { cwd });
    expect(JSON.parse(report.stdout).errors).toEqual([]);
  });

  it("--dry-run is refused the same way", async () => {
    const cwd = hierarchy();
    await expectRefused(
      cwd,
      ["update", "e2", "--meta", "children=s1", "--dry-run"],
      "multiple_parents",
      "multiple_parents",
    );
  });
});

describe("a write that leaves a task incomplete for its state succeeds and says so", () => {
  it("new --state ready without criteria: written, a warning on stderr with a working hint", async () => {
    const cwd = fixtureRepo();
    const r = await run(["new", "--title", "Bare", "--state", "ready"], { cwd });
    expect(r.code).toBe(0);
    expect(snapshot(cwd)).toHaveProperty(["tasks/10-ready/task-bare.md"]);
    expect(r.stderr).toMatch(
      /^warning: tasks\/10-ready\/task-bare\.md: Acceptance Criteria lists no criteria/m,
    );
    expect(r.stderr).toContain("acceptance_criteria_empty");
    const hint = /hint: taskplain (update bare --field acceptance_criteria .*)$/m.exec(r.stderr)?.[1];
    expect(hint).toBe('update bare --field acceptance_criteria "- [ ] <criterion>"');
    expect(
      (await run(["update", "bare", "--field", "acceptance_criteria", "- [ ] it works"], { cwd })).stderr,
    ).toBe("");
    expect((await run(["validate", "bare"], { cwd })).code).toBe(0);
  });

  it("JSON: `warnings` lists validate's findings; an idea without criteria brings none", async () => {
    const cwd = fixtureRepo();
    const ready = await runJson<{ warnings: { code: string; severity: string; file: string }[] }>(
      ["new", "--title", "Bare", "--state", "ready"],
      { cwd },
    );
    expect(ready.warnings).toEqual([
      expect.objectContaining({
        code: "acceptance_criteria_empty",
        severity: "error",
        file: "tasks/10-ready/task-bare.md",
      }),
    ]);
    const idea = await run(["new", "--title", "Someday"], { cwd });
    expect(idea.stderr).toBe("");
    const moved = await runJson<{ warnings: { code: string }[] }>(["move", "someday", "ready"], { cwd });
    expect(moved.warnings.map((w) => w.code)).toEqual(["acceptance_criteria_empty"]);
  });

  it("update, check, attempt add and pickup report what they leave: dropped headings, not the last box ticked", async () => {
    const cwd = hierarchy();
    const body = await runJson<{ warnings: { code: string }[] }>(
      ["update", "free", "--field", "body", "Just text, no sections."],
      { cwd },
    );
    expect(body.warnings.map((w) => w.code).sort()).toEqual([
      "acceptance_criteria_empty",
      "missing_heading",
      "missing_heading",
      "missing_heading",
    ]);
    const attempt = await runJson<{ warnings: { code: string }[] }>(
      ["attempt", "add", "free", "--tool", "t", "--status", "failed", "--duration", "5"],
      { cwd },
    );
    // the error stays on the task and is said again; the warnings were not brought by this write
    expect(attempt.warnings.map((w) => w.code)).toEqual(["acceptance_criteria_empty"]);
    // ticking the last box is the loop's normal step before complete: validate mentions
    // it, the write does not warn about it
    const ticked = await runJson<{ warnings: { code: string }[] }>(["check", "t1", "1"], { cwd });
    expect(ticked.warnings).toEqual([]);
    // (validate exits 1 here: other tasks of this repository keep their errors)
    const report = await run(["validate", "--output", "json"], { cwd });
    const warnings = (JSON.parse(report.stdout) as { warnings: { code: string }[] }).warnings;
    expect(warnings.map((w) => w.code)).toContain("all_criteria_checked");
    const picked = await runJson<{ warnings: unknown[] }>(["pickup", "e2"], { cwd });
    expect(picked.warnings).toEqual([]);
  });
  it("check --uncheck on a done task: written, with a warning; validate reports it as a warning", async () => {
    const cwd = hierarchy({ s1: "done", t1: "done" });
    const done = "tasks/30-done/2026-01-01 task-t1.md";
    const r = await run(["check", "t1", "1", "--uncheck"], { cwd });
    expect(r.code).toBe(0);
    expect(snapshot(cwd)[done]).toContain("- [ ] it works");
    expect(r.stderr).toContain(
      `warning: ${done}: The task is done but 1 of 1 acceptance criteria is not checked; check what was done, or reopen the task if work remains.`,
    );
    expect(r.stderr).toContain(
      "hint: taskplain check t1 <number|text>…   (or taskplain move t1 in-progress to reopen it)",
    );
    const report = await run(["validate", "t1", "--output", "json"], { cwd });
    expect(report.code).toBe(0);
    const { warnings } = JSON.parse(report.stdout) as { warnings: { code: string; file: string }[] };
    expect(warnings).toEqual([expect.objectContaining({ code: "acceptance_incomplete", file: done })]);
    const ticked = await runJson<{ warnings: unknown[] }>(["check", "t1", "1"], { cwd });
    expect(ticked.warnings).toEqual([]);
  });
});
