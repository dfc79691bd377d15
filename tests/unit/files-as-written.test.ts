// Parsing rules of task-format.md "Files as people really write them", one kind each.
import { describe, expect, it } from "vitest";
import {
  acceptanceCriteria,
  addMissingCheckboxes,
  checkAllBoxes,
  mergeDuplicateSections,
  readableText,
  spaceUnspacedBoxes,
  validateBody,
} from "../../src/domain/body.js";
import { completionProblems } from "../../src/domain/completion.js";
import { dependencyCycles } from "../../src/domain/dependencies.js";
import { rankReadyTasks } from "../../src/domain/ranking.js";
import { normalizeTask } from "../../src/domain/task.js";
import { dateOnlyToIso } from "../../src/domain/timestamps.js";
import { validateTaskFile } from "../../src/domain/validation/file-rules.js";
import { validateRepository } from "../../src/domain/validation/repo-rules.js";
import { splitFile } from "../../src/storage/frontmatter.js";
import { TaskFile } from "../../src/storage/taskFile.js";

const META = [
  "id: sample",
  "title: Sample",
  "kind: task",
  "state: ready",
  "priority: low",
  "created_at: 2026-01-01T00:00:00.000Z",
  "updated_at: 2026-01-01T00:00:00.000Z",
];
const file = (meta: string[], body: string, eol = "\n") =>
  `---${eol}${meta.join(eol)}${eol}---${eol}${body.replaceAll("\n", eol)}`;
const criteria = (...items: string[]) =>
  `\n## Overview\n\nText.\n\n## Acceptance Criteria\n\n${items.join("\n")}\n\n## Technical Approach\n\n- Do it.\n`;
const task = (id: string, extra: Record<string, unknown> = {}) =>
  normalizeTask(
    { id, title: id, kind: "task", state: "ready", priority: "normal", ...extra },
    {
      id,
      kind: "task",
      state: "ready",
    },
  );

describe("bytes on disk", () => {
  it("a CRLF file keeps CRLF on every line, re-rendered keys included", () => {
    const text = file(META, criteria("- [ ] a"), "\r\n");
    const f = TaskFile.parse(text);
    f.set("priority", "high");
    f.set("labels", ["a", "b"]);
    f.set("touches", ["src/**"]);
    const out = f.toString();
    expect(
      out
        .split("\n")
        .slice(0, -1)
        .every((line) => line.endsWith("\r")),
    ).toBe(true);
    expect(out).toContain("labels:\r\n  - a\r\n  - b\r\n");
    expect(out.replaceAll("\r\n", "")).not.toContain("\n");
  });

  it("an LF file stays LF", () => {
    const f = TaskFile.parse(file(META, criteria("- [ ] a")));
    f.set("labels", ["x"]);
    expect(f.toString()).not.toContain("\r");
  });

  it("a UTF-8 BOM is read past and written back", () => {
    const text = `\uFEFF${file(META, criteria("- [ ] a"))}`;
    expect(splitFile(text).frontmatter).toContain("id: sample");
    const f = TaskFile.parse(text);
    expect(f.toString()).toBe(text);
    f.set("priority", "urgent");
    expect(f.toString().startsWith("\uFEFF---\n")).toBe(true);
    expect(f.data().priority).toBe("urgent");
  });

  it("tabs, trailing spaces and a missing final newline in untouched text are kept", () => {
    const body =
      "\n## Overview\n\n\tindented\t \n\n## Acceptance Criteria\n\n- [ ] a  \n\n## Technical Approach\n\nend";
    const f = TaskFile.parse(file(META, body));
    f.set("priority", "high");
    expect(f.toString().endsWith(body)).toBe(true);
  });
});

