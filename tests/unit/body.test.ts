import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  acceptanceCriteria,
  addMissingCheckboxes,
  changelogBullets,
  checkAllBoxes,
  insertMissingHeadings,
  newTaskBody,
  parseBody,
  replaceSection,
  resolveSectionId,
  SECTION_IDS,
  SECTIONS,
  sectionContent,
  stripLeadingHeading,
  validateBody,
} from "../../src/domain/body.js";
import type { State } from "../../src/domain/enums.js";
import { TaskFile } from "../../src/storage/taskFile.js";
import { FIXTURES } from "../helpers.js";

const lines = (...ls: string[]) => `${ls.join("\n")}\n`;
const crlf = (text: string) => text.replaceAll("\n", "\r\n");

/** A complete body in the shape the template produces, filled in. */
const full = lines(
  "",
  "## Overview",
  "",
  "Readers lose their place when the page reloads.",
  "",
  "## Acceptance Criteria",
  "",
  "- [x] Scroll position survives a reload",
  "- [ ] Works with the `?page=` query and [the docs](docs/scroll.md)",
  "",
  "## Technical Approach",
  "",
  "Store the offset in sessionStorage.",
  "",
  "## Post-Implementation Insights",
  "",
  "### Changelog",
  "",
  "- Kept the reading position across reloads.",
  "",
  "### Decisions",
  "",
  "- sessionStorage over localStorage: per tab.",
  "",
  "### Technical Changes",
  "",
  "- `src/scroll.ts`: new module.",
);

describe("sections", () => {
  it("defines the canonical sections and ids once", () => {
    expect(SECTIONS.map((s) => s.heading)).toEqual([
      "## Overview",
      "## Acceptance Criteria",
      "## Technical Approach",
      "## Post-Implementation Insights",
    ]);
    expect(SECTION_IDS).toEqual([
      "overview",
      "acceptance_criteria",
      "technical_approach",
      "post_implementation_insights",
      "body",
    ]);
  });

  it("resolves ids, the alias, case, hyphens and heading names", () => {
    expect(resolveSectionId("overview")).toBe("overview");
    expect(resolveSectionId("Acceptance-Criteria")).toBe("acceptance_criteria");
    expect(resolveSectionId("DELIVERY_PLAN")).toBe("technical_approach");
    expect(resolveSectionId("delivery-plan")).toBe("technical_approach");
    expect(resolveSectionId("post-implementation-insights")).toBe("post_implementation_insights");
    expect(resolveSectionId("## Technical Approach")).toBe("technical_approach");
    expect(resolveSectionId("Body")).toBe("body");
    expect(resolveSectionId("progress")).toBeUndefined();
    expect(resolveSectionId("")).toBeUndefined();
  });
});

describe("newTaskBody", () => {
  const body = newTaskBody();

  it("has every heading in order, guidance in comments, blank lines between, one final newline", () => {
    expect(body.startsWith("\n## Overview\n\n<!-- ")).toBe(true);
    expect(body.endsWith("-->\n")).toBe(true);
    expect(body.endsWith("\n\n")).toBe(false);
    expect(parseBody(body).headings.map((h) => `${"#".repeat(h.level)} ${h.text}`)).toEqual([
      "## Overview",
      "## Acceptance Criteria",
      "## Technical Approach",
      "## Post-Implementation Insights",
      "### Changelog",
      "### Decisions",
      "### Technical Changes",
    ]);
    const nonEmpty = body.split("\n").filter((l) => l !== "");
    for (const l of nonEmpty) expect(l.startsWith("#") || /^<!-- .+ -->$/.test(l)).toBe(true);
    expect(body).not.toContain("\n\n\n");
  });

  it("reads as an empty but well-formed task", () => {
    expect(acceptanceCriteria(body)).toEqual({
      items: [],
      total: 0,
      checked: 0,
      nonCheckboxItems: [],
      malformedItems: [],
    });
    expect(changelogBullets(body)).toEqual([]);
    expect(validateBody(body, "idea").map((f) => f.code)).toEqual(["acceptance_criteria_empty"]);
    expect(
      insertMissingHeadings(
        body,
        SECTIONS.map((s) => s.heading),
      ),
    ).toEqual({ body, inserted: [] });
  });
});

