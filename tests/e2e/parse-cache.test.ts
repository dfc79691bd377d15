// The parse cache (.git/taskplain-cache) and the view cache beside it
// (.git/taskplain-views): read-only commands give exactly what they give without them,
// notice every change to a file, and survive a bad cache.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  FIXTURES,
  fixtureRepo,
  type RunOptions,
  runBinary,
  run as runInProcess,
  taskText,
  writeTask,
} from "../helpers.js";

// Time is injected, never waited for: before settle() the clock is the real one (files just
// written are inside the cache's 2-second racy window); settle() stops it 2 s after every
// file written so far, so those look settled while files written afterwards still look new.
let frozen: number | undefined;
const clock = { now: () => frozen ?? Date.now() };
const run = (args: string[], options: RunOptions) => runInProcess(args, { ...options, clock });
function settle(): void {
  const t = Date.now();
  // Step past the file system's timestamp granularity (the kernel stamps files from a
  // coarse clock, a few ms behind Date.now()), so files written from now on are newer than t.
  while (Date.now() <= t + 20) {
    // a 20 ms spin, not a wait for anything
  }
  frozen = t + 2001;
}

const NO_CACHE = { TASKPLAIN_CACHE: "0" };
const READS: string[][] = [
  ["list"],
  ["list", "--state", "ready"],
  ["list", "--search", "telemetry"],
  ["validate"],
  ["stats"],
  ["stats", "--by", "model,ambiguity"],
  ["next", "--parallelize", "3"],
  ["recommend", "--ambiguity", "high"],
  ["tree"],
];

async function outputs(dir: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  for (const args of READS) {
    const r = await run([...args, "--output", "json"], { cwd: dir, env });
    out.push(`${args.join(" ")} → ${r.code}\n${r.stdout}${r.stderr}`);
  }
  return out;
}

const cacheFile = (dir: string) => path.join(dir, ".git", "taskplain-cache");
const viewsFile = (dir: string) => path.join(dir, ".git", "taskplain-views");

/** A git repository with the sample, old-tool files, an invalid task and an unparsable file. */
async function mixedRepo(): Promise<string> {
  const dir = fixtureRepo(undefined, { git: true });
  expect((await run(["init", "--sample"], { cwd: dir })).code).toBe(0);
  cpSync(path.join(FIXTURES, "compat", "tasks"), path.join(dir, "tasks"), { recursive: true });
  writeTask(
    dir,
    "tasks/10-ready/task-bad-priority.md",
    taskText({
      id: "bad-priority",
      title: "Bad priority",
      kind: "task",
      state: "ready",
      priority: "whenever",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
    }),
  );
  writeTask(dir, "tasks/00-idea/task-broken.md", "---\nid: broken\ntitle: [unclosed\n---\n");
  // beyond ASCII: the cache files store it escaped (parse cache) or as UTF-8 bytes (views)
  writeTask(
    dir,
    "tasks/00-idea/task-cafe-unicode.md",
    taskText({
      id: "cafe-unicode",
      title: "Café ✓ — 🚀 naïve",
      kind: "task",
      state: "idea",
      labels: ["über"],
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
    }),
  );
  return dir;
}

