// The human-output layer: widths, truncation, escaping, tables, number formats, ids.

import { createColors } from "picocolors";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { readableBody } from "../../src/cli/ui/body.js";
import { themeOf } from "../../src/cli/ui/colour.js";
import { flow, labelled } from "../../src/cli/ui/format.js";
import { layoutColumns, renderTable } from "../../src/cli/ui/table.js";
import { renderValidate } from "../../src/cli/ui/validate.js";
import {
  displayWidth,
  escapeControl,
  NARROW_PUNCTUATION,
  packItems,
  terminalWidth,
  truncate,
  wrap,
} from "../../src/cli/ui/width.js";
import { deriveId, idBaseFromTitle, slugFromTitle } from "../../src/domain/ids.js";
import { assertOneChangePerKey, parseMetaAssignment } from "../../src/domain/meta-input.js";
import { isUnknownTime, NO_TIMESTAMP } from "../../src/domain/timestamps.js";
import { count, formatDuration, relativeTime } from "../../src/domain/units.js";

const plain = themeOf(createColors(false));
const coloured = themeOf(createColors(true));

describe("terminal width", () => {
  it("takes the TTY's columns, else COLUMNS, else 80", () => {
    expect(terminalWidth({ stdoutIsTTY: true, columns: 132, env: { COLUMNS: "90" } })).toBe(132);
    expect(terminalWidth({ stdoutIsTTY: false, columns: 132, env: { COLUMNS: "90" } })).toBe(90);
    expect(terminalWidth({ stdoutIsTTY: false, env: {} })).toBe(80);
    expect(terminalWidth({ stdoutIsTTY: false, env: { COLUMNS: "abc" } })).toBe(80);
    expect(terminalWidth({ stdoutIsTTY: false, env: { COLUMNS: "5" } })).toBe(20);
  });
});