describe("parseBody", () => {
  it("finds headings with level, text, line and section range", () => {
    const parsed = parseBody(full);
    const ac = parsed.headings.find((h) => h.text === "Acceptance Criteria")!;
    expect(ac).toEqual({ level: 2, text: "Acceptance Criteria", line: 5, contentStart: 6, contentEnd: 10 });
    const pii = parsed.headings.find((h) => h.text === "Post-Implementation Insights")!;
    expect(pii.contentEnd).toBe(parsed.lines.length);
    const decisions = parsed.headings.find((h) => h.text === "Decisions")!;
    expect(decisions).toMatchObject({ level: 3, line: 20, contentEnd: 24 });
    expect(parsed.eol).toBe("\n");
    expect(parsed.lines.map((l) => l.text + l.eol).join("")).toBe(full);
  });

  it("ignores headings inside code fences and HTML comments", () => {
    const body = lines(
      "## Overview",
      "```yaml",
      "# a yaml comment",
      "## Not a heading",
      "```",
      "~~~~",
      "## Still code",
      "~~~",
      "## Still code, the fence needs four tildes",
      "~~~~",
      "<!-- ## Hidden",
      "## Hidden too -->",
      "Text `<!--` in code is not a comment",
      "## Technical Approach ##",
    );
    expect(parseBody(body).headings.map((h) => [h.level, h.text, h.line])).toEqual([
      [2, "Overview", 0],
      [2, "Technical Approach", 13],
    ]);
  });

  it("keeps CRLF line endings", () => {
    const parsed = parseBody(crlf(full));
    expect(parsed.eol).toBe("\r\n");
    expect(parsed.headings.map((h) => h.text)).toEqual(parseBody(full).headings.map((h) => h.text));
  });
});

describe("acceptanceCriteria", () => {
  it("reads checked and unchecked items", () => {
    expect(acceptanceCriteria(full)).toEqual({
      items: [
        {
          line: 7,
          checked: true,
          text: "Scroll position survives a reload",
          raw: "- [x] Scroll position survives a reload",
        },
        {
          line: 8,
          checked: false,
          text: "Works with the `?page=` query and [the docs](docs/scroll.md)",
          raw: "- [ ] Works with the `?page=` query and [the docs](docs/scroll.md)",
        },
      ],
      total: 2,
      checked: 1,
      nonCheckboxItems: [],
      malformedItems: [],
    });
  });

  it("accepts every marker and [X], reports items without a box, skips nested and hidden ones", () => {
    const body = lines(
      "## Acceptance Criteria",
      "",
      "- [X] upper-case x",
      "* [ ] star marker",
      "+ [x] plus marker",
      "1. [ ] ordered",
      "2) plain ordered item",
      "- [ ] parent",
      "  - [ ] nested detail, not a criterion",
      "  - nested without a box is fine",
      "- plain bullet",
      "<!-- - [ ] commented out -->",
      "```",
      "- [ ] inside a fence",
      "```",
      "-",
      "---",
      "Some closing prose.",
      "",
      "## Technical Approach",
      "- [ ] not in the section",
    );
    const ac = acceptanceCriteria(body);
    expect(ac.items.map((i) => [i.text, i.checked])).toEqual([
      ["upper-case x", true],
      ["star marker", false],
      ["plus marker", true],
      ["ordered", false],
      ["parent", false],
    ]);
    expect(ac.total).toBe(5);
    expect(ac.checked).toBe(2);
    expect(ac.nonCheckboxItems).toEqual([
      { line: 6, raw: "2) plain ordered item" },
      { line: 10, raw: "- plain bullet" },
    ]);
  });

  it("joins a wrapped criterion and counts items under ### subheadings", () => {
    const body = lines(
      "## Acceptance Criteria",
      "",
      "### API",
      "- [ ] returns 404 for unknown ids",
      "  and logs nothing",
      "",
      "### UI",
      "- [x] shows an empty state",
    );
    const ac = acceptanceCriteria(body);
    expect(ac.items.map((i) => i.text)).toEqual([
      "returns 404 for unknown ids and logs nothing",
      "shows an empty state",
    ]);
  });

  it("is empty without the section", () => {
    expect(acceptanceCriteria(lines("## Overview", "", "- [ ] not a criterion"))).toEqual({
      items: [],
      total: 0,
      checked: 0,
      nonCheckboxItems: [],
      malformedItems: [],
    });
  });
});

