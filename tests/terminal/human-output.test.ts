// Every human output at 60, 80 and 120 columns over a corpus of CJK, emoji, combining
// accents and very long titles: no line wider than the terminal, columns aligned by
// display width, and one reviewed snapshot per width (human-output.<width>.txt).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { displayWidth } from "../../src/cli/ui/width.js";
import { STATES } from "../../src/domain/enums.js";
import { buildCorpus, cli, columnOfWord, columnsOf, NOW, ruleStarts } from "./corpus.js";

let dir = "";
let ids: Awaited<ReturnType<typeof buildCorpus>>["ids"];

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  ({ dir, ids } = await buildCorpus());
});

afterAll(() => {
  vi.useRealTimers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Each human output: the command line and whether it is a table with a header rule. */
const commands = (): { args: string[]; table?: "rule" | "states" }[] => [
  { args: ["list"], table: "rule" },
  { args: ["list", "--open", "--priority", "urgent,high"], table: "rule" },
  { args: ["tree"], table: "states" },
  { args: ["tree", "payment-form"], table: "states" },
  { args: ["show", ids.cjk] },
  { args: ["show", ids.long] },
  { args: ["show", ids.emoji] },
  { args: ["show", "fix-timezone-bug"] },
  { args: ["metadata", "get", ids.cjk], table: "rule" },
  { args: ["attempt", "list", ids.cjk], table: "rule" },
  { args: ["attempt", "list", "fix-timezone-bug"], table: "rule" },
  { args: ["cleanup", "--older-than", "1w", "--dry-run"] },
  { args: ["validate"] },
  { args: ["next"], table: "rule" },
  { args: ["next", "--parallelize", "4"], table: "rule" },
  { args: ["stats"] },
  { args: ["stats", "--by", "model,ambiguity"] },
  { args: ["stats", "--by", "size"] },
  { args: ["recommend", ids.cjk] },
  { args: ["delete", ids.accents, "--dry-run"] },
];

const STATE_WORDS = [...STATES];

function assertFits(lines: string[], width: number, what: string): void {
  for (const line of lines) {
    expect(displayWidth(line), `${what}: "${line}" is wider than ${width}`).toBeLessThanOrEqual(width);
  }
}

/** A table with a dashed rule: at every column start, the two columns before are the gap in every row. */
function assertRuleAligned(lines: string[], what: string): void {
  const ruleAt = lines.findIndex((l) => /^-+( +-+)+$/.test(l));
  expect(ruleAt, `${what}: no header rule`).toBeGreaterThan(0);
  const starts = ruleStarts(lines[ruleAt]!).slice(1);
  // the rows run up to a blank line or the summary under the table ("3 tasks", "2 attempts · …")
  const body = lines.slice(ruleAt + 1);
  const end = body.findIndex((l) => l === "" || /^(\d+ (task|attempt|more)|\? = )/.test(l));
  const rows = end < 0 ? body : body.slice(0, end);
  const header = columnsOf(lines[ruleAt - 1]!);
  for (const row of [header, ...rows.map(columnsOf)]) {
    for (const s of starts) {
      if (row.length <= s) continue;
      expect(`${row[s - 2]}${row[s - 1]}`, `${what}: gap before column ${s} in "${row.join("")}"`).toBe("  ");
    }
  }
}

/** A table without a header: the state word starts at the same column in every row. */
function assertStatesAligned(lines: string[], what: string): void {
  const at = lines.map((l) => columnOfWord(l, STATE_WORDS));
  expect(
    at.every((c) => c >= 0),
    `${what}: a row without a state`,
  ).toBe(true);
  expect(new Set(at).size, `${what}: state columns ${at.join(",")}`).toBe(1);
}

describe.each([60, 80, 120])("human output at %i columns", (width) => {
  it("fits the width, aligns columns by display width, and matches the reviewed snapshot", async () => {
    const transcript: string[] = [];
    for (const { args, table } of commands()) {
      const r = await cli(dir, args, { width });
      const what = `taskplain ${args.join(" ")} (${width} columns)`;
      expect(r.code, `${what}: ${r.err}`).toBe(args[0] === "validate" ? 1 : 0);
      expect(r.out).not.toMatch(/\x1b\[/); // not a TTY: no colour
      const lines = r.out.replace(/\n$/, "").split("\n");
      assertFits(lines, width, what);
      if (table === "rule") assertRuleAligned(lines, what);
      if (table === "states") assertStatesAligned(lines, what);
      transcript.push(`$ taskplain ${args.join(" ").replaceAll(/\t/g, "\\t")}`, ...lines, "");
    }
    await expect(transcript.join("\n")).toMatchFileSnapshot(`./__snapshots__/human-output.${width}.txt`);
  });
});

describe("the corpus itself", () => {
  it("holds wide, combining and long titles the tables had to cope with", async () => {
    const r = await cli(dir, ["list", "--output", "json"]);
    const titles = (JSON.parse(r.out) as { title: string }[]).map((t) => t.title);
    expect(titles.some((t) => /\p{Script=Han}/u.test(t))).toBe(true);
    expect(titles.some((t) => /\p{Extended_Pictographic}/u.test(t))).toBe(true);
    expect(titles.some((t) => /\u0301/.test(t))).toBe(true);
    expect(titles.some((t) => t.length > 150)).toBe(true);
    expect(titles.some((t) => t.includes("\t"))).toBe(true);
  });
});

describe("help", () => {
  it("keeps the program's help page within 80 columns", async () => {
    const r = await cli(dir, ["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Exit codes: 0 ok");
    assertFits(r.out.replace(/\n$/, "").split("\n"), 80, "taskplain --help");
  });
});
