// The agent loop of agents.md, driven through the built CLI: check, insight bullets,
// pickup as a resume, complete as a no-op when done, the lean bundle, exec's environment
// and error_reason, and the README's dispatch loop run for real with stub agents.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { read, run, runJson, snapshot, tempDir } from "../helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function sample(): Promise<string> {
  const dir = tempDir("taskplain-agents-");
  dirs.push(dir);
  const r = await run(["init", "--sample"], { cwd: dir });
  expect(r.code).toBe(0);
  return dir;
}

const READY = "tasks/10-ready/task-payment-error-copy.md";
const DOING = "tasks/20-in-progress/task-payment-error-copy.md";
const doneFile = (dir: string) =>
  readdirSync(path.join(dir, "tasks/30-done")).find((f) => f.endsWith("task-payment-error-copy.md"));

describe("check", () => {
  it("ticks by number and by text, refuses ambiguity without writing, clears with --uncheck", async () => {
    const dir = await sample();
    const r = await runJson<{ criteria: { number: number; changed: boolean }[]; acceptance: unknown }>(
      ["check", "payment-error-copy", "1", "TESTS cover"],
      { cwd: dir },
    );
    expect(r.criteria.map((c) => c.number)).toEqual([1, 2]);
    expect(r.acceptance).toEqual({ checked: 2, total: 3 });
    expect(read(dir, READY)).toContain(
      "- [x] Friendlier payment error messages works end to end\n- [x] Tests cover",
    );
    expect(read(dir, READY)).toContain("- [ ] Docs mention");

    const before = snapshot(dir);
    const ambiguous = await run(["check", "payment-error-copy", "the", "--output", "json"], { cwd: dir });
    expect(ambiguous.code).toBe(1);
    expect(JSON.parse(ambiguous.stderr).error.code).toBe("criterion_ambiguous");
    const unknown = await run(["check", "payment-error-copy", "9"], { cwd: dir });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no criterion 9");
    expect(snapshot(dir)).toEqual(before);

    expect((await run(["check", "payment-error-copy", "2", "--uncheck"], { cwd: dir })).code).toBe(0);
    expect(read(dir, READY)).toContain("- [ ] Tests cover");
  });
});

describe("update --changelog / --decision / --technical-change", () => {
  it("appends one bullet under the right subsection and leaves the others alone", async () => {
    const dir = await sample();
    await run(["update", "card-validation", "--technical-change", "src/checkout/card.ts"], { cwd: dir });
    const file = "tasks/30-done/2026-10-02 task-card-validation.md";
    const text = read(dir, file);
    expect(text).toContain(
      "### Decisions\n\n- Kept the change small and covered by tests.\n\n### Technical Changes\n\n- See the touched paths in the frontmatter.\n- src/checkout/card.ts\n",
    );
    await run(["update", "card-validation", "--changelog", "Luhn check", "--decision", "No library"], {
      cwd: dir,
    });
    const after = read(dir, file);
    expect(after).toContain(
      "### Changelog\n\n- Validate card numbers client-side.\n- Luhn check\n\n### Decisions",
    );
    expect(after).toContain("- Kept the change small and covered by tests.\n- No library\n");
    const bad = await run(["update", "card-validation", "--changelog", "two\nlines"], { cwd: dir });
    expect(bad.code).toBe(5);
    expect(read(dir, file)).toBe(after);
  });
});