describe("parse cache", () => {
  let dir: string;
  let uncached: string[];
  beforeAll(async () => {
    dir = await mixedRepo();
    settle(); // files changed in the last 2 s are never stored
    uncached = await outputs(dir, NO_CACHE);
  }, 60_000);

  it("gives the same answers as reading every file, cold and warm, and lives in .git only", async () => {
    expect(existsSync(cacheFile(dir))).toBe(false);
    expect(await outputs(dir)).toEqual(uncached); // fills the cache
    expect(existsSync(cacheFile(dir))).toBe(true);
    expect(existsSync(viewsFile(dir))).toBe(true);
    expect(await outputs(dir)).toEqual(uncached); // answers from it
    expect(uncached.join("\n")).toContain("bad-priority");
    expect(uncached.join("\n")).toContain("task-broken.md");
    expect(uncached.join("\n")).toContain("Café ✓ — 🚀 naïve");
    // the parse cache is ASCII only (it is read as Latin-1); the views keep UTF-8 as printed
    expect(readFileSync(cacheFile(dir)).every((byte) => byte < 0x80)).toBe(true);
    expect(readFileSync(viewsFile(dir), "utf8")).toContain("Café ✓ — 🚀 naïve");
    const status = execFileSync("git", ["status", "--porcelain", "--ignored"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(status).not.toContain("cache");
  });

  it("sees a hand edit that keeps the size and puts the old mtime back", async () => {
    await outputs(dir);
    const file = path.join(dir, "tasks/10-ready/task-plain-ready.md");
    const before = statSync(file);
    const text = readFileSync(file, "utf8");
    const edited = text.replace(/^title: (.)/m, (_m, c: string) => `title: ${c === "Z" ? "Y" : "Z"}`);
    expect(edited.length).toBe(text.length);
    writeFileSync(file, edited);
    utimesSync(file, before.atime, before.mtime);
    const r = await run(["list", "--output", "json"], { cwd: dir });
    const fresh = await run(["list", "--output", "json"], { cwd: dir, env: NO_CACHE });
    expect(r.stdout).toBe(fresh.stdout);
    const task = (JSON.parse(r.stdout) as { id: string; title: string }[]).find(
      (t) => t.id === "plain-ready",
    );
    expect(task?.title.startsWith(edited.match(/^title: (.)/m)![1]!)).toBe(true);
  });

  it("sees files that appear, disappear and get repaired", async () => {
    await outputs(dir);
    writeTask(
      dir,
      "tasks/10-ready/task-brand-new.md",
      taskText({
        id: "brand-new",
        title: "Brand new",
        kind: "task",
        state: "ready",
        priority: "high",
        created_at: "2026-01-01T00:00:00.000Z",
        updated_at: "2026-01-01T00:00:00.000Z",
      }),
    );
    rmSync(path.join(dir, "tasks/10-ready/task-bad-priority.md"));
    writeTask(dir, "tasks/00-idea/task-broken.md", "---\nid: broken\ntitle: Mended\n---\n");
    const ids = async (env = {}) =>
      (
        JSON.parse((await run(["list", "--output", "json"], { cwd: dir, env })).stdout) as { id: string }[]
      ).map((t) => t.id);
    const listed = await ids();
    expect(listed).toContain("brand-new");
    expect(listed).toContain("broken");
    expect(listed).not.toContain("bad-priority");
    expect(listed).toEqual(await ids(NO_CACHE));
  });

  it("rebuilds a corrupt or foreign cache instead of failing", async () => {
    const expected = await outputs(dir, NO_CACHE);
    writeFileSync(cacheFile(dir), "{ not json");
    writeFileSync(viewsFile(dir), "garbage\n");
    expect(await outputs(dir)).toEqual(expected);
    const [header, ...lines] = readFileSync(cacheFile(dir), "utf8").trimEnd().split("\n");
    expect(JSON.parse(header!)).toMatchObject({ format: 2, root: dir });
    for (const line of lines) expect(line.split("\t")).toHaveLength(11); // path, key (4), version, flags, id, state, priority, entry
    expect(JSON.parse(readFileSync(viewsFile(dir), "utf8").split("\n")[0]!)).toMatchObject({ format: 1 });
    writeFileSync(cacheFile(dir), JSON.stringify({ format: 1, build: "another", root: dir, files: {} }));
    expect(await outputs(dir)).toEqual(expected);
    // a torn view cache (a texts' length that runs past the end, an entry for another
    // version of a file) is read up to the tear; what is missing or stale is rendered again
    const views = readFileSync(viewsFile(dir), "utf8");
    writeFileSync(viewsFile(dir), views.slice(0, Math.floor(views.length / 2)));
    expect(await outputs(dir)).toEqual(expected);
    writeFileSync(viewsFile(dir), views.replace(/\t[0-9a-f]{12}\t/g, "\t000000000000\t"));
    expect(await outputs(dir)).toEqual(expected);
    // a line cut off in the parse cache, and an entry whose JSON is corrupt
    const cache = readFileSync(cacheFile(dir), "utf8");
    writeFileSync(cacheFile(dir), cache.slice(0, Math.floor(cache.length * 0.6)));
    expect(await outputs(dir)).toEqual(expected);
    writeFileSync(cacheFile(dir), cache.replace(/\t\{"version"/g, '\t{"versio'));
    expect(await outputs(dir)).toEqual(expected);
    rmSync(cacheFile(dir));
    // a writer killed mid-write leaves a temp file; the next write sweeps old ones away
    const leftover = `${cacheFile(dir)}.4242.abc.tmp`;
    writeFileSync(leftover, "{ half");
    utimesSync(leftover, new Date(Date.now() - 600_000), new Date(Date.now() - 600_000));
    expect(await outputs(dir)).toEqual(expected);
    expect(existsSync(leftover)).toBe(false);
  });

  it("does not store files changed in the last two seconds", async () => {
    await outputs(dir);
    const file = "tasks/10-ready/task-plain-ready.md";
    const text = readFileSync(path.join(dir, file), "utf8").replace("title: ", "title: Racy ");
    writeFileSync(path.join(dir, file), text);
    // another file's change makes the next read rewrite the cache
    const other = path.join(dir, "tasks/10-ready/task-dark-mode.md");
    writeFileSync(other, readFileSync(other, "utf8").replace("title: ", "title: Settled "));
    settle();
    writeFileSync(path.join(dir, file), text.replace("title: Racy ", "title: Ready"));
    await run(["list"], { cwd: dir });
    const stored = readFileSync(cacheFile(dir), "utf8");
    expect(stored).toContain("Settled"); // rewritten by that read...
    expect(stored).not.toContain("Ready"); // ...without the file changed just before it
  });

  it("stays right while readers and writers run at once (real processes)", async () => {
    settle();
    const ids = ["orders-api", "orders-page", "dark-mode", "upgrade-node", "flaky-login-test"];
    const runs: Promise<unknown>[] = [];
    for (const [i, id] of ids.entries()) {
      runs.push(runBinary(["update", id, "--meta", `labels=concurrent-${i}`], { cwd: dir }));
      runs.push(runBinary(["list", "--output", "json"], { cwd: dir }), runBinary(["validate"], { cwd: dir }));
    }
    await Promise.all(runs);
    settle(); // let the last writes age so the next read may store them
    expect(await outputs(dir)).toEqual(await outputs(dir, NO_CACHE));
    expect(await outputs(dir)).toEqual(await outputs(dir, NO_CACHE));
    const listed = JSON.parse((await run(["list", "--output", "json"], { cwd: dir })).stdout) as {
      id: string;
      labels?: string[];
    }[];
    for (const [i, id] of ids.entries()) {
      expect(listed.find((t) => t.id === id)?.labels).toEqual([`concurrent-${i}`]);
    }
  }, 60_000);

  it("show finds the parent after children lists change, by command or by hand", async () => {
    const repo = await mixedRepo();
    settle();
    await outputs(repo); // fills the cache and the parent index
    const parentOf = async (id: string, env: Record<string, string> = {}) => {
      const r = await run(["show", id, "--output", "json"], { cwd: repo, env });
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { parent: { id: string } | null }).parent?.id ?? null;
    };
    expect(await parentOf("orders-api")).toBe("order-history");
    expect((await run(["adopt", "payment-form", "orders-api"], { cwd: repo })).code).toBe(0);
    expect(await parentOf("orders-api")).toBe("payment-form");
    // by hand: drop it from payment-form's children without telling taskplain
    const story = path.join(repo, "tasks/20-in-progress/story-payment-form.md");
    writeFileSync(story, readFileSync(story, "utf8").replace(/\n {2}- orders-api/, ""));
    expect(await parentOf("orders-api")).toBe(null);
    expect(await parentOf("orders-api", NO_CACHE)).toBe(null);
    expect(await parentOf("card-validation")).toBe(await parentOf("card-validation", NO_CACHE));
  }, 60_000);

  it("is not used outside a git repository", async () => {
    const plain = fixtureRepo("compat");
    expect((await run(["list"], { cwd: plain })).code).toBe(0);
    expect(existsSync(path.join(plain, ".git"))).toBe(false);
  });
});
