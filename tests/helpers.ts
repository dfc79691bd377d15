// Test helpers: temp repositories, the built CLI as a child process, file snapshots.
import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "../src/cli/context.js";
import { runCli } from "../src/cli/program.js";
import { type Clock, systemClock } from "../src/storage/workspace.js";

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = path.join(PROJECT, "dist", "cli.js");
export const FIXTURES = path.join(PROJECT, "tests", "fixtures");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  input?: string;
  env?: Record<string, string>;
}

/** The environment every test run starts from: no colour, no inherited root. */
const testEnv = (extra?: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  NO_COLOR: "1",
  FORCE_COLOR: "",
  TASKPLAIN_ROOT: "",
  COLUMNS: "", // a developer's own terminal width must not change what tests see
  ...extra,
});

/** A buffer-backed Io (no terminal): what the command wrote is read back with `output()`. */
export function bufferIo(options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; clock?: Clock }): {
  io: Io;
  output: () => { stdout: string; stderr: string };
} {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    out: (t) => {
      stdout += typeof t === "string" ? t : Buffer.from(t).toString("utf8");
    },
    err: (t) => {
      stderr += t;
    },
    readStdin: async () => options.input ?? "",
    stdoutIsTTY: false,
    env: options.env,
    cwd: options.cwd,
    clock: options.clock ?? systemClock,
  };
  return { io, output: () => ({ stdout, stderr }) };
}

/**
 * Runs a command in-process through runCli with buffer-backed I/O (quality.md: commands
 * tested without a terminal). Same arguments and result as `runBinary`.
 */
export async function run(args: string[], options: RunOptions & { clock?: Clock }): Promise<RunResult> {
  const { io, output } = bufferIo({ ...options, env: testEnv(options.env) });
  const code = await runCli(args, "0.0.0-test", io);
  return { code, ...output() };
}

/** Runs the built CLI as a real process (`npm test` builds it first): for exit codes of the binary, signals, concurrency. */
export function runBinary(args: string[], options: RunOptions): Promise<RunResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: testEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** JSON of a successful run's stdout (fails the test with stderr otherwise). */
export async function runJson<T = unknown>(
  args: string[],
  options: RunOptions & { clock?: Clock },
): Promise<T> {
  const r = await run([...args, "--output", "json"], options);
  if (r.code !== 0) throw new Error(`taskplain ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** JSON of a successful run of the built binary. */
export async function runBinaryJson<T = unknown>(args: string[], options: RunOptions): Promise<T> {
  const r = await runBinary([...args, "--output", "json"], options);
  if (r.code !== 0) throw new Error(`taskplain ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Temp folders made by this test file; tests/setup.ts removes them (and their lock folders) after it. */
export const createdTempDirs: string[] = [];

export function tempDir(prefix = "taskplain-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  createdTempDirs.push(dir);
  return dir;
}

/** A temp repository holding a copy of a fixture folder (or an empty tasks/ tree). */
export function fixtureRepo(name?: string, options: { git?: boolean } = {}): string {
  const dir = tempDir();
  if (name) cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  for (const f of ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"]) {
    mkdirSync(path.join(dir, "tasks", f), { recursive: true });
  }
  if (options.git) {
    const git = (...a: string[]) => execFileSync("git", a, { cwd: dir, stdio: "ignore" });
    git("init", "-q");
    git("add", "-A");
    git(
      "-c",
      "user.name=test",
      "-c",
      "user.email=test@example.invalid",
      "commit",
      "-q",
      "-m",
      "fixture",
      "--allow-empty",
    );
  }
  return dir;
}

export function writeTask(root: string, rel: string, text: string): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

export const read = (root: string, rel: string): string => readFileSync(path.join(root, rel), "utf8");

/** Every file under tasks/ with its bytes, to prove that a command changed nothing. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(root, full)] = readFileSync(full, "utf8");
    }
  };
  if (existsSync(path.join(root, "tasks"))) walk(path.join(root, "tasks"));
  return out;
}

/**
 * Frontmatter of a task for `taskText`: id, title, kind, state, priority, `extra`, both
 * timestamps at 2026-01-01, and for a done task completed_at and a commit message.
 */
export const taskMeta = (
  id: string,
  kind: string,
  state: string,
  extra: Record<string, string | string[]> = {},
): Record<string, string | string[]> => ({
  id,
  title: `Task ${id}`,
  kind,
  state,
  priority: "normal",
  ...extra,
  created_at: T0,
  updated_at: T0,
  ...(state === "done" ? { completed_at: T0, commit_message: `"feat: ${id}  [Task:${id}]"` } : {}),
});
const T0 = "2026-01-01T00:00:00.000Z";

/** A minimal valid task file. */
export function taskText(meta: Record<string, string | string[]>, body?: string): string {
  const lines = ["---"];
  for (const [k, v] of Object.entries(meta)) {
    if (Array.isArray(v)) lines.push(`${k}:`, ...v.map((x) => `  - ${x}`));
    else lines.push(`${k}: ${v}`);
  }
  lines.push("---");
  return `${lines.join("\n")}\n${body ?? "\n## Overview\n\nSomething.\n\n## Acceptance Criteria\n\n- [ ] It works\n\n## Technical Approach\n\n- Do it.\n"}`;
}
