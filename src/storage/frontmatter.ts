// Cutting a task file into frontmatter and body, without the YAML library: read-only
// commands parse with the fast path (fast-yaml.ts) and load \`yaml\` only when needed.

export class TaskFileParseError extends Error {
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(message);
    this.name = "TaskFileParseError";
    this.line = line;
  }
}

export interface Split {
  /** the opening `---` line with its line ending, and a UTF-8 BOM before it when the file has one */
  open: string;
  frontmatter: string;
  close: string;
  body: string;
}

/**
 * Cuts a task file into its parts; `open + frontmatter + close + body` is the text
 * again. A UTF-8 BOM before the opening line is tolerated and kept in `open`
 * (task-format.md "Files as people really write them": bytes on disk).
 */
export function splitFile(text: string): Split {
  const first = /^\uFEFF?---[ \t]*(\r?\n)/.exec(text);
  if (!first) throw new TaskFileParseError("file does not start with a '---' frontmatter line", 1);
  const start = first[0].length;
  const closing = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;
  closing.lastIndex = start;
  let m: RegExpExecArray | null = closing.exec(text);
  // The regex is multiline: make sure the match begins at a line start inside the frontmatter.
  while (m && m.index < start) m = closing.exec(text);
  if (!m) {
    const line = text.slice(0, start).split("\n").length;
    throw new TaskFileParseError("frontmatter has no closing '---' line", line);
  }
  return {
    open: text.slice(0, start),
    frontmatter: text.slice(start, m.index),
    close: m[0],
    body: text.slice(m.index + m[0].length),
  };
}
