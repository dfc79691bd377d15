// The code cache of the built programs (src/cli/code-cache.ts): a command prints exactly
// what it prints without the cache, whatever state the cache folder is in, and the
// folder holds at most one file of ours per build and program (dist/program.cjs, and
// dist/single.cjs for each single-task command).
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, fixtureRepo, type RunResult, runBinary, tempDir } from "../helpers.js";

const COMMANDS: string[][] = [
  ["list", "--output", "json"],
  ["show", "plain-ready"],
  ["show", "no-such-task"], // exit 6, on stderr
];
const CACHE_FILE = new RegExp(
  // build id (16 hex digits), then 8 for the folder the bundle runs from
  `^(program|single-[a-z]+)-[0-9a-f]{24}-${process.version.replaceAll(".", "\\.")}-${process.arch}\\.cache$`,
);

let repo: string;
/** What each command gives without the cache, keyed by its arguments. */
const expected = new Map<string, RunResult>();

const runWith = (args: string[], env: Record<string, string>) => runBinary(args, { cwd: repo, env });
const withDir = (dir: string) => ({ TASKPLAIN_CODE_CACHE_DIR: dir });
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

/** Runs every command with this environment and checks it gives what it gives without a cache. */
async function expectSameOutput(env: Record<string, string>): Promise<void> {
  for (const args of COMMANDS) expect(await runWith(args, env)).toEqual(expected.get(args.join(" ")));
}

beforeAll(async () => {
  repo = fixtureRepo("compat");
  const off = tempDir();
  for (const args of COMMANDS) {
    expected.set(args.join(" "), await runWith(args, { ...withDir(off), TASKPLAIN_CODE_CACHE: "0" }));
  }
  expect(expected.get("list --output json")?.code).toBe(0);
  expect(expected.get("show plain-ready")?.stdout).toContain("plain-ready");
  expect(expected.get("show no-such-task")?.code).toBe(6);
  expect(files(off)).toEqual([]);
});

