// Every example in the README runs as written against `taskplain init --sample`
// (agents.md "Demo"), and the README's dispatch loop works for real with stub agents
// that drive the loop themselves (pickup, check, update --changelog, complete).
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, PROJECT, run, runJson, tempDir } from "../helpers.js";

const README = readFileSync(path.join(PROJECT, "README.md"), "utf8");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A sample repository and a bin/ folder with a `taskplain` shim (plus any stub agents). */
async function setup(
  stubs: Record<string, string> = {},
  options: { sample?: boolean } = {},
): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = tempDir("taskplain-readme-");
  dirs.push(dir);
  const repo = path.join(dir, "repo");
  const bin = path.join(dir, "bin");
  mkdirSync(repo);
  mkdirSync(bin);
  const scripts = { taskplain: `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, ...stubs };
  for (const [name, text] of Object.entries(scripts)) {
    writeFileSync(path.join(bin, name), text);
    chmodSync(path.join(bin, name), 0o755);
  }
  if (options.sample !== false) expect((await run(["init", "--sample"], { cwd: repo })).code).toBe(0);
  return { dir: repo, env: { PATH: `${bin}:${process.env.PATH}`, NO_COLOR: "1", TASKPLAIN_ROOT: "" } };
}

const bash = (script: string, cwd: string, env: Record<string, string>) =>
  spawnSync("bash", ["-eo", "pipefail", "-c", script], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });

// These tests run dozens of taskplain processes one after another: on a loaded 2-core machine
// (another test file's concurrent writers beside them) that can take longer than the default.
const SERIAL_PROCESSES = { timeout: 180_000 };

const shBlocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
const loop = shBlocks.find((b) => /while \w+=\$\(taskplain next/.test(b))!;
// Loops that start real coding agents (claude, codex) run only with stub agents: the
// dispatch loop below; the many-worktrees recipe is what tests/e2e/leases*.test.ts do.
const startsAgents = (b: string) => /while \w+=\$\(taskplain next/.test(b);

describe("README examples", SERIAL_PROCESSES, () => {
  it("every sh block of taskplain commands runs against init --sample", async () => {
    const blocks = shBlocks.filter((b) => !startsAgents(b) && !/^npm /m.test(b));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      // a block that seeds the sample itself starts from an empty repository
      const { dir, env } = await setup({}, { sample: !/taskplain init --sample/.test(block) });
      const r = bash(block, dir, env);
      expect(r.status, `${block}\n${r.stderr}`).toBe(0);
    }
  });

  it("every taskplain command in the Commands table runs, in order, against one sample", async () => {
    const { dir, env } = await setup({ codex: "#!/bin/sh\nexit 0\n" });
    const table = README.slice(README.indexOf("## Commands"), README.indexOf("## Orchestrating agents"));
    const commands = [...table.matchAll(/`((?:echo [^`]*\\\| )?taskplain [^`]+)`/g)]
      .map((m) => m[1]!.replace(/\\\|/g, "|"))
      .filter((c) => !c.includes("<")); // `taskplain <command> --help` is a pattern, not an example
    expect(commands.length).toBeGreaterThanOrEqual(20);
    for (const command of commands) {
      const r = bash(`${command} > /dev/null`, dir, env);
      expect(r.status, `${command}\n${r.stderr}`).toBe(0);
    }
  });

  it("the stats table the README shows is what the sample gives", async () => {
    const { dir } = await setup();
    const shown = README.match(
      /\$ (?:taskplain init --sample && )?taskplain stats --by model,ambiguity\n…\n([\s\S]*?)```/,
    )![1]!;
    // the README shows a wide terminal
    const r = await run(["stats", "--by", "model,ambiguity"], { cwd: dir, env: { COLUMNS: "200" } });
    for (const line of shown.trim().split("\n")) expect(r.stdout).toContain(line);
  });
});

// A stand-in for the README's run-agent.sh (`run-agent.sh <tool> <model> <prompt>`): works
// on the task named by TASKPLAIN_TASK_ID through taskplain, as the prompt asks.
const GOOD_AGENT = `#!${process.execPath}
const { execFileSync } = require("node:child_process");
const id = process.env.TASKPLAIN_TASK_ID;
const tp = (...a) => execFileSync("taskplain", a, { encoding: "utf8" });
const ctx = JSON.parse(tp("pickup", id, "--output", "json"));
const [tool, model] = process.argv.slice(2);
require("node:fs").appendFileSync(process.env.STUB_LOG, [id, ctx.resumed, tool, model].join(" ") + "\\n");
const total = JSON.parse(tp("show", id, "--output", "json")).acceptance.total;
if (total > 0) tp("check", id, ...Array.from({ length: total }, (_, i) => String(i + 1)));
tp("update", id, "--changelog", "Did " + id);
tp("complete", id, "--commit-message", "feat: " + id + "  [Task:" + id + "]");
`;

const BAD_AGENT = `#!${process.execPath}
const { execFileSync } = require("node:child_process");
const id = process.env.TASKPLAIN_TASK_ID;
execFileSync("taskplain", ["pickup", id, "--output", "json"]);
require("node:fs").appendFileSync(process.env.STUB_LOG, id + "\\n");
process.stderr.write("thinking…\\n\\u001b[31mError: the model API answered 529 overloaded\\u001b[0m\\n}\\n");
process.exit(2);
`;

/** The loop runs `./run-agent.sh` from the repository's folder. */
function agentScript(dir: string, text: string): void {
  writeFileSync(path.join(dir, "run-agent.sh"), text);
  chmodSync(path.join(dir, "run-agent.sh"), 0o755);
}

describe("the README's dispatch loop", SERIAL_PROCESSES, () => {
  it("runs agents that pick up, check, add a changelog bullet and complete: each task done, one completed attempt", async () => {
    const { dir, env } = await setup();
    agentScript(dir, GOOD_AGENT);
    const log = path.join(dir, "..", "agents.log");
    const r = bash(loop, dir, { ...env, STUB_LOG: log });
    expect(r.status, r.stderr).toBe(0);
    const runs = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" "));
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const [id, resumed, tool, model] of runs) {
      expect(resumed).toBe("true"); // exec --pickup started it; the agent's pickup resumed
      const task = await runJson<{
        state: string;
        execution: { attempts: { status: string; executor: object }[] };
      }>(["show", id!], { cwd: dir });
      expect(task.state, id).toBe("done");
      expect(task.execution.attempts.map((a) => a.status)).toEqual(["completed"]);
      expect(task.execution.attempts[0]!.executor).toEqual({ tool, model });
    }
    const done = readdirSync(path.join(dir, "tasks/30-done"));
    for (const [id] of runs) expect(done.some((f) => f.endsWith(`-${id}.md`))).toBe(true);
  });

  it("records a failing agent as failed with its last meaningful stderr line", async () => {
    const { dir, env } = await setup();
    agentScript(dir, BAD_AGENT);
    const log = path.join(dir, "..", "agents.log");
    const r = bash(loop, dir, { ...env, STUB_LOG: log });
    expect(r.status, r.stderr).toBe(0);
    const ids = readFileSync(log, "utf8").trim().split("\n");
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(r.stderr).toContain("failed after");
    for (const id of ids) {
      const task = await runJson<{
        state: string;
        execution: { attempts: { status: string; error_reason: string }[] };
      }>(["show", id], { cwd: dir });
      expect(task.state).toBe("in-progress");
      expect(task.execution.attempts.map((a) => [a.status, a.error_reason])).toEqual([
        ["failed", "Error: the model API answered 529 overloaded"],
      ]);
    }
  });
});
