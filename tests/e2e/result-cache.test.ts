// The result cache (.git/taskplain-answers/): `validate`, `next`, `stats` and `recommend`
// answer an unchanged repository from their stored answers, exactly as computed, and
// compute again as soon as any task file, their own inputs, or the leases change.
import { createHash } from "node:crypto";
import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureRepo, run, writeTask } from "../helpers.js";

const NO_CACHE = { TASKPLAIN_CACHE: "0" };
const QUESTIONS: string[][] = [
  ["validate"],
  ["validate", "--strict"],
  ["next"],
  ["next", "--parallelize", "3"],
  ["next", "--parallelize", "3", "--executor", "simple"],
  ["stats"],
  ["stats", "--by", "model,ambiguity"],
  ["stats", "--state", "done"],
  ["recommend", "--ambiguity", "high"],
  ["recommend", "--ambiguity", "low", "--min-samples", "1"],
  ["list"],
  ["list", "--state", "ready", "--limit", "2"],
  ["list", "--search", "telemetry"],
  ["list", "--search", "TELEMETRY"],
  ["list", "--search", "t.l"],
];

async function answers(dir: string, env: Record<string, string> = {}, output = "json"): Promise<string[]> {
  const out: string[] = [];
  for (const args of QUESTIONS) {
    const r = await run([...args, "--output", output], { cwd: dir, env });
    out.push(`${args.join(" ")} → ${r.code}\n${r.stdout}${r.stderr}`);
  }
  return out;
}

async function sampleRepo(): Promise<string> {
  const dir = fixtureRepo(undefined, { git: true });
  expect((await run(["init", "--sample"], { cwd: dir })).code).toBe(0);
  return dir;
}

const answersDir = (dir: string) => path.join(dir, ".git", "taskplain-answers");

/** The stored answers ([key, JSON text]) and aliases ([alias, key]), by file name. */
function storedFile(dir: string): { answers: [string, string][]; aliases: [string, string][] } {
  const answers: [string, string][] = [];
  const aliases: [string, string][] = [];
  const names = existsSync(answersDir(dir)) ? readdirSync(answersDir(dir)).sort() : [];
  for (const name of names) {
    const [, second, third] = readFileSync(path.join(answersDir(dir), name), "utf8").split("\n");
    if (name.endsWith(".json")) answers.push([name.slice(0, -5), third!]);
    else if (name.endsWith(".alias")) aliases.push([name.slice(0, -6), second!]);
  }
  return { answers, aliases };
}
const storedAnswers = (dir: string) => storedFile(dir).answers;

/** Replaces the stored answers as taskplain writes them: each with the SHA-1 of its text, unless a sum is given; then the aliases. */
function writeAnswers(
  dir: string,
  answers: ([string, string] | [string, string, string])[],
  aliases: [string, string][] = [],
): void {
  const names = readdirSync(answersDir(dir));
  const header = readFileSync(path.join(answersDir(dir), names[0]!), "utf8").split("\n")[0];
  for (const name of names) rmSync(path.join(answersDir(dir), name));
  for (const [k, text, sum] of answers)
    writeFileSync(path.join(answersDir(dir), `${k}.json`), `${header}\n${sum ?? sha1(text)}\n${text}`);
  for (const [alias, key] of aliases)
    writeFileSync(path.join(answersDir(dir), `${alias}.alias`), `${header}\n${key}\n`);
}

// Time is injected for the tests of aliases: settle() stops the clock 2 s after every file
// written so far, so the files look settled (see tests/e2e/parse-cache.test.ts).
let frozen: number | undefined;
const clock = { now: () => frozen ?? Date.now() };
function settle(): void {
  const t = Date.now();
  while (Date.now() <= t + 20) {
    // a 20 ms spin past the file system's coarse timestamps, not a wait for anything
  }
  frozen = t + 2001;
}
/** The sample repository with its files settled; the clock runs free again after each test. */
async function settledSample(): Promise<string> {
  frozen = undefined;
  const dir = await sampleRepo();
  settle();
  return dir;
}
afterEach(() => {
  frozen = undefined;
});
const runAt = (args: string[], dir: string, env: Record<string, string> = {}) =>
  run(args, { cwd: dir, env, clock });

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

