import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, fixtureRepo, read, run, runBinary, runJson, tempDir } from "../helpers.js";

// The writers under test are real processes (runBinary); setting up and reading the result
// back run in-process.

describe("concurrent writers", () => {
  it("20 concurrent updates of different fields on one task all land", async () => {
    const dir = fixtureRepo();
    await runJson(["new", "--title", "Shared", "--id", "shared"], { cwd: dir });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runBinary(["update", "shared", "--meta", `x-field-${i}=value-${i}`], { cwd: dir }),
      ),
    );
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const task = await runJson<Record<string, unknown>>(["show", "shared"], { cwd: dir });
    for (let i = 0; i < 20; i++) expect(task[`x-field-${i}`]).toBe(`value-${i}`);
  }, 120_000);

  it("20 concurrent new under one parent all appear in its children", async () => {
    const dir = fixtureRepo();
    await runJson(["new", "--title", "Parent story", "--kind", "story", "--id", "parent"], { cwd: dir });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runBinary(["new", "--title", `Child ${i}`, "--parent", "parent"], { cwd: dir }),
      ),
    );
    expect(results.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const parent = await runJson<{ children: { id: string }[] }>(["show", "parent"], { cwd: dir });
    expect(parent.children.map((c) => c.id).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `child-${i}`).sort(),
    );
    expect((await runJson<{ errors: unknown[] }>(["validate"], { cwd: dir })).errors).toEqual([]);
  }, 120_000);

  it("a writer killed mid-write leaves the old or the new file, never a torn one", async () => {
    const dir = fixtureRepo();
    await runJson(["new", "--title", "Big", "--id", "big"], { cwd: dir });
    const scratch = tempDir();
    const bodies = ["A", "B"].map((letter) => {
      const file = path.join(scratch, `${letter}.md`);
      writeFileSync(file, `${`${letter.repeat(99)}\n`.repeat(40_000)}`);
      return file;
    });
    for (let round = 0; round < 12; round++) {
      const body = bodies[round % 2]!;
      const child = spawn(process.execPath, [CLI, "update", "big", "--field", "body", `@${body}`], {
        cwd: dir,
        stdio: "ignore",
        env: { ...process.env, TASKPLAIN_ROOT: "" },
      });
      // listened for at once: a writer that finishes before the kill has closed already
      const closed = new Promise((r) => child.on("close", r));
      await new Promise((r) => setTimeout(r, 40 + ((round * 37) % 200)));
      child.kill("SIGKILL");
      await closed;
      const text = read(dir, "tasks/00-idea/task-big.md");
      expect(text.endsWith("\n")).toBe(true);
      const shown = await run(["show", "big", "--output", "json"], { cwd: dir });
      expect(shown.code).toBe(0);
      const lines = (JSON.parse(shown.stdout).body as string).split("\n").filter(Boolean);
      const whole = (letter: string) =>
        lines.length === 40_000 && lines.every((l) => l === letter.repeat(99));
      // the template (never written yet), all of A, or all of B — nothing in between
      expect(lines[0] === "## Overview" || whole("A") || whole("B")).toBe(true);
    }
    // the lock a killed writer left behind expires; the next write succeeds
    const after = await runBinary(["update", "big", "--meta", "priority=high"], {
      cwd: dir,
      env: { TASKPLAIN_LOCK_TIMEOUT_MS: "30000" },
    });
    expect(after.code).toBe(0);
  }, 180_000);

  it("a held lock makes another writer fail with exit 4 after the timeout", async () => {
    const dir = fixtureRepo(undefined, { git: true });
    await runJson(["new", "--title", "Locked", "--id", "locked"], { cwd: dir });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(path.join(dir, ".git", "taskplain.lock"), { recursive: true });
    const r = await runBinary(["update", "locked", "--meta", "priority=high"], {
      cwd: dir,
      env: { TASKPLAIN_LOCK_TIMEOUT_MS: "700" },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("taskplain.lock");
  });
});
