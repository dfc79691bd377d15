// `touches` entries (task-format.md "Files as people really write them"): what validate
// warns about and the normal form `validate --fix` writes.
import { describe, expect, it } from "vitest";
import { touchesConflict } from "../../src/domain/globs.js";
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
    // a POSIX entry escaping glob characters: a literal file name, not backslashes to fix
    ["src/pages/\\[id\\].tsx", []],
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
    ["./src/pages/\\[id\\].tsx", undefined, "src/pages/\\[id\\].tsx"],
  ])("%s (root %s) → %s", (glob, root, normal) => {
    expect(normalizeTouch(glob, root)).toBe(normal);
  });
});

describe("escaped glob characters in touches", () => {
  it("name a literal file: they overlap its folder and the literal name, not what the class would match", () => {
    const route = ["src/pages/\\[id\\].tsx"];
    expect(touchesConflict(route, ["src/pages/**"])).not.toBeNull();
    expect(touchesConflict(route, ["src/pages/[[]id[]].tsx"])).not.toBeNull();
    expect(touchesConflict(route, ["src/pages/i.tsx"])).toBeNull();
    // a Windows path (no "/") still reads every backslash as a separator
    expect(touchesConflict(["src\\pages\\x.tsx"], ["src/pages/**"])).not.toBeNull();
  });
});