describe("changelogBullets", () => {
  it("returns the bullets under ### Changelog inside Post-Implementation Insights", () => {
    expect(changelogBullets(full)).toEqual(["Kept the reading position across reloads."]);
    const body = lines(
      "## Post-Implementation Insights",
      "### Changelog",
      "- First change,",
      "wrapped onto a second line.",
      "* Second change",
      "  - a nested detail",
      "<!-- - a commented bullet",
      "- another one -->",
      "```",
      "- fenced",
      "```",
      "### Architecture",
      "- not a changelog entry",
    );
    expect(changelogBullets(body)).toEqual(["First change, wrapped onto a second line.", "Second change"]);
    expect(changelogBullets(crlf(body))).toEqual(changelogBullets(body));
  });

  it("is empty when the subsection is missing, empty or outside the insights", () => {
    expect(changelogBullets(newTaskBody())).toEqual([]);
    expect(changelogBullets(lines("## Overview", "### Changelog", "- misplaced"))).toEqual([]);
    expect(
      changelogBullets(lines("## Post-Implementation Insights", "### Changelog", "", "### Decisions", "- x")),
    ).toEqual([]);
  });
});

describe("replaceSection", () => {
  it("replaces the content of a section and nothing else", () => {
    const out = replaceSection(full, "technical_approach", "Use the History API.\n\n- step one");
    expect(out).toBe(
      full.replace("Store the offset in sessionStorage.\n", "Use the History API.\n\n- step one\n"),
    );
  });

  it("normalises blank lines around the content", () => {
    const body = lines("## Overview", "old", "## Acceptance Criteria", "- [ ] a");
    expect(replaceSection(body, "overview", "\n\nnew text\n\n\n")).toBe(
      lines("## Overview", "", "new text", "", "## Acceptance Criteria", "- [ ] a"),
    );
    expect(replaceSection(body, "overview", "")).toBe(
      lines("## Overview", "", "## Acceptance Criteria", "- [ ] a"),
    );
    expect(replaceSection(body, "acceptance_criteria", "- [ ] b")).toBe(
      lines("## Overview", "old", "## Acceptance Criteria", "", "- [ ] b"),
    );
  });

  it("strips a leading heading that repeats the section's own", () => {
    const expected = full.replace(
      "Readers lose their place when the page reloads.\n",
      "A new overview.\n\n### Detail\n\nMore.\n",
    );
    expect(replaceSection(full, "overview", "## Overview\n\nA new overview.\n\n### Detail\n\nMore.")).toBe(
      expected,
    );
    expect(replaceSection(full, "overview", "\n# overview\nA new overview.\n\n### Detail\n\nMore.\n")).toBe(
      expected,
    );
    expect(stripLeadingHeading("overview", "## Overview\n\ntext")).toEqual({
      text: "\ntext",
      stripped: true,
    });
    expect(stripLeadingHeading("overview", "## Scope\n\ntext")).toEqual({
      text: "## Scope\n\ntext",
      stripped: false,
    });
  });

  it("replaces the insights with their subsections and accepts the alias", () => {
    const insights = "### Changelog\n\n- Did it.\n\n### Decisions\n\n- None.";
    const out = replaceSection(full, "post_implementation_insights", insights);
    expect(out).toBe(
      `${full.slice(0, full.indexOf("## Post-Implementation Insights"))}## Post-Implementation Insights\n\n${insights}\n`,
    );
    expect(changelogBullets(out)).toEqual(["Did it."]);
    expect(replaceSection(full, "delivery_plan", "x")).toBe(replaceSection(full, "technical_approach", "x"));
  });

  it("inserts a missing section in canonical position", () => {
    const body = lines("## Overview", "", "Why.", "", "## Technical Approach", "", "How.");
    expect(replaceSection(body, "acceptance_criteria", "- [ ] it works")).toBe(
      lines(
        "## Overview",
        "",
        "Why.",
        "",
        "## Acceptance Criteria",
        "",
        "- [ ] it works",
        "",
        "## Technical Approach",
        "",
        "How.",
      ),
    );
    expect(replaceSection(body, "post_implementation_insights", "### Changelog\n- done")).toBe(
      lines(
        "## Overview",
        "",
        "Why.",
        "",
        "## Technical Approach",
        "",
        "How.",
        "",
        "## Post-Implementation Insights",
        "",
        "### Changelog",
        "- done",
      ),
    );
    expect(replaceSection("", "overview", "Hello")).toBe(lines("## Overview", "", "Hello"));
  });

  it("replaces the whole body for 'body'", () => {
    expect(replaceSection(full, "body", "## Overview\n\nAll new.\n")).toBe("## Overview\n\nAll new.\n");
    expect(replaceSection(full, "body", "no newline")).toBe("no newline\n");
    expect(replaceSection(crlf(full), "body", "x")).toBe("x\r\n");
  });

  it("is a no-op when the content is already the same, and refuses unknown sections", () => {
    expect(replaceSection(full, "overview", "Readers lose their place when the page reloads.")).toBe(full);
    expect(() => replaceSection(full, "progress", "x")).toThrow(/unknown body section/);
  });

  it("ignores a look-alike heading inside a fence", () => {
    const body = lines(
      "## Overview",
      "",
      "```md",
      "## Technical Approach",
      "```",
      "",
      "## Technical Approach",
      "",
      "real",
    );
    expect(replaceSection(body, "technical_approach", "new")).toBe(
      lines(
        "## Overview",
        "",
        "```md",
        "## Technical Approach",
        "```",
        "",
        "## Technical Approach",
        "",
        "new",
      ),
    );
  });

  it("keeps CRLF bodies CRLF, new text included", () => {
    const out = replaceSection(crlf(full), "technical_approach", "line one\nline two");
    expect(out).toBe(crlf(replaceSection(full, "technical_approach", "line one\nline two")));
    expect(out.replaceAll("\r\n", "")).not.toContain("\n");
  });

  it("reads back what it wrote", () => {
    expect(sectionContent(replaceSection(newTaskBody(), "overview", "Hello"), "overview")).toBe(
      "\nHello\n\n",
    );
    expect(sectionContent(full, "progress")).toBeNull();
  });
});