describe("pickup, complete", () => {
  it("resumes a task in progress and completes idempotently; the hint names update --changelog", async () => {
    const dir = await sample();
    const first = await runJson<{ resumed: boolean; changes: unknown[] }>(["pickup", "payment-error-copy"], {
      cwd: dir,
    });
    expect(first.resumed).toBe(false);
    expect(existsSync(path.join(dir, DOING))).toBe(true);
    const before = snapshot(dir);
    const again = await runJson<{ resumed: boolean; changes: unknown[]; task: { body: string } }>(
      ["pickup", "payment-error-copy"],
      { cwd: dir },
    );
    expect(again).toMatchObject({ resumed: true, changes: [] });
    expect(snapshot(dir)).toEqual(before);

    const refused = await run(
      ["complete", "payment-error-copy", "--commit-message", "fix: copy", "--check-acs"],
      {
        cwd: dir,
      },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('taskplain update payment-error-copy --changelog "');

    await run(["update", "payment-error-copy", "--changelog", "Clearer decline messages"], { cwd: dir });
    const done = await run(
      ["complete", "payment-error-copy", "--commit-message", "fix: copy", "--check-acs"],
      {
        cwd: dir,
      },
    );
    expect(done.code).toBe(0);
    const name = doneFile(dir)!;
    const text = read(dir, `tasks/30-done/${name}`);
    const retry = await runJson<{ already_done: boolean; changes: unknown[] }>(
      ["complete", "payment-error-copy"],
      {
        cwd: dir,
      },
    );
    expect(retry).toMatchObject({ already_done: true, changes: [] });
    expect(read(dir, `tasks/30-done/${name}`)).toBe(text);
  });

  it("prints a lean bundle: no template comments, no empty sections; JSON keeps the raw body", async () => {
    const dir = await sample();
    await run(["new", "--title", "Retry webhooks", "--parent", "order-history", "--state", "ready"], {
      cwd: dir,
    });
    const human = await run(["pickup", "retry-webhooks"], { cwd: dir });
    expect(human.code).toBe(0);
    expect(human.stdout).not.toContain("<!--");
    expect(human.stdout).not.toContain("## Overview\n\n## ");
    expect(human.stdout).not.toMatch(/### Changelog\s*\n\s*###/);
    expect(human.stdout).toContain("# task: Retry webhooks");
    const shown = await run(["show", "retry-webhooks"], { cwd: dir });
    expect(shown.stdout).not.toContain("<!--");
    expect(shown.stdout).not.toContain("## Acceptance Criteria");
    const json = await runJson<{ body: string }>(["show", "retry-webhooks"], { cwd: dir });
    expect(json.body).toContain("<!-- What problem this solves");
  });
});

describe("exec", () => {
  it("gives the command TASKPLAIN_TASK_ID, TASKPLAIN_ROOT and TASKPLAIN_ATTEMPT_STARTED_AT", async () => {
    const dir = await sample();
    const out = path.join(dir, "env.json");
    const script = `require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify({id: process.env.TASKPLAIN_TASK_ID, root: process.env.TASKPLAIN_ROOT, at: process.env.TASKPLAIN_ATTEMPT_STARTED_AT}))`;
    const r = await run(["exec", "orders-api", "--tool", "stub", "--", process.execPath, "-e", script], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const env = JSON.parse(read(dir, "env.json"));
    const attempts = (
      await runJson<{ attempts: { started_at: string }[] }>(["attempt", "list", "orders-api"], { cwd: dir })
    ).attempts;
    expect(env).toEqual({ id: "orders-api", root: dir, at: attempts[0]!.started_at });
  });

  it("records a useful error_reason and prints it", async () => {
    const dir = await sample();
    const coloured = `process.stderr.write("working\\n\\u001b[31merror:\\u001b[39m task exploded\\n}\\n]\\n"); process.exit(3)`;
    const r = await run(["exec", "orders-api", "--tool", "stub", "--", process.execPath, "-e", coloured], {
      cwd: dir,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/failed after \d+s — error: task exploded/);
    const dump = `console.error(JSON.stringify({ error: { code: "not_pickable", message: "x is done", hint: "h" } }, null, 2)); process.exit(1)`;
    await run(["exec", "orders-api", "--tool", "stub", "--", process.execPath, "-e", dump], { cwd: dir });
    const silent = await run(
      ["exec", "orders-api", "--tool", "stub", "--", process.execPath, "-e", "process.exit(4)"],
      { cwd: dir },
    );
    expect(silent.stderr).toContain("exit code 4");
    const missing = await run(["exec", "orders-api", "--tool", "stub", "--", "no-such-agent-xyz"], {
      cwd: dir,
    });
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain("ENOENT: no such command 'no-such-agent-xyz'");
    const list = await runJson<{ attempts: { status: string; error_reason?: string }[] }>(
      ["attempt", "list", "orders-api"],
      { cwd: dir },
    );
    expect(list.attempts.map((a) => [a.status, a.error_reason])).toEqual([
      ["failed", "error: task exploded"],
      ["failed", "not_pickable: x is done"],
      ["failed", "exit code 4"],
      ["failed", "ENOENT: no such command 'no-such-agent-xyz'"],
    ]);
  });
});

describe("new without tasks/", () => {
  it("at the top of a git repository creates the state folders and says so", async () => {
    const dir = tempDir("taskplain-agents-git-");
    dirs.push(dir);
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const r = await run(["new", "--title", "First task"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("created the state folders under tasks/");
    for (const f of ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"]) {
      expect(existsSync(path.join(dir, "tasks", f))).toBe(true);
    }
    expect(existsSync(path.join(dir, "tasks/00-idea/task-first-task.md"))).toBe(true);
  });

  it("outside git (or below the top) still asks for init and writes nothing", async () => {
    const plain = tempDir("taskplain-agents-plain-");
    dirs.push(plain);
    const r = await run(["new", "--title", "First task"], { cwd: plain });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("hint: taskplain init");
    expect(existsSync(path.join(plain, "tasks"))).toBe(false);
    const repo = tempDir("taskplain-agents-sub-");
    dirs.push(repo);
    execFileSync("git", ["init", "-q"], { cwd: repo });
    const sub = path.join(repo, "src");
    mkdirSync(sub);
    expect((await run(["new", "--title", "First task"], { cwd: sub })).code).toBe(2);
    expect(existsSync(path.join(repo, "tasks"))).toBe(false);
  });
});