describe("result cache", () => {
  it("answers exactly what computing gives, in JSON and for people, and keeps one answer per question", async () => {
    const dir = await sampleRepo();
    const computed = await answers(dir, NO_CACHE);
    expect(existsSync(answersDir(dir))).toBe(false); // TASKPLAIN_CACHE=0 writes nothing
    expect(await answers(dir)).toEqual(computed); // stores them
    expect(storedAnswers(dir)).toHaveLength(QUESTIONS.length);
    expect(await answers(dir)).toEqual(computed); // answers from them
    expect(await answers(dir, {}, "human")).toEqual(await answers(dir, NO_CACHE, "human"));
  });

  it("uses a stored answer only for the repository state it was computed on", async () => {
    const dir = await sampleRepo();
    await run(["validate", "--output", "json"], { cwd: dir });
    // Mark the stored validate answer: while nothing changes, it is what validate prints.
    const stored = storedAnswers(dir);
    expect(stored).toHaveLength(1);
    const marked = JSON.parse(stored[0]![1]);
    marked.v.counts.files = 4242;
    writeAnswers(dir, [[stored[0]![0], JSON.stringify(marked)]], storedFile(dir).aliases);
    const hit = await run(["validate", "--output", "json"], { cwd: dir });
    expect(JSON.parse(hit.stdout).counts.files).toBe(4242);

    // An edit of nothing validate reads (the body's prose) asks the same question: the
    // answer stands, found by the files' projections (services/projected.ts).
    const ready = path.join(dir, "tasks", "10-ready");
    const victim = path.join(ready, "task-dark-mode.md");
    appendFileSync(victim, "\nOne more line.\n");
    const same = await run(["validate", "--output", "json"], { cwd: dir });
    expect(JSON.parse(same.stdout).counts.files).toBe(4242);

    // Any change validate reads is a new question: a value in place, a move, a new file,
    // a removed one, a file that no longer parses.
    const edits: [string, () => void][] = [
      [
        "an edit in place",
        () =>
          writeFileSync(
            victim,
            readFileSync(victim, "utf8").replace("labels:", "depends_on: [nowhere]\nlabels:"),
          ),
      ],
      ["a move", () => renameSync(victim, path.join(dir, "tasks", "00-idea", "task-dark-mode.md"))],
      [
        "a new file",
        () =>
          writeTask(
            dir,
            "tasks/00-idea/task-extra.md",
            "---\nid: extra\ntitle: Extra\nkind: task\nstate: idea\n---\n",
          ),
      ],
      ["a removed file", () => rmSync(path.join(dir, "tasks", "00-idea", "task-extra.md"))],
      ["broken YAML", () => writeTask(dir, "tasks/00-idea/task-broken.md", "---\nid: [broken\n---\n")],
    ];
    for (const [what, edit] of edits) {
      edit();
      const after = await run(["validate", "--output", "json"], { cwd: dir });
      const truth = await run(["validate", "--output", "json"], { cwd: dir, env: NO_CACHE });
      expect(after.stdout, what).toBe(truth.stdout);
      expect(after.code, what).toBe(truth.code);
      expect(JSON.parse(after.stdout).counts.files, what).not.toBe(4242);
    }
  });

  it("next sees a lease taken after it answered, and its release", async () => {
    const dir = await sampleRepo();
    const first = JSON.parse(
      (await run(["next", "--parallelize", "3", "--output", "json"], { cwd: dir })).stdout,
    );
    const top: string = first.tasks[0].id;
    expect((await run(["claim", top], { cwd: dir })).code).toBe(0);
    const leased = await run(["next", "--parallelize", "3", "--output", "json"], { cwd: dir });
    const view = JSON.parse(leased.stdout);
    expect(view.tasks.map((t: { id: string }) => t.id)).not.toContain(top);
    expect(view.skipped).toContainEqual(expect.objectContaining({ id: top, code: "lease" }));
    expect(leased.stdout).toBe(
      (await run(["next", "--parallelize", "3", "--output", "json"], { cwd: dir, env: NO_CACHE })).stdout,
    );
    expect((await run(["release", top], { cwd: dir })).code).toBe(0);
    const released = JSON.parse(
      (await run(["next", "--parallelize", "3", "--output", "json"], { cwd: dir })).stdout,
    );
    expect(released.tasks[0].id).toBe(top);
  });

  it("a damaged results file is replaced, never shown", async () => {
    const dir = await sampleRepo();
    const truth = await answers(dir, NO_CACHE);
    await answers(dir);
    // every answer replaced by JSON of the wrong shape, or edited keeping its length,
    // its sum left as it was: dropped and computed again
    const stored = storedAnswers(dir);
    writeAnswers(
      dir,
      stored.map(([k, text]) => [k, "null", sha1(text)]),
    );
    expect(await answers(dir)).toEqual(truth);
    const bump = (text: string) => text.replace(/\d/, (d) => String((Number(d) + 1) % 10));
    writeAnswers(
      dir,
      storedAnswers(dir).map(([k, text]) => [k, bump(text), sha1(text)]),
    );
    expect(await answers(dir)).toEqual(truth);
    // answers cut short, or not our files at all
    for (const [k] of storedAnswers(dir)) {
      const file = path.join(answersDir(dir), `${k}.json`);
      writeFileSync(file, readFileSync(file, "utf8").slice(0, -10));
    }
    expect(await answers(dir)).toEqual(truth);
    for (const [k] of storedAnswers(dir))
      writeFileSync(path.join(answersDir(dir), `${k}.json`), "not a cache file at all\n");
    expect(await answers(dir)).toEqual(truth);
  });

  it("finds an unchanged repository's answer by the files' stats alone, and never for changed files", async () => {
    const dir = await settledSample();
    const truth = await runAt(["validate", "--output", "json"], dir, NO_CACHE);
    expect((await runAt(["validate", "--output", "json"], dir)).stdout).toBe(truth.stdout);
    const { answers: stored, aliases } = storedFile(dir);
    expect(stored).toHaveLength(1);
    expect(aliases).toEqual([[expect.stringMatching(/^[0-9a-f]{40}$/), stored[0]![0]]]);

    // Marked, the answer is what validate prints; found by stats, it needs neither the
    // parse cache nor the projections (deleted, they are not written again).
    const marked = JSON.parse(stored[0]![1]);
    marked.v.counts.files = 4242;
    writeAnswers(dir, [[stored[0]![0], JSON.stringify(marked)]], aliases);
    const helpers = [
      path.join(dir, ".git", "taskplain-cache"),
      path.join(dir, ".git", "taskplain-projections"),
    ];
    for (const helper of helpers) rmSync(helper, { recursive: true, force: true });
    const hit = await runAt(["validate", "--output", "json"], dir);
    expect(JSON.parse(hit.stdout).counts.files).toBe(4242);
    for (const helper of helpers) expect(existsSync(helper)).toBe(false);

    // New stats, same text (a checkout, a touch): the same answer, under a second alias.
    const ready = path.join(dir, "tasks", "10-ready");
    const victim = path.join(ready, "task-dark-mode.md");
    utimesSync(victim, new Date(), new Date());
    settle();
    expect(JSON.parse((await runAt(["validate", "--output", "json"], dir)).stdout).counts.files).toBe(4242);
    expect(storedFile(dir).aliases.map(([, key]) => key)).toEqual([stored[0]![0], stored[0]![0]]);

    // Changed text, even of the same size and put back to the old mtime: computed again
    // (a value validate reads: an unknown priority is a finding).
    const text = readFileSync(victim, "utf8");
    const before = statSync(victim);
    writeFileSync(victim, text.replace("priority: low", "priority: lox"));
    utimesSync(victim, before.atime, before.mtime);
    expect(statSync(victim).size).toBe(before.size);
    settle();
    const after = await runAt(["validate", "--output", "json"], dir);
    expect(after.stdout).toBe((await runAt(["validate", "--output", "json"], dir, NO_CACHE)).stdout);
    expect(JSON.parse(after.stdout).counts.files).not.toBe(4242);
  });

  it("answers a changed repository like an uncached read, whether or not its files look settled", async () => {
    const dir = await settledSample();
    const questions = async (env: Record<string, string> = {}) => {
      const out: string[] = [];
      for (const args of QUESTIONS) {
        const r = await runAt([...args, "--output", "json"], dir, env);
        out.push(`${args.join(" ")} → ${r.code}\n${r.stdout}${r.stderr}`);
      }
      return out;
    };
    await questions(); // stores answers and their aliases
    const ready = path.join(dir, "tasks", "10-ready");
    const done = path.join(dir, "tasks", "30-done");
    const retouch = (file: string, from: string, to: string) => {
      const text = readFileSync(file, "utf8");
      expect(text).toContain(from);
      writeFileSync(file, text.replace(from, to));
    };
    const edits: [string, () => void][] = [
      ["an edit in place", () => appendFileSync(path.join(ready, "task-dark-mode.md"), "\nMore.\n")],
      // what next, stats and validate read, changed in the same file (same path, new stats)
      [
        "a ranking field",
        () => retouch(path.join(ready, "task-dark-mode.md"), "priority: low", "priority: urgent"),
      ],
      [
        "an attempt's outcome",
        () =>
          retouch(
            path.join(done, "2026-10-01 task-fix-timezone-bug.md"),
            "status: completed",
            "status: failed",
          ),
      ],
      [
        "a dangling dependency",
        () => retouch(path.join(ready, "task-dark-mode.md"), "labels:", "depends_on: [nowhere]\nlabels:"),
      ],
      [
        "a move",
        () =>
          renameSync(
            path.join(ready, "task-dark-mode.md"),
            path.join(dir, "tasks", "00-idea", "task-dark-mode.md"),
          ),
      ],
      ["a removed file", () => rmSync(path.join(dir, "tasks", "00-idea", "task-dark-mode.md"))],
      ["broken YAML", () => writeTask(dir, "tasks/00-idea/task-broken.md", "---\nid: [broken\n---\n")],
    ];
    for (const [what, edit] of edits) {
      edit();
      const racy = await questions(); // the changed file is too new to be trusted by its stats
      settle();
      const settledAnswers = await questions();
      const truth = await questions(NO_CACHE);
      expect(racy, what).toEqual(truth);
      expect(settledAnswers, what).toEqual(truth);
      expect(await questions(), `${what}, again`).toEqual(truth);
    }
  });

  it("lists an unchanged repository from its stored answer even when the task texts are gone", async () => {
    const dir = await settledSample();
    const truth = await runAt(["list", "--output", "json"], dir, NO_CACHE);
    expect((await runAt(["list", "--output", "json"], dir)).stdout).toBe(truth.stdout);
    expect(storedFile(dir).aliases).toHaveLength(1);
    // the texts are read from the task files again, and stored again
    rmSync(path.join(dir, ".git", "taskplain-views"));
    rmSync(path.join(dir, ".git", "taskplain-cache"));
    const again = await runAt(["list", "--output", "json"], dir);
    expect(again.stdout).toBe(truth.stdout);
    expect(existsSync(path.join(dir, ".git", "taskplain-cache"))).toBe(false); // by stats alone
    expect(existsSync(path.join(dir, ".git", "taskplain-views"))).toBe(true);
  });
});
