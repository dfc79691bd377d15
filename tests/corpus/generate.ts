// A generated corpus of task files as they go wrong in real repositories: broken
// YAML, wrong types, unknown enums, bad and date-only dates, huge files, binary
// garbage, BOM and CRLF, no frontmatter, `---` in the body, duplicate ids, cycles,
// missing children, anchors/aliases, flow collections, tags. Deterministic (a seeded
// generator), written by us; used by tests/e2e/malformed-corpus.test.ts.

export interface CorpusFile {
  /** repo-relative path */
  rel: string;
  content: string | Buffer;
  /** the kind of input this file stands for */
  kind: string;
  /** the id the file name suggests (what a user would type to `show` it) */
  id: string;
  /** the file cannot be read as a task at all (a `parse_error`): no command may change it */
  unreadable: boolean;
}

const T = "2026-02-01T10:00:00.000Z";

/** A small deterministic PRNG (mulberry32), so the corpus is the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BODY = [
  "",
  "## Overview",
  "",
  "Why it matters.",
  "",
  "## Acceptance Criteria",
  "",
  "- [ ] It works",
  "",
  "## Technical Approach",
  "",
  "- Plan.",
  "",
].join("\n");

interface Meta {
  [key: string]: string | string[] | undefined;
}

function frontmatter(meta: Meta): string {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(meta)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) lines.push(`${k}:`, ...v.map((x) => `  - ${x}`));
    else lines.push(v === "" ? `${k}:` : `${k}: ${v}`);
  }
  return `---\n${lines.join("\n")}\n---\n`;
}

const base = (id: string, extra: Meta = {}, kind = "task", state = "ready"): Meta => ({
  id,
  title: `Corpus ${id}`,
  kind,
  state,
  priority: "normal",
  ...extra,
  created_at: extra.created_at ?? T,
  updated_at: extra.updated_at ?? T,
});

const folder = (state: string) =>
  ({
    idea: "00-idea",
    ready: "10-ready",
    "in-progress": "20-in-progress",
    done: "30-done",
    canceled: "40-canceled",
  })[state] ?? "10-ready";

/** The whole corpus: every kind of malformed input, plus a few valid neighbours they reference. */
export function malformedCorpus(seed = 11): CorpusFile[] {
  const rand = prng(seed);
  const out: CorpusFile[] = [];
  const add = (
    kind: string,
    id: string,
    content: string | Buffer,
    unreadable = false,
    state = "ready",
    fileKind = "task",
  ) => out.push({ rel: `tasks/${folder(state)}/${fileKind}-${id}.md`, content, kind, id, unreadable });
  const task = (
    kind: string,
    id: string,
    extra: Meta = {},
    body = BODY,
    state = "ready",
    fileKind = "task",
  ) => add(kind, id, frontmatter(base(id, extra, fileKind, state)) + body, false, state, fileKind);

  // valid neighbours
  task("valid", "ok-one");
  task("valid", "ok-two", { depends_on: ["ok-one"] });

  // YAML that cannot be parsed
  add(
    "bad yaml: unclosed flow",
    "bad-flow",
    `---\nid: bad-flow\ntitle: [unclosed\nkind: task\n---\n${BODY}`,
    true,
  );
  add("bad yaml: tab indentation", "bad-tab", `---\nid: bad-tab\nlabels:\n\t- a\n---\n${BODY}`, true);
  add(
    "bad yaml: duplicate key",
    "dup-key",
    `---\nid: dup-key\nid: dup-key\ntitle: Twice\n---\n${BODY}`,
    true,
  );
  add(
    "bad yaml: bad indentation",
    "bad-indent",
    `---\nid: bad-indent\n  title: x\n kind: task\n---\n${BODY}`,
    true,
  );
  add("frontmatter is a list", "as-list", `---\n- id: as-list\n- title: x\n---\n${BODY}`, true);
  add("frontmatter is a scalar", "as-scalar", `---\njust words\n---\n${BODY}`, true);
  add("empty frontmatter", "empty-fm", `---\n---\n${BODY}`, true);
  add("empty file", "empty-file", "", true);
  add("no frontmatter", "no-fm", `# Just notes\n\n- [ ] something\n`, true);
  add("unclosed frontmatter", "unclosed", `---\nid: unclosed\ntitle: Never closed\n\n## Overview\n`, true);
  add("undefined alias", "bad-alias", `---\nid: bad-alias\nlabels: *nowhere\n---\n${BODY}`, true);
  // binary garbage: random bytes, and text in another encoding
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(rand() * 256);
  add("binary garbage", "garbage", garbage, true);
  add(
    "binary garbage after ---",
    "garbage-fm",
    Buffer.concat([Buffer.from("---\n"), garbage.subarray(0, 512), Buffer.from("\n---\n")]),
    true,
  );
  add(
    "latin-1 bytes",
    "latin1",
    Buffer.from(`---\nid: latin1\ntitle: Caf\xe9 cr\xe8me\nkind: task\n---\n`, "latin1"),
    false,
  );

  // wrong types
  task("wrong type: number priority", "num-prio", { priority: "3" });
  task("wrong type: labels not a list", "labels-str", { labels: "ui, bug" });
  task("wrong type: children a map", "kids-map", { children: "{a: 1}" }, BODY, "ready", "story");
  task("wrong type: numeric id", "num-id", { id: "12345" });
  task("wrong type: null title", "null-title", { title: "" });
  task("wrong type: execution not a map", "exec-str", { execution: "lots" });
  task("wrong type: attempt fields", "bad-attempt", {
    execution:
      "\n  attempts:\n    - started_at: yesterday\n      ended_at: 2026-02-01\n      duration_seconds: -4\n      status: maybe\n      executor: {}",
  });

  // unknown enums
  task("unknown enum: state", "state-doing", { state: "doing" });
  task("unknown enum: kind", "kind-bug", { kind: "bug" });
  task("unknown enum: size", "size-huge", { size: "huge", executor: "wizard" });
  task("missing required keys", "bare", { priority: undefined, title: undefined });

  // dates
  task("invalid date", "bad-date", { created_at: "2025-13-40T00:00:00Z" });
  task("date-only dates", "date-only", { created_at: "2026-03-14", updated_at: "2026-03-15" });
  task(
    "done with date-only completion",
    "done-date",
    { commit_message: '"feat: x  [Task:done-date]"', completed_at: "2026-03-16" },
    `${BODY}\n## Post-Implementation Insights\n\n### Changelog\n\n- Done.\n`,
    "done",
  );

  // size
  const huge = `${"Lorem ipsum dolor sit amet, a line of a very long body.\n".repeat(20_000)}`;
  task("huge body (1 MB)", "huge-body", {}, `${BODY}\n## Notes\n\n${huge}`);
  task("huge frontmatter value", "huge-value", { title: `"${"x".repeat(100_000)}"` });
  task("many labels", "many-labels", { labels: Array.from({ length: 2000 }, (_, i) => `l${i}`) });

  // bytes on disk
  add("UTF-8 BOM", "bom", `\uFEFF${frontmatter(base("bom"))}${BODY}`);
  add("CRLF", "crlf", `${frontmatter(base("crlf"))}${BODY}`.replaceAll("\n", "\r\n"));
  add(
    "mixed line endings",
    "mixed-eol",
    `${frontmatter(base("mixed-eol"))}${BODY}`.replace(/\n/g, (_m, i: number) =>
      i % 3 === 0 ? "\r\n" : "\n",
    ),
  );
  task("no final newline", "no-eol", {}, BODY.trimEnd());
  task("--- inside the body", "dashes", {}, `${BODY}\n---\n\nid: not-frontmatter\n\n---\n`);

  // YAML as YAML
  task("anchors and aliases", "anchors", { labels: "&shared [ui, api]", assignees: "*shared" });
  task("flow collections", "flow", {
    touches: '[src/a/**, "docs/*.md"]',
    links: "[{type: linear, key: ABC-12}]",
  });
  task("tags and multi-line strings", "tags", {
    title: "!!str 2026",
    blocked: ">\n  waiting for\n  the vendor",
  });
  task("comments everywhere", "comments", { priority: "high # raised after the outage" });

  // across files
  task("duplicate id (first)", "dup-a", { id: "twin" });
  task("duplicate id (second)", "dup-b", { id: "twin" });
  task("dependency cycle", "cyc-a", { depends_on: ["cyc-b"] });
  task("dependency cycle", "cyc-b", { depends_on: ["cyc-a"] });
  task("self dependency", "cyc-self", { depends_on: ["cyc-self"] });
  task("missing dependency", "dep-gone", { depends_on: ["no-such-task"] });
  task("children cycle", "loop-a", { children: ["loop-b"] }, BODY, "ready", "story");
  task("children cycle", "loop-b", { children: ["loop-a"] }, BODY, "ready", "story");
  task("missing children", "orphaner", { children: ["ghost-one", "ghost-two"] }, BODY, "ready", "story");
  task("hostile id inside", "hostile", { id: '"../../etc/passwd"' });
  // checkboxes and sections
  task("malformed boxes", "boxes", {}, BODY.replace("- [ ] It works", "- [~] half\n- [ ]tight\n- [] empty"));
  task("duplicate sections", "two-ac", {}, `${BODY}\n## Acceptance Criteria\n\n- [ ] hidden second\n`);
  return out;
}