describe("the code cache", () => {
  it("is written by the first command of each program and reused, unchanged, by the next ones", async () => {
    const dir = path.join(tempDir(), "cache");
    const stamps = () =>
      files(dir)
        .sort()
        .map((name) => {
          const st = statSync(path.join(dir, name));
          return [name, st.size, st.mtimeMs, st.ino] as const;
        });
    // `list` runs dist/program.cjs, `show` the single-task bundle dist/single.cjs
    for (const [args, bundle] of [
      [COMMANDS[0]!, "program"],
      [COMMANDS[1]!, "single-show"],
    ] as const) {
      expect(await runWith(args, withDir(dir))).toEqual(expected.get(args.join(" ")));
      const mine = files(dir).filter((name) => name.startsWith(`${bundle}-`));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatch(CACHE_FILE);
      expect(statSync(path.join(dir, mine[0]!)).size).toBeGreaterThan(0);
    }
    const before = stamps();
    expect(before).toHaveLength(2);

    await expectSameOutput(withDir(dir));
    expect(stamps()).toEqual(before);
  });

  it("replaces a corrupted cache file and still gives the right output and exit code", async () => {
    const dir = tempDir();
    await runWith(COMMANDS[1]!, withDir(dir));
    const [name] = files(dir);
    const garbage = Buffer.from("not a V8 code cache at all ".repeat(100));
    writeFileSync(path.join(dir, name!), garbage);

    expect(await runWith(["show", "no-such-task"], withDir(dir))).toEqual(expected.get("show no-such-task"));
    expect(files(dir)).toEqual([name]);
    const replaced = readFileSync(path.join(dir, name!));
    expect(replaced.equals(garbage)).toBe(false);
    expect(replaced.length).toBeGreaterThan(0);
    await expectSameOutput(withDir(dir));
  });

  it("runs the program when the cache folder cannot be created", async () => {
    const parent = tempDir();
    writeFileSync(path.join(parent, "a-file"), "x");
    await expectSameOutput(withDir(path.join(parent, "a-file", "cache")));
    expect(readdirSync(parent)).toEqual(["a-file"]);
    expect(readFileSync(path.join(parent, "a-file"), "utf8")).toBe("x");
  });

  it("neither reads nor writes a folder that others can write to", async () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    await expectSameOutput(withDir(dir));
    expect(files(dir)).toEqual([]);
  });

  it("is off with TASKPLAIN_CODE_CACHE=0", async () => {
    const dir = tempDir();
    await expectSameOutput({ ...withDir(dir), TASKPLAIN_CODE_CACHE: "0" });
    expect(files(dir)).toEqual([]);
  });

  it("removes other builds' files after a day or beyond the four newest, and nothing else", async () => {
    const dir = tempDir();
    const other = (n: number) =>
      `program-${String(n).repeat(16).slice(0, 16)}-${process.version}-${process.arch}.cache`;
    const dayAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    // a day old: removed; recent: kept (switching between two versions must not thrash)
    writeFileSync(path.join(dir, other(1)), "old");
    utimesSync(path.join(dir, other(1)), dayAgo(25), dayAgo(25));
    for (const n of [2, 3, 4, 5, 6]) {
      writeFileSync(path.join(dir, other(n)), "recent");
      utimesSync(path.join(dir, other(n)), dayAgo(n), dayAgo(n)); // 6 is the oldest of them
    }
    const staleTemp = `program-fedcba9876543210-v20.0.0-x64.cache.123-abc.tmp`;
    writeFileSync(path.join(dir, staleTemp), "old");
    writeFileSync(path.join(dir, "notes.txt"), "mine");
    mkdirSync(path.join(dir, "program-0123456789abcdef-v20.0.0-x64.cache.d"));

    expect(await runWith(COMMANDS[1]!, withDir(dir))).toEqual(expected.get(COMMANDS[1]!.join(" ")));
    const names = files(dir).sort();
    // the fakes are named by repeated digits; this build's own file by its id (any hex)
    const fakes = new Set([1, 2, 3, 4, 5, 6].map(other));
    expect(names.filter((n) => CACHE_FILE.test(n) && !fakes.has(n))).toHaveLength(1);
    expect(names.filter((n) => !CACHE_FILE.test(n) && !fakes.has(n))).toEqual([
      "notes.txt",
      "program-0123456789abcdef-v20.0.0-x64.cache.d",
    ]);
    expect(names.filter((n) => fakes.has(n))).toEqual([2, 3, 4, 5].map(other));
  });

  it("keeps two checkouts of one build apart (compiled code names its file in stack traces)", async () => {
    const dir = path.join(tempDir(), "cache");
    const copy = path.join(tempDir(), "dist");
    cpSync(path.dirname(CLI), copy, { recursive: true });
    const env = { ...process.env, ...withDir(dir), NO_COLOR: "1", TASKPLAIN_ROOT: "" };
    for (const cli of [CLI, path.join(copy, "cli.js")]) {
      const out = execFileSync(process.execPath, [cli, "list", "--output", "json"], { cwd: repo, env });
      expect(out.toString("utf8")).toBe(expected.get("list --output json")?.stdout);
    }
    const programs = files(dir).filter((name) => name.startsWith("program-"));
    expect(programs).toHaveLength(2);
    for (const name of programs) expect(name).toMatch(CACHE_FILE);
  });

  it("never hangs on a cache folder that cannot be made (under /proc)", async () => {
    const r = await runWith(COMMANDS[1]!, withDir("/proc/taskplain-nope/cache"));
    expect(r).toEqual(expected.get(COMMANDS[1]!.join(" ")));
  });

  it("is not touched by --version and --help", async () => {
    const dir = tempDir();
    expect((await runWith(["--version"], withDir(dir))).code).toBe(0);
    expect((await runWith(["--help"], withDir(dir))).code).toBe(0);
    expect(files(dir)).toEqual([]);
  });
});
