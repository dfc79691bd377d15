import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fastParseFrontmatter } from "../../src/storage/fast-yaml.js";
import { splitFile } from "../../src/storage/taskFile.js";
import { FIXTURES, PROJECT, tempDir } from "../helpers.js";

/** The fast path must give what `yaml` gives, or step aside (undefined). */
function agrees(text: string): "same" | "bail" {
  const fast = fastParseFrontmatter(text);
  if (fast === undefined) return "bail";
  expect(fast).toEqual(parse(text));
  return "same";
}

describe("fast frontmatter reader", () => {
  it.each([
    [
      "plain keys and lists",
      "id: a\ntitle: Hello world\ntouches:\n  - src/**\n  - docs/*.md\nlinks: []\n",
      "same",
    ],
    ["sequence at the key's indentation", "labels:\n- a\n- b\nid: x\n", "same"],
    [
      "nested attempts",
      "execution:\n  attempts:\n    - started_at: 2026-01-01T00:00:00.000Z\n      duration_seconds: 5\n      executor:\n        tool: x\n      isolation:\n        worktree: false\n",
      "same",
    ],
    ["double quotes with colon", 'commit_message: "feat(x): y  [Task:a]"\n', "same"],
    ["escaped quote", 'title: "say \\"hi\\""\n', "same"],
    ["single quotes", "title: 'it''s fine'\n", "same"],
    ["null, booleans, numbers", "a: null\nb: ~\nc: true\nd: False\ne: 12\nf: -3\ng: 1.5\nh:\n", "same"],
    ["whole-line comment", "# header\nid: a\n", "same"],
    [
      "strings that look special but are not",
      "a: yes\nb: no\nc: on\nd: v1.2.3\ne: a#b\nf: 2026-01-01T00:00:00.000Z\n",
      "same",
    ],
    ["trailing comment", "id: a # note\n", "bail"],
    ["exponent", "n: 1e3\n", "bail"],
    ["leading zero", "n: 007\n", "bail"],
    ["hex", "n: 0x1f\n", "bail"],
    ["flow sequence", "labels: [a, b]\n", "bail"],
    ["flow map", "x: {a: 1}\n", "bail"],
    ["block scalar", "notes: |\n  line one\n  line two\n", "bail"],
    ["multi-line plain scalar", "title: one\n  two\n", "bail"],
    ["anchor", "a: &x 1\nb: *x\n", "bail"],
    ["tag", "a: !!str 1\n", "bail"],
    ["duplicate key", "id: a\nid: b\n", "bail"],
    ["colon inside a plain scalar", "title: a: b\n", "bail"],
    ["yaml escape JSON lacks", 'a: "\\x41"\n', "bail"],
    ["tab indentation", "a:\n\t- b\n", "bail"],
    ["nested sequence", "a:\n  - - b\n", "bail"],
    ["quoted key", '"a": 1\n', "bail"],
  ])("%s", (_name, text, expected) => {
    expect(agrees(text)).toBe(expected);
  });

  it("agrees with yaml on every fixture and on a generated corpus, without falling back", () => {
    const dir = tempDir();
    execFileSync(process.execPath, [path.join(PROJECT, "bench", "gen-corpus.mjs"), dir, "300"], {
      stdio: "ignore",
    });
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith(".md")) files.push(full);
      }
    };
    walk(path.join(dir, "tasks"));
    walk(FIXTURES);
    expect(files.length).toBeGreaterThan(300);
    for (const f of files) expect(agrees(splitFile(readFileSync(f, "utf8")).frontmatter)).toBe("same");
  });
});
