// Input and output conventions as a kind (issue 16): empty --meta values unset, flags
// that cannot combine are refused with exit 5, JSON keys are snake_case, titles in any
// script give an id, counts read right.
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { snapshot, tempDir } from "../helpers.js";
import { cli } from "./corpus.js";

let dir = "";
beforeEach(async () => {
  dir = tempDir("taskplain-conventions-");
  expect((await cli(dir, ["init", "--sample"])).code).toBe(0);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("--meta key= unsets", () => {
  it("removes blocked instead of writing an empty string", async () => {
    expect((await cli(dir, ["update", "dark-mode", "--meta", "blocked=waiting"])).code).toBe(0);
    const file = path.join(dir, "tasks/10-ready/task-dark-mode.md");
    expect(readFileSync(file, "utf8")).toContain("blocked: waiting");
    expect((await cli(dir, ["update", "dark-mode", "--meta", "blocked="])).code).toBe(0);
    expect(readFileSync(file, "utf8")).not.toMatch(/^blocked:/m);
  });

  it("refuses to unset a required key (exit 5) and writes nothing", async () => {
    const before = snapshot(dir);
    const r = await cli(dir, ["update", "dark-mode", "--meta", "priority="]);
    expect(r.code).toBe(5);
    expect(r.err).toContain("priority is required");
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("flags that cannot combine", () => {
  const refused: [string, string[]][] = [
    ["attempt add --json --tool", ["attempt", "add", "dark-mode", "--json", "--tool", "foo"]],
    ["attempt add --json --status", ["attempt", "add", "dark-mode", "--json", "--status", "failed"]],
    ["attempt add --duration --json", ["attempt", "add", "dark-mode", "--duration", "5", "--json"]],
    [
      "attempt review --approved --rejected",
      ["attempt", "review", "fix-timezone-bug", "--name", "a", "--approved", "--rejected"],
    ],
    [
      "adopt --before --after",
      ["adopt", "payment-form", "orders-page", "--before", "card-validation", "--after", "save-card-toggle"],
    ],
    ["list --blocked --unblocked", ["list", "--blocked", "--unblocked"]],
    ["list --with-execution --without-execution", ["list", "--with-execution", "--without-execution"]],
    ["list --open --state", ["list", "--open", "--state", "done"]],
    ["update --meta k=v --unset k", ["update", "dark-mode", "--meta", "size=small", "--unset", "size"]],
    ["update --meta k=a --meta k=b", ["update", "dark-mode", "--meta", "size=small", "--meta", "size=large"]],
  ];
  it.each(refused)("%s: exit 5, nothing written", async (_name, args) => {
    const before = snapshot(dir);
    const r = await cli(dir, args, {
      stdin: '{"status":"completed","duration_seconds":5,"executor":{"tool":"x"}}',
    });
    expect(r.code, r.err).toBe(5);
    expect(r.err).toMatch(/^error: /);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("JSON keys are snake_case", () => {
  it("in every command's JSON output", async () => {
    const outputs = [
      await cli(dir, ["list", "--output", "json"]),
      await cli(dir, ["show", "fix-timezone-bug", "--output", "json"]),
      await cli(dir, ["tree", "--output", "json"]),
      await cli(dir, ["attempt", "list", "fix-timezone-bug", "--output", "json"]),
      await cli(dir, ["validate", "--output", "json"]),
      await cli(dir, ["cleanup", "--older-than", "1d", "--dry-run", "--output", "json"]),
      await cli(dir, ["delete", "dark-mode", "--dry-run", "--output", "json"]),
      await cli(dir, ["new", "--title", "Snake case check", "--dry-run", "--output", "json"]),
    ];
    const bad: string[] = [];
    const visit = (value: unknown, where: string) => {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) visit(v, `${where}[${i}]`);
      } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
          if (!/^[a-z0-9_]+$/.test(k)) bad.push(`${where}.${k}`);
          visit(v, `${where}.${k}`);
        }
      }
    };
    for (const [i, r] of outputs.entries()) {
      expect(r.out.length, r.err).toBeGreaterThan(0);
      visit(JSON.parse(r.out), `#${i}`);
    }
    expect(bad).toEqual([]);
  });
});

describe("ids from titles in any script", () => {
  it("transliterates a Japanese title and says so", async () => {
    const r = await cli(dir, ["new", "--title", "日本語のタイトル"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("ri-ben-yu-notaitoru\ttasks/00-idea/task-ri-ben-yu-notaitoru.md\n");
    expect(r.err).toContain("transliterated");
  });

  it("gives a title of emoji a stable hash id and says so", async () => {
    const r = await cli(dir, ["new", "--title", "🚀🎉"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/id t-[0-9a-z]{6} is a hash/);
    const again = await cli(dir, ["new", "--title", "🚀🎉", "--dry-run", "--output", "json"]);
    const id = (JSON.parse(again.out) as { id: string }).id;
    expect(id).toMatch(/^t-[0-9a-z]{6}-2$/);
  });

  it("says nothing for a plain title", async () => {
    const r = await cli(dir, ["new", "--title", "Café crème"]);
    expect(r.out.startsWith("cafe-creme\t")).toBe(true);
    expect(r.err).toBe("");
  });
});

describe("words and units", () => {
  it("delete --dry-run says would delete", async () => {
    const r = await cli(dir, ["delete", "dark-mode", "--dry-run"]);
    expect(r.out).toContain("would delete dark-mode");
    expect(r.out).not.toMatch(/(^|\s)deleted/);
  });

  it("complete --check-acs counts criteria in the right number", async () => {
    const ac = await cli(dir, [
      "update",
      "upgrade-node",
      "--field",
      "acceptance_criteria",
      "- [ ] The one criterion",
    ]);
    expect(ac.code, ac.err).toBe(0);
    const insights = "### Changelog\n\n- Upgraded.\n";
    const u = await cli(dir, ["update", "upgrade-node", "--field", "post_implementation_insights", insights]);
    expect(u.code, u.err).toBe(0);
    const r = await cli(
      dir,
      ["complete", "upgrade-node", "--check-acs", "--commit-message", "chore: node 22", "--dry-run"],
      {
        width: 200,
      },
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("(ticked 1 criterion)");
  });
});