describe("YAML comments survive edits of the keys around them", () => {
  const meta = [
    "id: sample",
    "title: Sample",
    "# the old tool wrote the next key",
    "parent: story",
    "# reviewed by maria",
    "kind: task",
    "state: ready",
    "priority: low # urgent after the launch",
    "# size is a guess",
    "created_at: 2026-01-01T00:00:00.000Z",
    "updated_at: 2026-01-01T00:00:00.000Z",
  ];

  it("deleting a key keeps the comment lines after it, once", () => {
    const f = TaskFile.parse(file(meta, "\nbody\n"));
    f.delete("parent");
    const out = f.toString();
    expect(out).not.toContain("parent:");
    for (const c of ["# the old tool wrote the next key", "# reviewed by maria", "# size is a guess"])
      expect(out.split(c).length).toBe(2);
  });

  it("re-rendering a key keeps the comment lines that follow it and writes none twice", () => {
    const f = TaskFile.parse(file(meta, "\nbody\n"));
    f.set("priority", "high");
    f.set("kind", "story");
    const out = f.toString();
    expect(out).toContain("priority: high\n# size is a guess\n");
    expect(out).toContain("# reviewed by maria\nkind: story\n");
    expect(out.split("# reviewed by maria").length).toBe(2);
  });
});

describe("criteria follow Markdown's block structure", () => {
  it("[x], [X] and [ ] are boxes; [~], [] and a box without its space are malformed", () => {
    const ac = acceptanceCriteria(
      criteria("- [x] bravo", "- [X] charlie", "- [ ] delta", "- [~] alpha", "- [ ]no space", "- [] empty"),
    );
    expect(ac.items.map((i) => [i.text, i.checked])).toEqual([
      ["bravo", true],
      ["charlie", true],
      ["delta", false],
    ]);
    expect(ac.malformedItems.map((i) => i.raw)).toEqual(["- [~] alpha", "- [ ]no space", "- [] empty"]);
    expect(ac.nonCheckboxItems).toEqual([]);
  });

  it("fix never adds a second box; it only adds the missing space after a valid mark", () => {
    const body = criteria("- [~] alpha", "- [ ]no space", "- [x]done", "- plain");
    const boxes = addMissingCheckboxes(body);
    expect(boxes.body).toContain("- [~] alpha\n- [ ]no space\n- [x]done\n- [ ] plain\n");
    const spaced = spaceUnspacedBoxes(boxes.body);
    expect(spaced.fixed).toBe(2);
    expect(spaced.body).toContain("- [~] alpha\n- [ ] no space\n- [x] done\n- [ ] plain\n");
  });

  it("a malformed box is a format error and blocks completion, like validate says", () => {
    const body = `${criteria("- [x] bravo", "- [~] alpha")}\n## Post-Implementation Insights\n\n### Changelog\n\n- Did it.\n`;
    const findings = validateBody(body, "in-progress");
    expect(findings.map((f) => [f.code, f.severity])).toContainEqual(["acceptance_criteria_format", "error"]);
    expect(findings.map((f) => f.code)).not.toContain("all_criteria_checked");
    expect(completionProblems("x", "feat: x", body).map((p) => p.code)).toEqual([
      "acceptance_criteria_format",
    ]);
    // ticking every box leaves the malformed one alone: still refused
    expect(completionProblems("x", "feat: x", checkAllBoxes(body).body).length).toBe(1);
  });

  it("boxes inside indented code, HTML blocks and block quotes are text, not criteria", () => {
    const ac = acceptanceCriteria(
      criteria(
        "- [ ] real",
        "",
        "    - [ ] indented code",
        "",
        "<div>",
        "- [ ] inside html",
        "</div>",
        "",
        "> - [ ] quoted",
        "",
        "<pre>",
        "- [ ] preformatted",
        "",
        "- [ ] still preformatted",
        "</pre>",
      ),
    );
    expect(ac.items.map((i) => i.text)).toEqual(["real"]);
  });

  it("a section written twice is read in full, reported, and merged by fix", () => {
    const body = `${criteria("- [x] first")}\n## Acceptance Criteria\n\n- [ ] second\n`;
    expect(acceptanceCriteria(body)).toMatchObject({ total: 2, checked: 1 });
    const dup = validateBody(body, "in-progress").find((f) => f.code === "duplicate_section");
    expect(dup?.severity).toBe("error");
    expect(completionProblems("x", "feat: x", body).map((p) => p.code)).toContain("duplicate_section");
    const merged = mergeDuplicateSections(body);
    expect(merged.merged).toEqual(["## Acceptance Criteria"]);
    expect(merged.body.match(/## Acceptance Criteria/g)?.length).toBe(1);
    expect(acceptanceCriteria(merged.body)).toMatchObject({ total: 2, checked: 1 });
    expect(merged.body).toContain("## Technical Approach\n\n- Do it.\n");
  });
});

describe("search sees what a reader sees", () => {
  it("HTML comments are gone, code keeps its text", () => {
    const body =
      "## Overview\n\n<!-- guidance: describe the problem -->\nVisible words.\n\n```\n<!-- in code -->\n```\n";
    const text = readableText(body);
    expect(text).not.toContain("guidance");
    expect(text).toContain("Visible words.");
    expect(text).toContain("<!-- in code -->");
  });
});

describe("dependency cycles", () => {
  it("finds each cycle once, a self-dependency included, and ignores missing ids", () => {
    const cycles = dependencyCycles([
      { id: "t-a", depends_on: ["t-b"] },
      { id: "t-b", depends_on: ["t-a", "gone"] },
      { id: "t-c", depends_on: ["t-c"] },
      { id: "t-d", depends_on: ["t-a"] },
    ]);
    expect(cycles).toEqual([
      ["t-a", "t-b", "t-a"],
      ["t-c", "t-c"],
    ]);
  });

  it("validate reports dependency_cycle with a hint that breaks it", () => {
    const tasks = [task("t-a", { depends_on: ["t-b"] }), task("t-b", { depends_on: ["t-a"] })];
    const found = validateRepository(tasks.map((t) => ({ path: `tasks/10-ready/task-${t.id}.md`, task: t })));
    const cycle = found.find((f) => f.code === "dependency_cycle");
    expect(cycle?.severity).toBe("error");
    expect(cycle?.hint).toBe("taskplain update t-a --unset depends_on");
  });

  it("next explains a cycle instead of waiting on it", () => {
    const result = rankReadyTasks([task("t-c", { depends_on: ["t-c"] })]);
    expect(result.skipped).toMatchObject([{ id: "t-c", code: "dependency_cycle" }]);
    expect(result.skipped[0]!.reason).toContain("t-c depends on itself");
  });
});

describe("date-only timestamps", () => {
  it("are midnight UTC of that date once repaired; nothing else is", () => {
    expect(dateOnlyToIso("2026-03-14")).toBe("2026-03-14T00:00:00.000Z");
    expect(dateOnlyToIso("2026-02-30")).toBeUndefined();
    expect(dateOnlyToIso("2026-03-14T10:00:00Z")).toBeUndefined();
    expect(dateOnlyToIso(20260314)).toBeUndefined();
  });

  it("validate names validate --fix as the repair, not a refused update", () => {
    const raw = { id: "d", title: "D", kind: "task", state: "ready", priority: "low" } as Record<
      string,
      unknown
    >;
    raw.created_at = "2026-03-14";
    raw.updated_at = "2026-03-14T00:00:00.000Z";
    const findings = validateTaskFile({
      path: "tasks/10-ready/task-d.md",
      folderState: "ready",
      fileName: "task-d.md",
      raw,
      task: normalizeTask(raw, { id: "d", kind: "task", state: "ready" }),
      body: criteria("- [ ] a"),
    });
    const f = findings.find((x) => x.field === "created_at")!;
    expect(f.code).toBe("invalid_timestamp");
    expect(f.hint).toBe("taskplain validate --fix d");
    expect(f.message).toContain("2026-03-14T00:00:00.000Z");
  });
});
