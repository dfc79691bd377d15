// The result cache (src/storage/result-cache.ts): answers are keyed by the operation,
// its inputs and every file's path and version; the file keeps the newest answers only,
// and a torn or foreign file is read up to where it stops making sense.
import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  MAX_ALIASES,
  MAX_ANSWERS,
  RESULTS_FILE_NAME,
  type RepositoryState,
  ResultCache,
  resultKey,
} from "../../src/storage/result-cache.js";
import { fixtureRepo } from "../helpers.js";

const state = (files: [string, string][], broken: [string, string, string][] = []): RepositoryState => ({
  records: files.map(([relPath, version]) => ({ ref: { relPath }, version })),
  broken: broken.map(([relPath, version, message]) => ({ ref: { relPath }, version, message })),
});

function gitRepo(): string {
  const dir = fixtureRepo();
  execFileSync("git", ["init", "-q"], { cwd: dir });
  return dir;
}

describe("resultKey", () => {
  const base = state([
    ["tasks/10-ready/task-a.md", "aaaaaaaaaaaa"],
    ["tasks/30-done/task-b.md", "bbbbbbbbbbbb"],
  ]);
  const key = resultKey("validate", { strict: false }, base);

  it("is 40 hex digits and the same for the same question", () => {
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(resultKey("validate", { strict: false }, base)).toBe(key);
  });

  it("changes with the operation, its inputs, any version, any path, and broken files", () => {
    const others = [
      resultKey("stats", { strict: false }, base),
      resultKey("validate", { strict: true }, base),
      resultKey("validate", { strict: false }, state([["tasks/10-ready/task-a.md", "aaaaaaaaaaaa"]])),
      resultKey(
        "validate",
        { strict: false },
        state([
          ["tasks/10-ready/task-a.md", "aaaaaaaaaaab"],
          ["tasks/30-done/task-b.md", "bbbbbbbbbbbb"],
        ]),
      ),
      resultKey(
        "validate",
        { strict: false },
        state([
          ["tasks/20-in-progress/task-a.md", "aaaaaaaaaaaa"],
          ["tasks/30-done/task-b.md", "bbbbbbbbbbbb"],
        ]),
      ),
      resultKey(
        "validate",
        { strict: false },
        state(
          [
            ["tasks/10-ready/task-a.md", "aaaaaaaaaaaa"],
            ["tasks/30-done/task-b.md", "bbbbbbbbbbbb"],
          ],
          [["tasks/00-idea/task-c.md", "", "could not read: EACCES"]],
        ),
      ),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
  });
});

describe("ResultCache", () => {
  it("keeps answers across opens, the newest MAX_ANSWERS only", () => {
    const root = gitRepo();
    const cache = ResultCache.open(root, {})!;
    expect(cache).not.toBeNull();
    const keys = Array.from({ length: MAX_ANSWERS + 2 }, (_, i) => resultKey("op", { i }, state([])));
    for (const [i, k] of keys.entries()) expect(cache.put(k, { i, text: "é ✓" })).toBe(true);
    cache.save();
    const again = ResultCache.open(root, {})!;
    expect(again.get(keys.at(-1)!)).toEqual({ i: MAX_ANSWERS + 1, text: "é ✓" });
    expect(again.get(keys[2]!)).toEqual({ i: 2, text: "é ✓" });
    expect(again.get(keys[1]!)).toBeUndefined(); // the two oldest were dropped
    expect(again.get(keys[0]!)).toBeUndefined();
  });

  it("does not keep what JSON would change (NaN, Infinity, undefined in arrays, class instances)", () => {
    const cache = ResultCache.open(gitRepo(), {})!;
    const k = resultKey("op", {}, state([]));
    expect(cache.put(k, { rate: Number.NaN })).toBe(false);
    expect(cache.put(k, { n: Number.POSITIVE_INFINITY })).toBe(false);
    expect(cache.put(k, { list: [1, undefined] })).toBe(false);
    expect(cache.put(k, { at: new Date(0) })).toBe(false);
    expect(cache.get(k)).toBeUndefined();
    // an undefined property is left out by JSON as it is by printing: kept
    expect(cache.put(k, { path: undefined, id: "a" })).toBe(true);
    expect(cache.get(k)).toEqual({ id: "a" });
  });

  it("reads a torn or hand-damaged file up to where it stops making sense, and replaces it", () => {
    const root = gitRepo();
    const cache = ResultCache.open(root, {})!;
    const [k1, k2] = [resultKey("op", 1, state([])), resultKey("op", 2, state([]))];
    cache.put(k1, { n: 1 });
    cache.put(k2, { n: 2 });
    cache.save();
    const file = path.join(root, ".git", RESULTS_FILE_NAME);
    const text = readFileSync(file, "utf8");
    // k2 is first (newest); cut the file inside k1's answer
    writeFileSync(file, text.slice(0, -4));
    const torn = ResultCache.open(root, {})!;
    expect(torn.get(k2)).toEqual({ n: 2 });
    expect(torn.get(k1)).toBeUndefined();
    // an answer that is not JSON any more is dropped, not thrown
    writeFileSync(file, text.replace('{"n":2}', '{"n":X}'));
    const damaged = ResultCache.open(root, {})!;
    expect(damaged.get(k2)).toBeUndefined();
    expect(damaged.get(k1)).toEqual({ n: 1 });
    damaged.save();
    expect(readFileSync(file, "utf8")).not.toContain('{"n":X}');
    // a file from another build or format is ignored
    appendFileSync(file, "garbage");
    writeFileSync(file, `{"format":99}\n${readFileSync(file, "utf8").split("\n").slice(1).join("\n")}`);
    expect(ResultCache.open(root, {})!.get(k1)).toBeUndefined();
  });

  it("finds an answer by an alias across opens, only while the answer is kept", () => {
    const root = gitRepo();
    const cache = ResultCache.open(root, {})!;
    const key = resultKey("op", 1, state([]));
    const alias = "a".repeat(40);
    expect(cache.putAlias(alias, key)).toBe(false); // no answer under key yet
    expect(cache.getByAlias(alias)).toBeUndefined();
    cache.put(key, { n: 1 });
    expect(cache.putAlias(alias, key)).toBe(true);
    expect(cache.putAlias("not hex", key)).toBe(false);
    cache.save();
    const again = ResultCache.open(root, {})!;
    expect(again.getByAlias(alias)).toEqual({ n: 1 });
    expect(again.getByAlias("b".repeat(40))).toBeUndefined();
    // the answer pushed out by newer ones takes its aliases with it
    for (let i = 2; i <= MAX_ANSWERS + 1; i++) again.put(resultKey("op", i, state([])), { n: i });
    again.save();
    const later = ResultCache.open(root, {})!;
    expect(later.getByAlias(alias)).toBeUndefined();
    expect(readFileSync(path.join(root, ".git", RESULTS_FILE_NAME), "utf8")).not.toContain(alias);
  });

  it("keeps the newest MAX_ALIASES aliases", () => {
    const root = gitRepo();
    const cache = ResultCache.open(root, {})!;
    const key = resultKey("op", 1, state([]));
    cache.put(key, { n: 1 });
    const aliases = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => i.toString(16).padStart(40, "0"));
    for (const alias of aliases) expect(cache.putAlias(alias, key)).toBe(true);
    cache.save();
    const again = ResultCache.open(root, {})!;
    expect(again.getByAlias(aliases[0]!)).toBeUndefined(); // the oldest
    for (const alias of aliases.slice(1)) expect(again.getByAlias(alias)).toEqual({ n: 1 });
  });

  it("is off with TASKPLAIN_CACHE=0 and outside git repositories", () => {
    expect(ResultCache.open(gitRepo(), { TASKPLAIN_CACHE: "0" })).toBeNull();
    expect(ResultCache.open(fixtureRepo(), {})).toBeNull();
  });
});
