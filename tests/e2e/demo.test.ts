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

  it("--no-web runs list, next, a recorded exec attempt and stats, and exits 0", async () => {
    const r = spawnSync(process.execPath, [DEMO, "--no-web", "--dir", dir], {
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    for (const step of [
      "$ taskplain list",
      "$ taskplain next --parallelize 3",
      "$ taskplain exec payment-error-copy",
      "$ taskplain stats --by model,ambiguity",
    ]) {
      expect(r.stdout).toContain(step);
    }
    const task = await runJson<{ state: string; execution: { attempts: { status: string }[] } }>(
      ["show", "payment-error-copy"],
      { cwd: dir },
    );
    expect(task.state).toBe("done");
    expect(task.execution.attempts.map((a) => a.status)).toEqual(["completed"]);
  });
});
