import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { run, runJson, snapshot } from "../helpers.js";
import { t0, tempRepos } from "./setup.js";

const repo = tempRepos();
const FOLDERS = ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"];

describe("init", () => {
  it("creates the five state folders with .gitkeep in an empty folder, then reports it is set up", async () => {
    const dir = repo();
    rmSync(path.join(dir, "tasks"), { recursive: true }); // start from a folder without tasks/
    const out = await runJson<{
      created: string[];
      sample: unknown[];
      changes: { op: string; path: string }[];
    }>(["init"], { cwd: dir, clock: t0 });
    expect(out.created).toEqual(FOLDERS.map((f) => `tasks/${f}/.gitkeep`));
    expect(out.sample).toEqual([]);
    for (const f of FOLDERS) expect(existsSync(path.join(dir, "tasks", f, ".gitkeep"))).toBe(true);
    const again = await run(["init"], { cwd: dir, clock: t0 });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already set up/);
  });

  it("from a subfolder of a git repository, creates tasks/ at its top and says where", async () => {
    const dir = repo();
    rmSync(path.join(dir, "tasks"), { recursive: true });
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const sub = path.join(dir, "src", "deep");
    mkdirSync(sub, { recursive: true });
    const out = await run(["init"], { cwd: sub, clock: t0 });
    expect(out.code).toBe(0);
    const top = execFileSync("git", ["rev-parse", "--show-toplevel"], { cwd: dir, encoding: "utf8" }).trim();
    expect(out.stdout.split("\n")[0]).toBe(`in ${top}:`);
    expect(out.stdout).toContain("created tasks/00-idea/.gitkeep");
    expect(existsSync(path.join(dir, "tasks", "00-idea", ".gitkeep"))).toBe(true);
    // from the root itself, no such line
    rmSync(path.join(dir, "tasks"), { recursive: true });
    expect((await run(["init"], { cwd: top, clock: t0 })).stdout.split("\n")[0]).toBe(
      "created tasks/00-idea/.gitkeep",
    );
  });

  it("--dry-run lists the folders it would create and writes nothing", async () => {
    const dir = repo();
    const before = snapshot(dir);
    const out = await runJson<{ dry_run: boolean; changes: { op: string; path: string }[] }>(
      ["init", "--dry-run"],
      { cwd: dir, clock: t0 },
    );
    expect(out.dry_run).toBe(true);
    expect(out.changes.map((c) => c.path)).toContain("tasks/00-idea/.gitkeep");
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(path.join(dir, "tasks/00-idea/.gitkeep"))).toBe(false);
  });

  it("--sample seeds an epic with stories and tasks, ready work with touches, done work with telemetry", async () => {
    const dir = repo();
    const out = await runJson<{ sample: string[] }>(["init", "--sample"], { cwd: dir, clock: t0 });
    expect(out.sample.length).toBeGreaterThan(3);
    for (const p of out.sample) expect(existsSync(path.join(dir, p))).toBe(true);
    const listed = await runJson<{ kind: string; state: string; touches?: string[]; execution?: unknown }[]>(
      ["list"],
      { cwd: dir, clock: t0 },
    );
    expect(listed).toHaveLength(out.sample.length);
    expect(new Set(listed.map((t) => t.kind))).toEqual(new Set(["epic", "story", "task"]));
    expect(listed.some((t) => t.state === "ready" && (t.touches ?? []).length > 0)).toBe(true);
    expect(listed.some((t) => t.state === "done" && t.execution)).toBe(true);
    // again: refused (the repository has tasks now); with --force only free ids, none left
    const refused = await run(["init", "--sample"], { cwd: dir, clock: t0 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    const again = await runJson<{ sample: string[]; changes: unknown[] }>(["init", "--sample", "--force"], {
      cwd: dir,
      clock: t0,
    });
    expect(again.sample).toEqual([]);
    expect(again.changes).toEqual([]);
  });
});
