// The result cache (src/storage/result-cache.ts): answers are keyed by the operation,
// its inputs and every file's path and version, one file each in .git/taskplain-answers;
// the newest answers only are kept, and a damaged or foreign file is never trusted.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ANSWERS_DIR_NAME,
  MAX_ALIASES,
  MAX_ANSWERS,
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
  const answersDir = (root: string) => path.join(root, ".git", ANSWERS_DIR_NAME);
  /** Ages every file in the answers folder by its position in `order` (the first is the oldest). */
  function age(root: string, order: string[]): void {
    order.forEach((name, i) => {
      const at = new Date(Date.now() - (order.length - i) * 10_000);
      const file = path.join(answersDir(root), name);
      if (existsSync(file)) utimesSync(file, at, at); // removed ones are gone
    });
  }

  it("keeps answers across opens, one file each, the newest MAX_ANSWERS only", () => {
    const root = gitRepo();
    const keys = Array.from({ length: MAX_ANSWERS + 2 }, (_, i) => resultKey("op", { i }, state([])));
    for (const [i, k] of keys.entries()) {
      const cache = ResultCache.open(root, {})!;
      expect(cache).not.toBeNull();
      expect(cache.put(k, { i, text: "é ✓" })).toBe(true);
      expect(cache.get(k)).toEqual({ i, text: "é ✓" }); // before it is written, too
      cache.save();
      age(
        root,
        keys.slice(0, i + 1).map((key) => `${key}.json`),
      );
    }
    const again = ResultCache.open(root, {})!;
    expect(again.get(keys.at(-1)!)).toEqual({ i: MAX_ANSWERS + 1, text: "é ✓" });
    expect(again.get(keys[2]!)).toEqual({ i: 2, text: "é ✓" });
    expect(again.get(keys[1]!)).toBeUndefined(); // the two oldest were removed
    expect(again.get(keys[0]!)).toBeUndefined();
    expect(readdirSync(answersDir(root))).toHaveLength(MAX_ANSWERS);
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

  it("never trusts a damaged answer or another build's, and removes the old single results file", () => {
    const root = gitRepo();
    const cache = ResultCache.open(root, {})!;
    const [k1, k2, k3] = [1, 2, 3].map((n) => resultKey("op", n, state([])));
    cache.put(k1!, { n: 1 });
    cache.put(k2!, { n: 2 });
    cache.put(k3!, { n: 3 });
    const legacy = path.join(root, ".git", "taskplain-results");
    writeFileSync(legacy, "an old format\n");
    cache.save();
    expect(existsSync(legacy)).toBe(false);
    const file = (k: string) => path.join(answersDir(root), `${k}.json`);
    // an answer edited by hand (its SHA-1 left as it was), or cut short: removed, not shown
    writeFileSync(file(k2!), readFileSync(file(k2!), "utf8").replace('{"n":2}', '{"n":7}'));
    writeFileSync(file(k3!), readFileSync(file(k3!), "utf8").slice(0, -3));
    const damaged = ResultCache.open(root, {})!;
    expect(damaged.get(k2!)).toBeUndefined();
    expect(damaged.get(k3!)).toBeUndefined();
    expect(existsSync(file(k2!))).toBe(false);
    expect(damaged.get(k1!)).toEqual({ n: 1 });
    // a file from another build or format is ignored
    const text = readFileSync(file(k1!), "utf8");
    writeFileSync(file(k1!), `{"format":99}\n${text.split("\n").slice(1).join("\n")}`);
    expect(ResultCache.open(root, {})!.get(k1!)).toBeUndefined();
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
    // the answer removed (as the oldest would be) takes its aliases' answer with it
    const others = Array.from({ length: MAX_ANSWERS - 1 }, (_, i) => resultKey("op", i + 2, state([])));
    for (const k of others) again.put(k, { k });
    again.save();
    expect(ResultCache.open(root, {})!.getByAlias(alias)).toEqual({ n: 1 }); // MAX_ANSWERS kept
    age(root, [`${key}.json`, ...others.map((k) => `${k}.json`)]);
    const third = ResultCache.open(root, {})!;
    third.put(resultKey("op", "last", state([])), {});
    third.save();
    expect(ResultCache.open(root, {})!.getByAlias(alias)).toBeUndefined();
  });

  it("keeps the newest MAX_ALIASES aliases", () => {
    const root = gitRepo();
    const key = resultKey("op", 1, state([]));
    const aliases = Array.from({ length: MAX_ALIASES + 1 }, (_, i) => i.toString(16).padStart(40, "0"));
    const first = ResultCache.open(root, {})!;
    first.put(key, { n: 1 });
    first.putAlias(aliases[0]!, key);
    first.save();
    age(root, [`${aliases[0]}.alias`]);
    const cache = ResultCache.open(root, {})!;
    for (const alias of aliases.slice(1)) expect(cache.putAlias(alias, key)).toBe(true);
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
