// The `error_reason` `exec` records for a failed run (agents.md "The agent loop"): a line a
// person or an agent can act on, not the closing brace of a JSON dump.

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links).
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Removes terminal escape sequences from text. */
export const stripAnsi = (text: string): string => text.replace(ANSI, "");

/** A line "carries text" when it has a letter or digit: `}`, `]`, `},` or `---` do not. */
const carriesText = (line: string): boolean => /[\p{L}\p{N}]/u.test(line);

/**
 * The failure reason of a run: `code: message` of a JSON error object stderr ends with,
 * else the last stderr line that carries text (escapes stripped, trimmed, at most 500
 * characters), else `exit code N`. A command that could not start
 * gives `ENOENT: no such command 'x'` (or `<CODE>: could not start 'x'`).
 */
export function errorReason(input: {
  stderrTail: string;
  exitCode: number;
  command: string;
  spawnErrorCode?: string | undefined;
}): string {
  if (input.spawnErrorCode !== undefined) {
    return input.spawnErrorCode === "ENOENT"
      ? `ENOENT: no such command '${input.command}'`
      : `${input.spawnErrorCode}: could not start '${input.command}'`;
  }
  const lines = stripAnsi(input.stderrTail).split(/\r?\n|\r/);
  const line =
    jsonError(lines) ??
    lines
      .map((l) => l.trim())
      .filter(carriesText)
      .pop();
  return line ? line.slice(0, 500) : `exit code ${input.exitCode}`;
}

/**
 * When stderr ends with a JSON object such as `{"error": {"code", "message"}}` (the way
 * taskplain and many tools report errors), its `code: message`; otherwise undefined.
 */
function jsonError(lines: string[]): string | undefined {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === "") end--;
  if (end === 0 || !lines[end - 1]!.trim().endsWith("}")) return undefined;
  for (let start = end - 1; start >= 0; start--) {
    if (!lines[start]!.trimStart().startsWith("{")) continue;
    try {
      const value = JSON.parse(lines.slice(start, end).join("\n")) as Record<string, unknown>;
      const e = (typeof value.error === "object" && value.error ? value.error : value) as Record<
        string,
        unknown
      >;
      if (typeof e.message !== "string") return undefined;
      return typeof e.code === "string" ? `${e.code}: ${e.message}` : e.message;
    } catch {
      // not the object's first line yet
    }
  }
  return undefined;
}