describe("insertMissingHeadings", () => {
  const required = SECTIONS.map((s) => s.heading);

  it("inserts each missing heading in canonical position and touches nothing else", () => {
    const body = lines(
      "",
      "## Overview",
      "",
      "Text with trailing spaces   ",
      "",
      "## Technical Approach",
      "",
      "- step",
      "",
      "## Progress",
      "",
      "Halfway.",
    );
    const out = insertMissingHeadings(body, required);
    expect(out.inserted).toEqual(["## Acceptance Criteria", "## Post-Implementation Insights"]);
    expect(out.body).toBe(
      lines(
        "",
        "## Overview",
        "",
        "Text with trailing spaces   ",
        "",
        "## Acceptance Criteria",
        "",
        "## Technical Approach",
        "",
        "- step",
        "",
        "## Progress",
        "",
        "Halfway.",
        "",
        "## Post-Implementation Insights",
      ),
    );
  });

  it("puts a missing first section before the next one and adds a blank line where needed", () => {
    expect(
      insertMissingHeadings(lines("Preamble.", "## Acceptance Criteria", "- [ ] a"), ["## Overview"]),
    ).toEqual({
      body: lines("Preamble.", "", "## Overview", "", "## Acceptance Criteria", "- [ ] a"),
      inserted: ["## Overview"],
    });
  });

  it("handles empty bodies, bodies without a final newline, and ids", () => {
    expect(insertMissingHeadings("", ["overview", "acceptance_criteria"]).body).toBe(
      lines("## Overview", "", "## Acceptance Criteria"),
    );
    expect(insertMissingHeadings("## Overview\n\nno newline", ["## Acceptance Criteria"]).body).toBe(
      lines("## Overview", "", "no newline", "", "## Acceptance Criteria"),
    );
  });

  it("does not count a heading inside a comment or fence as present", () => {
    const body = lines(
      "## Overview",
      "<!--",
      "## Acceptance Criteria",
      "-->",
      "```",
      "## Technical Approach",
      "```",
    );
    const out = insertMissingHeadings(body, required.slice(0, 3));
    expect(out.inserted).toEqual(["## Acceptance Criteria", "## Technical Approach"]);
    expect(out.body).toBe(`${body}\n## Acceptance Criteria\n\n## Technical Approach\n`);
  });

  it("leaves a complete body alone (also CRLF) and matches headings case-insensitively", () => {
    expect(insertMissingHeadings(crlf(full), required)).toEqual({ body: crlf(full), inserted: [] });
    expect(insertMissingHeadings(lines("## overview"), ["## Overview"]).inserted).toEqual([]);
    const out = insertMissingHeadings(crlf(lines("## Overview", "", "x")), ["## Technical Approach"]);
    expect(out.body).toBe(crlf(lines("## Overview", "", "x", "", "## Technical Approach")));
  });
});

