// The projection tables (src/storage/projection-table.ts): one file per projection in
// .git/taskplain-projections, each row found only under the stat key it was stored with;
// a damaged, foreign or hand-edited table is never trusted, and rows of gone files go.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECTIONS_DIR_NAME, ProjectionTable } from "../../src/storage/projection-table.js";
import { fixtureRepo } from "../helpers.js";

function gitRepo(): string {
  const dir = fixtureRepo();
  execFileSync("git", ["init", "-q"], { cwd: dir });
  return dir;
}

const KEY_A = "120\t1700000000000\t1700000000000\t11\t";
const KEY_B = "130\t1700000000000\t1700000000000\t12\t";
const tableFile = (root: string) => path.join(root, ".git", PROJECTIONS_DIR_NAME, "demo");

const A = "tasks/10-ready/a.md";
const B = "tasks/10-ready/b.md";
const listing = (...paths: string[]) => paths.map((relPath) => ({ relPath }));

/** A table with a task row for a.md and a broken row for b.md, saved. */
function saved(root: string): void {
  const table = ProjectionTable.open<{ id: string; tags: string[] }>(root, {}, "demo")!;
  table.set("tasks/10-ready/a.md", KEY_A, { digest: "aaaaaaaaaaaa", value: { id: "a", tags: ["x"] } });
  table.set("tasks/10-ready/b.md", KEY_B, {
    version: "bbbbbbbbbbbb",
    broken: { message: "bad YAML", line: 3 },
  });
  table.save(listing(A, B));
}

describe("ProjectionTable", () => {
  it("gives a row back only under the stat key it was stored with", () => {
    const root = gitRepo();
    saved(root);
    const table = ProjectionTable.open<{ id: string; tags: string[] }>(root, {}, "demo")!;
    expect(table.get("tasks/10-ready/a.md", KEY_A)).toEqual({ digest: "aaaaaaaaaaaa", at: 0 });
    expect(table.valueAt(0)).toEqual({ id: "a", tags: ["x"] });
    expect(table.get("tasks/10-ready/b.md", KEY_B)).toEqual({
      version: "bbbbbbbbbbbb",
      broken: { message: "bad YAML", line: 3 },
    });
    expect(table.get("tasks/10-ready/a.md", KEY_B)).toBeUndefined(); // changed since
    expect(table.get("tasks/10-ready/c.md", KEY_A)).toBeUndefined(); // never stored
  });

  it("is off where caching is off, and refuses a name that is not a plain word", () => {
    const root = gitRepo();
    expect(ProjectionTable.open(root, { TASKPLAIN_CACHE: "0" }, "demo")).toBeNull();
    expect(ProjectionTable.open(fixtureRepo(), {}, "demo")).toBeNull(); // no git directory
    expect(() => ProjectionTable.open(root, {}, "../escape")).toThrow(/projection name/);
  });

  it("finds a row by its position in the listing, or by its path when the listing changed", () => {
    const root = gitRepo();
    saved(root);
    const table = ProjectionTable.open(root, {}, "demo")!;
    expect(table.get(B, KEY_B, 1)).toBeDefined();
    expect(table.get(B, KEY_B, 0)).toBeDefined(); // a.md is at 0: found by path
    expect(table.get(B, KEY_B, 7)).toBeDefined();
    expect(table.get(A, KEY_B, 0)).toBeUndefined();
  });

  it("is not written again for a stale row, and drops the rows of files no longer listed", () => {
    const root = gitRepo();
    saved(root);
    const before = readFileSync(tableFile(root), "utf8");
    const mtime = statSync(tableFile(root)).mtimeMs;

    const stale = ProjectionTable.open(root, {}, "demo")!;
    expect(stale.get(A, KEY_B, 0)).toBeUndefined(); // a.md changed, too recently to store again
    stale.save(listing(A, B));
    expect(statSync(tableFile(root)).mtimeMs).toBe(mtime);
    expect(readFileSync(tableFile(root), "utf8")).toBe(before);

    const gone = ProjectionTable.open(root, {}, "demo")!;
    gone.save(listing(A)); // b.md is gone
    const after = ProjectionTable.open(root, {}, "demo")!;
    expect(after.get(A, KEY_A)).toBeDefined();
    expect(after.get(B, KEY_B)).toBeUndefined();

    // a row added replaces the stale one, and the table follows the listing's order
    const added = ProjectionTable.open<{ id: string }>(root, {}, "demo")!;
    added.set(B, KEY_B, { digest: "cccccccccccc", value: { id: "b" } });
    added.set(A, KEY_B, { digest: "dddddddddddd", value: { id: "a2" } });
    added.save(listing(B, A));
    const last = ProjectionTable.open(root, {}, "demo")!;
    expect(last.get(B, KEY_B, 0)).toEqual({ digest: "cccccccccccc", at: 0 });
    expect(last.get(A, KEY_B, 1)).toEqual({ digest: "dddddddddddd", at: 1 });
    expect([last.valueAt(0), last.valueAt(1)]).toEqual([{ id: "b" }, { id: "a2" }]);
    expect(last.get(A, KEY_A)).toBeUndefined();
  });

  it("never keeps a value JSON would change", () => {
    const root = gitRepo();
    const table = ProjectionTable.open<unknown>(root, {}, "demo")!;
    table.set("tasks/10-ready/a.md", KEY_A, { digest: "aaaaaaaaaaaa", value: { when: new Date(0) } });
    table.save(listing(A));
    expect(existsSync(tableFile(root))).toBe(false);
  });

  it("trusts no table edited by hand, damaged, copied from another, or written by another build or for another root", () => {
    const root = gitRepo();
    saved(root);
    const text = readFileSync(tableFile(root), "latin1");
    const empty = () => ProjectionTable.open(root, {}, "demo")!.get("tasks/10-ready/a.md", KEY_A);
    expect(empty()).toBeDefined();

    // the same length, one value changed: the SHA-1 line no longer matches
    writeFileSync(tableFile(root), text.replace('"id":"a"', '"id":"z"'), "latin1");
    expect(empty()).toBeUndefined();
    writeFileSync(tableFile(root), text.slice(0, -7), "latin1"); // cut short
    expect(empty()).toBeUndefined();
    const [header, ...rest] = text.split("\n");
    const foreign = JSON.stringify({ ...JSON.parse(header!), build: "another" });
    writeFileSync(tableFile(root), [foreign, ...rest].join("\n"), "latin1");
    expect(empty()).toBeUndefined();
    const moved = JSON.stringify({ ...JSON.parse(header!), root: "/elsewhere" });
    writeFileSync(tableFile(root), [moved, ...rest].join("\n"), "latin1");
    expect(empty()).toBeUndefined();
    writeFileSync(tableFile(root), "not a table\n", "latin1");
    expect(empty()).toBeUndefined();
    // a table copied under another projection's name (its rows have another shape)
    writeFileSync(tableFile(root), text, "latin1");
    expect(empty()).toBeDefined();
    copyFileSync(tableFile(root), path.join(root, ".git", PROJECTIONS_DIR_NAME, "other"));
    expect(ProjectionTable.open(root, {}, "other")!.get("tasks/10-ready/a.md", KEY_A)).toBeUndefined();
  });
});
