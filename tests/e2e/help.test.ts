// Help pages are rendered at build time (dist/help.json) and printed without loading
// commander; they must be exactly what commander prints for the same request.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT, runBinary as run, tempDir } from "../helpers.js";

const cwd = tempDir("taskplain-help-");
const pages = JSON.parse(readFileSync(path.join(PROJECT, "dist", "help.json"), "utf8")) as Record<
  string,
  string
>;

describe("help", () => {
  it("has a page for the program and every command, nested ones included", () => {
    expect(Object.keys(pages)).toEqual(
      expect.arrayContaining(["", "list", "show", "attempt", "attempt add"]),
    );
    const listed = [...pages[""]!.matchAll(/^ {2}([a-z]+)[ [<]/gm)].map((m) => m[1]);
    for (const name of listed) if (name !== "help") expect(pages).toHaveProperty(name!);
  });

  // A global option before the request sends it through commander instead.
  const requests: [string[], string[]][] = [
    [["--help"], ["--color", "never", "--help"]],
    [["-h"], ["--color", "never", "-h"]],
    [[], ["--color", "never", "help"]],
    [["help"], ["--color", "never", "help"]],
    [
      ["show", "--help"],
      ["--color", "never", "show", "--help"],
    ],
    [
      ["help", "next"],
      ["--color", "never", "help", "next"],
    ],
    [
      ["attempt", "add", "--help"],
      ["--color", "never", "attempt", "add", "--help"],
    ],
  ];
  for (const [fast, slow] of requests) {
    it(`taskplain ${fast.join(" ")} prints commander's page, exit 0`, async () => {
      const [a, b] = await Promise.all([run(fast, { cwd }), run(slow, { cwd })]);
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      expect(a.stdout).toContain("Usage: taskplain");
      expect(a.stdout).toBe(b.stdout);
      expect(a.stderr).toBe("");
    });
  }

  it("teaches: examples and exit codes are on the pages", async () => {
    const r = await run(["--help"], { cwd });
    expect(r.stdout).toContain("Exit codes: 0 ok");
    expect((await run(["show", "--help"], { cwd })).stdout).toContain("Examples:");
  });

  it("help for a misspelt command suggests the command (exit 5), else prints the command list", async () => {
    const typo = await run(["help", "shwo"], { cwd });
    expect(typo.code).toBe(5);
    expect(typo.stderr).toContain('no command "shwo"');
    expect(typo.stderr).toContain("did you mean taskplain help show?");
    const nested = await run(["help", "attempt", "ad"], { cwd });
    expect(nested.stderr).toContain("did you mean taskplain help attempt add?");
    const unknown = await run(["help", "zzzzzz"], { cwd });
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toContain("Commands:");
    expect(unknown.stderr).toContain("hint: taskplain help");
  });
});
