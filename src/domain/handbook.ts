// The agent handbook (docs/handbook.md, bundled as text) and the managed block that
// `inject` keeps in AGENTS.md / CLAUDE.md (agents.md "Instructions for agents").
import HANDBOOK from "../../docs/handbook.md";
import { usageError } from "./errors.js";

export { HANDBOOK };

/** A `##` part of the handbook: `name` is its heading in lowercase words joined by hyphens. */
export interface HandbookSection {
  name: string;
  title: string;
  text: string;
}

const slug = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** The handbook's `##` sections in order (fenced code is not searched for headings). */
export function handbookSections(text: string = HANDBOOK): HandbookSection[] {
  const lines = text.split("\n");
  const out: HandbookSection[] = [];
  let fence = false;
  let current: { title: string; lines: string[] } | null = null;
  const flush = () => {
    if (current)
      out.push({
        name: slug(current.title),
        title: current.title,
        text: `${current.lines.join("\n").trim()}\n`,
      });
  };
  for (const line of lines) {
    if (/^(```|~~~)/.test(line)) fence = !fence;
    const h = !fence && line.match(/^## (.+)$/);
    if (h) {
      flush();
      current = { title: h[1]!.trim(), lines: [line] };
    } else current?.lines.push(line);
  }
  flush();
  return out;
}

/**
 * One section by name: its slug ("json-shapes"), or a unique prefix of it ("json").
 * Unknown names are a usage error (exit 5) that lists the names.
 */
export function handbookSection(name: string): HandbookSection {
  const sections = handbookSections();
  const key = slug(name);
  const hits = sections.filter((s) => s.name === key);
  const found = hits.length === 1 ? hits : sections.filter((s) => s.name.startsWith(key));
  if (found.length !== 1) {
    throw usageError(`no handbook section "${name}"`, {
      hint: `sections: ${sections.map((s) => s.name).join(", ")}`,
    });
  }
  return found[0]!;
}

/** Version of the managed block's content; raise it when MANAGED_TEXT changes. */
export const MANAGED_VERSION = 1;

const MANAGED_TEXT = `## Tasks (Taskplain)

This repository tracks its work as Markdown files under \`tasks/\`, managed with the
\`taskplain\` CLI (or its MCP server, \`taskplain mcp\`). Change task files only through it.

- Start: \`taskplain next --output json\`, then \`taskplain pickup <id> --output json\`
  (a task already in progress is resumed).
- While working: \`taskplain check <id> <n|text>\` for each criterion you met, and
  \`taskplain update <id> --changelog "<what a user notices>"\`.
- Finish: \`taskplain complete <id> --commit-message "<type>(<scope>): <subject>  [Task:<id>]"\`.
- One task at a time. Errors carry a \`hint\`: usually the command to run next.
- Everything else: \`taskplain handbook\` (or \`taskplain handbook --section rules\`).
`;

const START = /<!-- taskplain:start v(\d+) -->/;
const END = "<!-- taskplain:end -->";

/** The block `inject` writes, markers included, ending with a newline. */
export function managedBlock(): string {
  return `<!-- taskplain:start v${MANAGED_VERSION} -->\n${MANAGED_TEXT}${END}\n`;
}

export type InjectStatus = "created" | "added" | "updated" | "unchanged";

/**
 * The file text with the managed block in place: `existing` null → a new file holding
 * only the block; no markers → the block appended after one blank line; markers → the
 * text between them (inclusive) replaced. Bytes outside the markers never change.
 * A start marker without its end marker is refused (exit 1, nothing written).
 */
export function injectBlock(existing: string | null): { text: string; status: InjectStatus } {
  const block = managedBlock();
  if (existing === null) return { text: block, status: "created" };
  const start = existing.match(START);
  if (!start || start.index === undefined) {
    const sep =
      existing === "" ? "" : existing.endsWith("\n\n") ? "" : existing.endsWith("\n") ? "\n" : "\n\n";
    return { text: `${existing}${sep}${block}`, status: "added" };
  }
  const end = existing.indexOf(END, start.index);
  if (end === -1) {
    throw usageError(`found "${start[0]}" without "${END}"`, {
      hint: "restore the end marker (or delete the partial block) and run inject again",
    });
  }
  let after = end + END.length;
  if (existing[after] === "\r" && existing[after + 1] === "\n") after += 2;
  else if (existing[after] === "\n") after += 1;
  const current = existing.slice(start.index, after);
  if (current === block) return { text: existing, status: "unchanged" };
  return { text: existing.slice(0, start.index) + block + existing.slice(after), status: "updated" };
}