describe("addMissingCheckboxes", () => {
  it("adds [ ] after the marker of items that lack one, leaving every other byte", () => {
    const body = lines(
      "## Overview",
      "- not a criterion",
      "## Acceptance Criteria",
      "- [x] done already with [a link](https://example.com) and `code`   ",
      "- plain with `code` and [a link](x.md)  ",
      "*   spaced star",
      "12. ordered",
      "- [ ] parent",
      "  - nested stays as is",
      "<!-- - hidden -->",
      "## Technical Approach",
      "- not a criterion either",
    );
    const out = addMissingCheckboxes(body);
    expect(out.fixed).toBe(3);
    expect(out.body).toBe(
      lines(
        "## Overview",
        "- not a criterion",
        "## Acceptance Criteria",
        "- [x] done already with [a link](https://example.com) and `code`   ",
        "- [ ] plain with `code` and [a link](x.md)  ",
        "*   [ ] spaced star",
        "12. [ ] ordered",
        "- [ ] parent",
        "  - nested stays as is",
        "<!-- - hidden -->",
        "## Technical Approach",
        "- not a criterion either",
      ),
    );
    expect(acceptanceCriteria(out.body).nonCheckboxItems).toEqual([]);
  });

  it("returns the same string when nothing is missing", () => {
    const body = lines(
      "## Acceptance Criteria",
      "- [ ] keep [this](a.md) and `that` exactly  ",
      "- [X] upper",
    );
    expect(addMissingCheckboxes(body)).toEqual({ body, fixed: 0 });
    expect(addMissingCheckboxes(full)).toEqual({ body: full, fixed: 0 });
  });

  it("keeps CRLF", () => {
    const body = crlf(lines("## Acceptance Criteria", "- one", "- [x] two"));
    expect(addMissingCheckboxes(body)).toEqual({
      body: crlf(lines("## Acceptance Criteria", "- [ ] one", "- [x] two")),
      fixed: 1,
    });
  });
});

describe("checkAllBoxes", () => {
  it("ticks open boxes in Acceptance Criteria only", () => {
    const body = lines(
      "## Overview",
      "- [ ] not a criterion",
      "## Acceptance Criteria",
      "- [ ] first with `code`  ",
      "- [x] already",
      "- [X] already too",
      "1. [ ] ordered",
      "   - [ ] nested",
      "- no box",
      "```",
      "- [ ] fenced",
      "```",
      "<!-- - [ ] hidden -->",
      "## Technical Approach",
      "- [ ] not a criterion",
    );
    const out = checkAllBoxes(body);
    expect(out.ticked).toBe(3);
    expect(out.body).toBe(
      body
        .replace("- [ ] first", "- [x] first")
        .replace("1. [ ] ordered", "1. [x] ordered")
        .replace("   - [ ] nested", "   - [x] nested"),
    );
    expect(acceptanceCriteria(out.body)).toMatchObject({ total: 4, checked: 4 });
  });

  it("changes nothing when every box is ticked, and keeps CRLF", () => {
    const done = checkAllBoxes(full).body;
    expect(checkAllBoxes(done)).toEqual({ body: done, ticked: 0 });
    expect(checkAllBoxes(crlf(full))).toEqual({ body: crlf(done), ticked: 1 });
  });
});

