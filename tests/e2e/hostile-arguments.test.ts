// Hostile arguments (quality.md "Bad input gets a clear answer", Security): ids, titles,
// keys and values with traversal, absolute paths, shell metacharacters, control
// characters, 10,000 characters and Unicode go to every command that takes them.
// Nothing may be written outside tasks/, and every answer is a clear message with a
// documented exit code. In-process for the many combinations; the binary for a few.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type RunResult, run, runBinary, runBinaryJson, tempDir } from "../helpers.js";

const marker = `taskplain-hostile-${process.pid}`;
const HOSTILE = [
  "../../etc/passwd",
  "../outside/escaped",
  "/tmp/absolute-path",
  path.join(os.tmpdir(), marker),
  "a/b",
  "..",
  ".",
  `$(touch ${marker})`,
  `\`touch ${marker}\``,
  `x; touch ${marker}`,
  "a && b | c > d",
  "--meta",
  "-x",
  "line\nbreak",
  "carriage\rreturn",
  "escape \u001b[31mred\u001b[0m",
  "bell\u0007",
  "nul\u0000byte",
  "rtl \u202egnp.exe",
  "x".repeat(10_000),
  "ünïcödé",
  "タスクの名前",
  "emoji 🚀🔥",
  "Ω≈ç√∫",
  "%s%n%x",
  "{{template}}",
  "' OR 1=1 --",
  "",
  " ",
];

let base = "";
let cwd = "";

/** Every path under `dir` (files and folders), relative to it. */
function walk(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const rel = path.join(prefix, name);
    out.push(rel);
    if (statSync(path.join(dir, name)).isDirectory()) out.push(...walk(path.join(dir, name), rel));
  }
  return out;
}

/** Everything under the sandbox that is not under repo/tasks/ (git's own files aside). */
const outsideTasks = () =>
  walk(base).filter((p) => !p.startsWith(path.join("repo", "tasks")) && !p.includes(`${path.sep}.git`));

const tally = { commands: 0, values: HOSTILE.length, refused: 0, accepted: 0 };

function expectClear(r: RunResult, what: string): void {
  tally.commands += 1;
  if (r.code === 0) tally.accepted += 1;
  else tally.refused += 1;
  const all = `${r.stdout}${r.stderr}`;
  expect([0, 1, 2, 3, 5, 6], `${what}: exit ${r.code}`).toContain(r.code);
  expect(all, what).not.toMatch(/unexpected failure|internal_error/);
  expect(all, what).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  // no raw control characters reach the terminal (newlines and tabs aside)
  expect(r.stderr, what).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  if (r.code !== 0) {
    expect(r.stderr.trim().length, `${what}: says why`).toBeGreaterThan(0);
    expect(r.stderr.length, `${what}: a short message`).toBeLessThan(2_000);
  }
}

beforeAll(() => {
  base = tempDir("taskplain-hostile-");
  cwd = path.join(base, "repo");
  mkdirSync(path.join(base, "outside"), { recursive: true });
  writeFileSync(path.join(base, "outside", "keep.txt"), "untouched\n");
  for (const f of ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"])
    mkdirSync(path.join(cwd, "tasks", f), { recursive: true });
});

describe("hostile arguments", () => {
  it("reach no path outside tasks/ and get clear answers from every command", async () => {
    const before = outsideTasks();
    expect(
      (await run(["new", "--title", "Anchor task", "--id", "anchor", "--state", "ready"], { cwd })).code,
    ).toBe(0);
    const commands = (v: string): [string[], string?][] => [
      [["show", v]],
      [["update", v, "--meta", "priority=high"]],
      [["move", v, "ready"]],
      [["pickup", v]],
      [["complete", v]],
      [["delete", v]],
      [["tree", v]],
      [["validate", v]],
      [["new", "--title", v]],
      [["new", "--title", "Safe", "--id", v]],
      [["new", "--title", "Safe", "--parent", v]],
      [["new", "--title", "Safe", "--meta", `labels=${v}`, "--dry-run"]],
      [["update", "anchor", "--meta", `${v}=x`, "--dry-run"]],
      [["update", "anchor", "--meta", `labels=${v}`, "--dry-run"]],
      [["update", "anchor", "--meta", `depends_on=${v}`]],
      [["update", "anchor", "--meta", `touches=${v}`, "--dry-run"]],
      [["update", "anchor", "--field", v, "text"]],
      [["update", "anchor", "--field", "overview", v, "--dry-run"]],
      [["metadata", "set", "anchor", "--dry-run"], JSON.stringify({ [v || "empty"]: v })],
      [
        [
          "attempt",
          "add",
          "anchor",
          "--tool",
          v,
          "--status",
          "failed",
          "--duration",
          "1",
          "--error",
          v,
          "--dry-run",
        ],
      ],
      [["list", "--search", v]],
      [["list", "--label", v]],
      [["next", "--label", v]],
      [["--root", v, "list"]],
    ];
    for (const v of HOSTILE) {
      for (const [args, input] of commands(v)) {
        const r = await run(args, { cwd, input: input });
        expectClear(r, `${args.map((a) => JSON.stringify(a.slice(0, 40))).join(" ")}`);
      }
    }
    expect(outsideTasks()).toEqual(before);
    expect(existsSync(path.join(os.tmpdir(), marker))).toBe(false);
    expect(existsSync(path.join(cwd, marker))).toBe(false);
    // every file written is a task file inside a state folder, named by the rules
    for (const rel of walk(path.join(cwd, "tasks"))) {
      if (statSync(path.join(cwd, "tasks", rel)).isDirectory()) continue;
      expect(rel).toMatch(
        /^\d\d-[a-z-]+\/(?:\d{4}-\d\d-\d\d )?(?:task|story|epic)-[a-z0-9]+(?:-[a-z0-9]+)*\.md$/,
      );
    }
    const report = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    expect(report.errors.filter((e: { code: string }) => e.code === "parse_error")).toEqual([]);
    console.log(`hostile arguments: ${JSON.stringify(tally)}`);
  }, 120_000);

  it("the built binary takes shell metacharacters as plain text", async () => {
    const r = await runBinaryJson<{ id: string; title: string; path: string }>(
      ["new", "--title", `$(touch ${marker}); rm -rf ~ && \`id\``],
      { cwd },
    );
    expect(r.path.startsWith("tasks/00-idea/task-")).toBe(true);
    expect(r.title).toContain("$(touch");
    const traversal = await runBinary(["show", "../../etc/passwd"], { cwd });
    expect(traversal.code).toBe(5);
    expect(traversal.stderr).toContain("is not a task id");
    const long = await runBinary(["new", "--title", "t", "--id", "y".repeat(10_000)], { cwd });
    expect(long.code).toBe(5);
    expect(long.stderr.length).toBeLessThan(500);
    expect(existsSync(path.join(cwd, marker))).toBe(false);
  }, 60_000);
});