describe("display width and truncation", () => {
  it("measures printable ASCII and our own punctuation itself, exactly as string-width does", () => {
    for (const ch of NARROW_PUNCTUATION) {
      expect(ch.length, ch).toBe(1);
      expect(stringWidth(ch), ch).toBe(1);
    }
    for (const text of [
      "plain text",
      "3 attempts · completed — 40m 01s → done …",
      "\x1b[2m✓ ok\x1b[22m",
      "日本 · x",
      "id\ttasks/00-idea/x.md",
    ]) {
      expect(displayWidth(text), text).toBe(stringWidth(text));
    }
  });

  it("counts wide characters twice and combining marks and colour escapes not at all", () => {
    expect(displayWidth("日本語")).toBe(6);
    expect(displayWidth("🚀")).toBe(2);
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("\x1b[31mred\x1b[39m")).toBe(3);
  });

  it("cuts between graphemes and never past the width", () => {
    expect(truncate("hello world", 8)).toBe("hello w…");
    expect(truncate("hello", 5)).toBe("hello");
    // a wide character that does not fit is left out whole
    expect(truncate("日本語のタイトル", 6)).toBe("日本…");
    expect(displayWidth(truncate("日本語のタイトル", 6))).toBeLessThanOrEqual(6);
    // the accent stays with its letter
    expect(truncate("cafe\u0301 crème", 5)).toBe("cafe\u0301…");
    expect(truncate("👩‍👩‍👧‍👦 family", 3)).toBe("👩‍👩‍👧‍👦…");
  });

  it("escapes control characters so they cannot move the cursor", () => {
    expect(escapeControl("a\tb\nc\rd\x1b[2Je\x07")).toBe("a\\tb\\nc\\rd\\e[2Je\\x07");
    expect(escapeControl("plain é 日本")).toBe("plain é 日本");
  });

  it("wraps at spaces and cuts words longer than a line", () => {
    expect(wrap("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    expect(wrap("abcdefghijkl", 5)).toEqual(["abcde", "fghij", "kl"]);
    for (const line of wrap("日本語のタイトル とても長いタイトルがここに続きます", 9))
      expect(displayWidth(line)).toBeLessThanOrEqual(9);
  });

  it("packs items without splitting one", () => {
    expect(packItems(["3 attempts", "wall clock 3h 18m", "idle 2h"], 24)).toEqual([
      "3 attempts ·",
      "wall clock 3h 18m ·",
      "idle 2h",
    ]);
  });
});

describe("tables", () => {
  const columns = [
    { header: "ID" },
    { header: "STATE" },
    { header: "SIZE", drop: 2 },
    { header: "TITLE", shrink: 1, min: 8 },
  ];
  const rows = [
    ["a", "ready", "small", "日本語のタイトル とても長い"],
    ["bb", "done", "xl", "Cafe\u0301 tab\there"],
  ];

  it("aligns columns by display width", () => {
    const lines = renderTable(columns, rows, { width: 120 });
    expect(lines).toEqual([
      "ID  STATE  SIZE   TITLE",
      "--  -----  -----  ---------------------------",
      "a   ready  small  日本語のタイトル とても長い",
      "bb  done   xl     Cafe\u0301 tab\\there",
    ]);
  });

  it("shrinks the title first, then drops columns, and never exceeds the width", () => {
    const at30 = renderTable(columns, rows, { width: 30 });
    expect(at30[2]).toBe("a   ready  small  日本語のタ…");
    for (const width of [20, 24, 30, 40]) {
      for (const line of renderTable(columns, rows, { width }))
        expect(displayWidth(line)).toBeLessThanOrEqual(width);
    }
    // at 20 the size column is gone
    expect(renderTable(columns, rows, { width: 20 })[0]).toBe("ID  STATE  TITLE");
  });

  it("lays out widths by rank, with a last resort that always fits", () => {
    expect(
      layoutColumns(
        [10, 10, 10],
        [{ header: "A", shrink: 1, min: 4 }, { header: "B" }, { header: "C" }],
        30,
        2,
      ),
    ).toEqual([6, 10, 10]);
    expect(layoutColumns([10, 10, 10], [{ header: "A" }, { header: "B" }, { header: "C" }], 14, 2)).toEqual([
      8, 1, 1,
    ]);
  });

  it("colours after sizing, so escapes never disturb alignment", () => {
    const lines = renderTable(
      [{ header: "STATE" }, { header: "X" }],
      [
        [{ text: "ready", style: coloured.state("ready") }, "x"],
        ["in-progress", "y"],
      ],
      { width: 80 },
    );
    expect(lines[2]).toBe("\x1b[34mready\x1b[39m        x");
    expect(displayWidth(lines[2]!)).toBe(displayWidth(lines[3]!));
  });
});

describe("colour scheme", () => {
  it("gives every priority tier its own look and statuses green/red/amber", () => {
    const looks = ["urgent", "high", "normal", "low"].map((p) => coloured.priority(p)("x"));
    expect(new Set(looks).size).toBe(4);
    expect(coloured.status("completed")("x")).toContain("\x1b[32m");
    expect(coloured.status("failed")("x")).toContain("\x1b[31m");
    expect(coloured.status("abandoned")("x")).toContain("\x1b[33m");
    expect(plain.priority("urgent")("x")).toBe("x");
  });
});

describe("units", () => {
  it("formats durations one way", () => {
    expect(formatDuration(45)).toBe("45s");
    expect(formatDuration(380)).toBe("6m 20s");
    expect(formatDuration(65)).toBe("1m 05s");
    expect(formatDuration(2880)).toBe("48m 00s");
    expect(formatDuration(7260)).toBe("2h 01m");
    expect(formatDuration(90_000)).toBe("1d 01h");
    expect(formatDuration(Number.NaN)).toBe("-");
  });

  it("counts with the right plural", () => {
    expect(count(1, "attempt")).toBe("1 attempt");
    expect(count(2, "attempt")).toBe("2 attempts");
    expect(count(1, "criterion")).toBe("1 criterion");
    expect(count(3, "criterion")).toBe("3 criteria");
    expect(count(1, "retry")).toBe("1 retry");
    expect(count(0, "retry")).toBe("0 retries");
  });

  it("says how long ago", () => {
    const now = Date.parse("2026-11-29T12:00:00Z");
    expect(relativeTime("2026-11-29T11:59:30Z", now)).toBe("just now");
    expect(relativeTime("2026-11-29T11:55:00Z", now)).toBe("5 minutes ago");
    expect(relativeTime("2026-11-29T11:00:00Z", now)).toBe("1 hour ago");
    expect(relativeTime("2026-11-26T12:00:00Z", now)).toBe("3 days ago");
    expect(relativeTime("2026-09-01T12:00:00Z", now)).toBe("2 months ago");
    expect(relativeTime("2026-12-02T12:00:00Z", now)).toBe("in 3 days");
    expect(relativeTime("not a date", now)).toBe("not a date");
    // a task without any timestamp reads as the epoch: no time, not "56 years ago"
    expect(relativeTime(NO_TIMESTAMP, now)).toBe("");
    expect(relativeTime(undefined, now)).toBe("");
    // the board's coarse "3 d" shares the test of an unknown time
    expect([NO_TIMESTAMP, undefined, null, ""].map(isUnknownTime)).toEqual([true, true, true, true]);
    expect(isUnknownTime("2026-11-26T12:00:00Z")).toBe(false);
  });
});

describe("human text helpers", () => {
  it("flows label/value pairs and wraps labelled text within the width", () => {
    const pairs: [string, string][] = [
      ["state", "ready"],
      ["priority", "high"],
      ["path", "tasks/10-ready/task-日本語のタイトル-very-long-name.md"],
    ];
    const lines = flow(pairs, 30, plain.dim);
    expect(lines[0]).toBe("state ready  priority high");
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(30);
    const wrapped = labelled(
      "blocked:",
      "waiting for the 日本語 review and a very long reason",
      30,
      plain.fail,
    );
    expect(wrapped[0]!.startsWith("blocked: ")).toBe(true);
    expect(wrapped[1]!.startsWith(" ".repeat(9))).toBe(true);
    for (const l of wrapped) expect(displayWidth(l)).toBeLessThanOrEqual(30);
  });

  it("renders a body for reading: no template comments, empty sections folded", () => {
    const body = [
      "",
      "## Overview",
      "",
      "<!-- What and why, in two sentences. -->",
      "A real overview that is long enough to wrap at a narrow width.",
      "",
      "## Acceptance Criteria",
      "",
      "- [ ] A criterion whose text is long enough to wrap onto a second line",
      "",
      "## Technical Approach",
      "",
      "<!-- How. -->",
      "",
      "## Post-Implementation Insights",
      "",
      "### Changelog",
      "",
      "### Decisions",
      "",
      "```",
      "code stays as it is, only cut at the width when it is too long",
      "```",
      "",
    ].join("\n");
    const lines = readableBody(body, 40, plain);
    const text = lines.join("\n");
    expect(text).not.toContain("<!--");
    expect(text).not.toContain("## Technical Approach");
    expect(text).toContain("## Post-Implementation Insights");
    expect(text).toContain("### Decisions");
    expect(text).not.toContain("### Changelog");
    expect(lines[lines.length - 1]).toBe("empty: Technical Approach, Changelog");
    expect(lines).toContain("- [ ] A criterion whose text is long");
    expect(lines).toContain("      enough to wrap onto a second line");
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(40);
  });
});

describe("ids from titles in any script", () => {
  it("transliterates where it can and says so", () => {
    expect(slugFromTitle("Fix the navbar")).toBe("fix-the-navbar");
    expect(idBaseFromTitle("Café crème")).toEqual({ id: "cafe-creme", source: "slug" });
    expect(idBaseFromTitle("Привет мир")).toEqual({ id: "privet-mir", source: "transliterated" });
    expect(idBaseFromTitle("日本語のタイトル")).toEqual({
      id: "ri-ben-yu-notaitoru",
      source: "transliterated",
    });
    expect(idBaseFromTitle("🚀 launch")).toEqual({ id: "launch", source: "slug" });
  });

  it("falls back to a short stable hash when nothing can be spelt", () => {
    const a = idBaseFromTitle("🚀🚀✨");
    expect(a.source).toBe("fallback");
    expect(a.id).toMatch(/^t-[0-9a-z]{6}$/);
    expect(idBaseFromTitle("🚀🚀✨").id).toBe(a.id);
    expect(idBaseFromTitle("🎉🎉").id).not.toBe(a.id);
    expect(idBaseFromTitle("🚀", "epic").id).toMatch(/^e-/);
    expect(deriveId("🚀🚀✨", (id) => id === a.id)?.id).toBe(`${a.id}-2`);
  });
});

describe("input conventions", () => {
  it("an empty --meta value unsets the key", () => {
    expect(parseMetaAssignment("blocked=")).toEqual(["blocked", null]);
    expect(parseMetaAssignment("touches=")).toEqual(["touches", null]);
    expect(parseMetaAssignment("blocked=waiting")).toEqual(["blocked", "waiting"]);
  });

  it("a key given twice is a usage error (exit 5)", () => {
    expect(() => assertOneChangePerKey([["size", "small"]], ["size"])).toThrow(
      expect.objectContaining({ category: "usage" }),
    );
    expect(() =>
      assertOneChangePerKey(
        [
          ["size", "small"],
          ["size", "large"],
        ],
        [],
      ),
    ).toThrow(/more than once/);
    expect(() => assertOneChangePerKey([["size", "small"]], ["blocked"])).not.toThrow();
  });
});

describe("wrap on huge input", () => {
  it("cuts a 100,000-character word into full lines in one pass (a huge file's line must not hang show)", () => {
    const word = "ab".repeat(50_000);
    const lines = wrap(`start ${word} end`, 80);
    expect(lines[0]).toBe("start");
    expect(lines.slice(1, -1).every((l) => l.length === 80)).toBe(true);
    expect(lines.join("").replace(/^start|end$/g, "")).toBe(word);
    expect(lines.at(-1)!.endsWith("end")).toBe(true);
  });
});

describe("validate's hints", () => {
  it("a long hint breaks between words, never between a quote and what follows it", () => {
    const hint =
      'taskplain update boxes --field acceptance_criteria @criteria.md   (each criterion as "- [ ] …" or "- [x] …")';
    const text = renderValidate(
      {
        ok: false,
        errors: [
          { code: "acceptance_criteria_format", severity: "error", message: "bad box", file: "t.md", hint },
        ],
        warnings: [],
        fixed: [],
        counts: { files: 1, errors: 1, warnings: 0 },
      },
      { width: 80, theme: plain, now: 0 },
    );
    expect(text).toContain('"- [x] …")');
    expect(
      text
        .split("\n")
        .filter((l) => l.startsWith("      "))
        .join(" ")
        .replace(/\s+/g, " "),
    ).toContain(hint.replace(/\s+/g, " "));
  });
});
