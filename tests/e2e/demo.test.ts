// `npm run demo` (scripts/demo.mjs): runs the main job on a sample and exits 0 with
// --no-web; unknown options are refused.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT, runJson, tempDir } from "../helpers.js";

const DEMO = path.join(PROJECT, "scripts", "demo.mjs");
const dir = tempDir("taskplain-demo-test-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("demo", () => {
  it("refuses unknown options without creating anything", () => {
    const r = spawnSync(process.execPath, [DEMO, "--bogus"], { encoding: "utf8" });
    expect(r.status).toBe(5);
    expect(r.stderr).toContain("unknown option --bogus");
  });

  it("--no-web runs list, next, next's first pick through exec with its recommended executor, and stats", async () => {
    const r = spawnSync(process.execPath, [DEMO, "--no-web", "--dir", dir], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    for (const step of [
      "$ taskplain list",
      "$ taskplain next --parallelize 3",
      "$ taskplain stats --by model,ambiguity",
    ]) {
      expect(r.stdout).toContain(step);
    }
    const exec = /\$ taskplain exec (\S+) --tool (\S+) --model (\S+) --pickup/.exec(r.stdout);
    expect(exec, r.stdout).not.toBeNull();
    const [, id, tool, model] = exec!;
    expect(r.stdout).toContain(`$ taskplain show ${id}`);
    const task = await runJson<{
      state: string;
      execution: { attempts: { status: string; executor: { tool: string; model: string } }[] };
    }>(["show", id!], { cwd: dir });
    expect(task.state).toBe("done");
    expect(task.execution.attempts.map((a) => [a.status, a.executor.tool, a.executor.model])).toEqual([
      ["completed", tool, model],
    ]);
  });
});