describe("validateBody", () => {
  const codes = (body: string, state: State) =>
    validateBody(body, state).map((f) => `${f.severity}:${f.code}`);

  it("accepts a complete body in every state but reports checked criteria while open", () => {
    const allChecked = checkAllBoxes(full).body;
    expect(codes(full, "idea")).toEqual([]);
    expect(codes(full, "ready")).toEqual([]);
    // done with a box still open: complete would have refused it, so a warning (old files may have it)
    expect(codes(full, "done")).toEqual(["warning:acceptance_incomplete"]);
    expect(validateBody(full, "done")[0]!.message).toBe(
      "The task is done but 1 of 2 acceptance criteria is not checked; check what was done, or reopen the task if work remains.",
    );
    expect(codes(allChecked, "ready")).toEqual(["warning:all_criteria_checked"]);
    expect(codes(allChecked, "in-progress")).toEqual(["warning:all_criteria_checked"]);
    expect(codes(allChecked, "done")).toEqual([]);
    expect(codes(allChecked, "idea")).toEqual([]);
    const [f] = validateBody(allChecked, "in-progress");
    expect(f!.hint).toBe("taskplain complete {id}");
    expect(f!.message).toMatch(/still in-progress/);
  });

  it("warns about missing headings, insights only when done", () => {
    const body = lines("## Acceptance Criteria", "- [ ] a");
    expect(codes(body, "ready")).toEqual(["warning:missing_heading", "warning:missing_heading"]);
    expect(validateBody(body, "ready").map((f) => f.message)).toEqual([
      'The body has no "## Overview" section.',
      'The body has no "## Technical Approach" section.',
    ]);
    expect(validateBody(body, "ready")[0]!.hint).toBe("taskplain validate --fix {id}");
    expect(codes(body, "done")).toEqual([
      "warning:missing_heading",
      "warning:missing_heading",
      "warning:missing_heading",
      "warning:acceptance_incomplete",
      "error:insights_missing",
    ]);
  });

  it("grades empty criteria by state", () => {
    const body = replaceSection(full, "acceptance_criteria", "<!-- - [ ] a comment is not a criterion -->");
    expect(codes(body, "idea")).toEqual(["warning:acceptance_criteria_empty"]);
    expect(codes(body, "canceled")).toEqual(["warning:acceptance_criteria_empty"]);
    expect(codes(body, "ready")).toEqual(["error:acceptance_criteria_empty"]);
    expect(codes(body, "in-progress")).toEqual(["error:acceptance_criteria_empty"]);
    expect(codes(body, "done")).toEqual(["error:acceptance_criteria_empty"]);
    const noSection = lines("## Overview", "## Technical Approach");
    expect(codes(noSection, "ready")).toEqual(["warning:missing_heading", "error:acceptance_criteria_empty"]);
  });

  it("reports items without a checkbox once, with the fix command", () => {
    const one = replaceSection(full, "acceptance_criteria", "- [ ] fine\n- Missing its box");
    const found = validateBody(one, "ready");
    expect(found).toEqual([
      {
        code: "acceptance_criteria_format",
        severity: "error",
        message: 'The acceptance criterion "- Missing its box" has no checkbox; write it as "- [ ] …".',
        hint: "taskplain validate --fix {id}",
      },
    ]);
    const two = replaceSection(full, "acceptance_criteria", "- a\n- b");
    expect(validateBody(two, "idea").map((f) => f.message)).toEqual([
      '2 acceptance criteria have no checkbox (the first is "- a"); write each as "- [ ] …".',
    ]);
    expect(codes(addMissingCheckboxes(two).body, "idea")).toEqual([]);
  });

  it("requires a Changelog bullet when done", () => {
    const empty = replaceSection(
      full,
      "post_implementation_insights",
      "### Changelog\n\n### Decisions\n\n- one",
    );
    expect(codes(checkAllBoxes(empty).body, "done")).toEqual(["error:insights_missing"]);
    expect(codes(empty, "in-progress")).toEqual([]);
    expect(validateBody(checkAllBoxes(empty).body, "done")[0]!.hint).toContain("{id}");
  });
});

describe("project fixtures", () => {
  const dir = path.join(FIXTURES, "compat", "tasks", "30-done");
  const bodies = readdirSync(dir).map((n) => TaskFile.parse(readFileSync(path.join(dir, n), "utf8")).body);

  it.each(bodies.map((b, i) => [i, b]))(
    "done fixture %i has a valid body that the edits leave alone",
    (_i, body) => {
      const b = body as string;
      expect(validateBody(b, "done").filter((f) => f.severity === "error")).toEqual([]);
      expect(addMissingCheckboxes(b).body).toBe(b);
      expect(
        insertMissingHeadings(
          b,
          SECTIONS.map((s) => s.heading),
        ).body,
      ).toBe(b);
      expect(changelogBullets(b).length).toBeGreaterThan(0);
    },
  );
});
