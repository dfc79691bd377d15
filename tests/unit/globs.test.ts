import { describe, expect, it } from "vitest";
import { globsOverlap, touchesConflict } from "../../src/domain/globs.js";

// [a, b, overlap]; every case is checked in both directions.
const CASES: Array<[string, string, boolean]> = [
  ["src/**", "src/cli/main.ts", true],
  ["docs/*.md", "docs/a.md", true],
  ["src/a/**", "src/b/**", false],
  ["src/*.ts", "src/a/b.ts", false],
  ["*.md", "README.md", true],
  ["src/cli/main.ts", "src/cli/main.ts", true],
  ["src/**", "tests/**", false],
  ["**", "anything/at/all.txt", true],
  ["src/services", "src/services/create.ts", true],
  ["src/services", "src/services", true],
  ["src/services", "src/servicesx/a.ts", false],
  ["src/services/", "src/services/**/*.ts", true],
  [".github", ".github/workflows/ci.yml", true],
  ["src/cli/main.ts", "src/cli/main.tsx", false],
  ["src/cli/main.ts", "src/cli/*/index.ts", false],
  ["src/*/index.ts", "src/cli/index.ts", true],
  ["src/*/index.ts", "src/cli/main.ts", false],
  ["src/*/index.ts", "src/**/index.ts", true],
  ["{a,b}/x.ts", "b/x.ts", true],
  ["{a,b}/x.ts", "c/x.ts", false],
  ["{src/a,lib}/x.ts", "src/a/x.ts", true],
  ["{src/a,lib}/x.ts", "src/b/x.ts", false],
  ["*.{ts,js}", "*.md", false],
  ["*.{ts,js}", "index.js", true],
  ["src/**/*.test.ts", "src/a/b/c.test.ts", true],
  ["src/**/*.test.ts", "src/a/b/c.ts", false],
  ["src/**/x.ts", "src/x.ts", true],
  ["a/**/**/b.ts", "a/b.ts", true],
  ["a/**/b/**/c.ts", "a/x/b/y/z/c.ts", true],
  ["docs/*.md", "docs/sub/a.md", false],
  ["src/a*.ts", "src/*b.ts", true],
  ["src/a*.ts", "src/b*.ts", false],
  ["src/?.ts", "src/ab.ts", false],
  ["src/?.ts", "src/a.ts", true],
  ["src/[ab].ts", "src/c.ts", false],
  ["src/[a-c].ts", "src/b.ts", true],
  ["src/[a].ts", "src/[!a].ts", false],
  ["src/[ab].ts", "src/[!a].ts", true],
  ["src/[a-c].ts", "src/[d-f].ts", false],
  ["src/[a\\-c].ts", "src/b.ts", false],
  ["src/[a\\-c].ts", "src/-.ts", true],
  ["src/[-a].ts", "src/-.ts", true],
  ["./src/a.ts", "src/a.ts", true],
  ["/src/a.ts", "src/**", true],
  ["src/{1..3}.ts", "src/2.ts", true],
  ["src/@(a|b).ts", "src/c.ts", true],
  ["!src/**", "tests/a.ts", true],
  // task-format.md: `touches` are compared normalized — `\` read as `/`, `./` and `dir/..` dropped
  ["src\\*.ts", "src*.ts", false],
  ["src\\*.ts", "src/a.ts", true],
  ["src\\api\\**", "src/api/routes.ts", true],
  ["src\\api\\**", "src/web/**", false],
  [".\\src\\cli\\main.ts", "src/cli/main.ts", true],
  ["src/./cli//main.ts", "src/cli/main.ts", true],
  ["src/web/../cli/main.ts", "src/cli/main.ts", true],
  ["src/web/../cli/main.ts", "src/web/**", false],
];

describe("globsOverlap", () => {
  it.each(CASES)("%s vs %s → %s", (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });

  // One path against a pattern, and `dir/**` against what lies in dir, take short cuts:
  // their answers must be those of the full search.
  it.each([
    ["src/a/x.ts", "src/a/*.ts", true],
    ["src/a/x.ts", "src/a/[!x].ts", false],
    ["src/a/y.ts", "src/a/[!x].ts", true],
    ["src/a/b/c.ts", "src/a/*", false],
    ["src/a/b/c.ts", "src/a/**", true],
    ["src/a", "src/a/**", true],
    ["src/ab/x.ts", "src/a/**", false],
    ["src/**", "src/a/[z-a]", true],
    ["src/a/**", "src/a/{b,c}/*.ts", true],
    ["docs/a.md", "**/*.md", true],
    ["src/a/x.ts", "src/*/x.ts", true],
    ["src/a/b/x.ts", "src/*/x.ts", false],
    ["src/a/axbyc.ts", "src/a/a*b*c.ts", true],
    ["src/a/axbyd.ts", "src/a/a*b*c.ts", false],
    ["src/a/abc.ts", "src/a/a?.ts", false],
    ["src/é/x.ts", "src/*/x.ts", true],
  ] as const)("short cut: %s vs %s → %s", (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });

  it("treats a blank pattern as the whole repository (conservative)", () => {
    expect(globsOverlap("", "src/a.ts")).toBe(true);
  });

  it("stays fast on long patterns that would explode if expanded or backtracked", () => {
    const stars = `${"a*".repeat(300)}b.ts`;
    const braces = `${"{a,b}".repeat(40)}/x.ts`;
    const started = Date.now();
    expect(globsOverlap(stars, `${"a".repeat(600)}c.ts`)).toBe(false);
    expect(globsOverlap(braces, `${"ab".repeat(20)}/x.ts`)).toBe(true);
    expect(globsOverlap(braces, "c/x.ts")).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("touchesConflict", () => {
  it("returns the first overlapping pair in list order", () => {
    expect(touchesConflict(["docs/**", "src/cli/**"], ["src/**", "docs/a.md"])).toEqual([
      "docs/**",
      "docs/a.md",
    ]);
  });

  it("returns null when nothing overlaps or a list is empty", () => {
    expect(touchesConflict(["src/a/**"], ["src/b/**", "tests/**"])).toBeNull();
    expect(touchesConflict([], ["src/**"])).toBeNull();
    expect(touchesConflict(["src/**"], [])).toBeNull();
  });

  it("ignores blank entries", () => {
    expect(touchesConflict(["  "], ["src/**"])).toBeNull();
  });
});
