// `touches` entries (task-format.md "Files as people really write them"): what validate
// warns about and the normal form `validate --fix` writes.
import { describe, expect, it } from "vitest";
import { normalizeTouch, touchProblems } from "../../src/domain/validation/touches-rules.js";

describe("touchProblems", () => {
  it.each([
    ["src/api/**", []],
    ["./src/a.ts", []],
    ["src/web/../cli/x.ts", []],
    ["src\\api\\**", ["backslash"]],
    ["/home/me/repo/src/a.ts", ["absolute"]],
    ["C:\\repo\\src\\a.ts", ["backslash", "absolute"]],
    ["~/notes.md", ["absolute"]],
    ["../shared/spec/**", ["outside"]],
    ["src/../../x", ["outside"]],
    ["src/[a\\-c].ts", []],
  ])("%s → %j", (glob, problems) => {
    expect(touchProblems(glob)).toEqual(problems);
  });
});

describe("normalizeTouch", () => {
  it.each([
    ["src\\api\\**", undefined, "src/api/**"],
    [".\\docs\\", undefined, "docs/"],
    ["./src//a.ts", undefined, "src/a.ts"],
    ["/repo/src/cli/main.ts", "/repo", "src/cli/main.ts"],
    ["C:\\repo\\src\\a.ts", "C:\\repo", "src/a.ts"],
    ["/elsewhere/a.ts", "/repo", undefined],
    ["/repo/src/a.ts", undefined, undefined],
    ["../shared/**", "/repo", undefined],
    ["/repo/../x", "/repo", undefined],
  ])("%s (root %s) → %s", (glob, root, normal) => {
    expect(normalizeTouch(glob, root)).toBe(normal);
  });
});
