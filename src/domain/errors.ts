// Errors a user can meet, each with its documented exit code (cli.md).

export const EXIT = {
  ok: 0,
  refused: 1,
  io: 2,
  parse: 3,
  lock: 4,
  usage: 5,
  notFound: 6,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class TaskplainError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly path: string | undefined;
  /** Extra structured detail for JSON output (e.g. validation findings). */
  readonly details: unknown;

  constructor(
    code: string,
    message: string,
    exitCode: ExitCode,
    extra: { hint?: string; path?: string; details?: unknown } = {},
  ) {
    super(message);
    this.name = "TaskplainError";
    this.code = code;
    this.exitCode = exitCode;
    this.hint = extra.hint;
    this.path = extra.path;
    this.details = extra.details;
  }
}

export const usageError = (message: string, hint?: string) =>
  new TaskplainError("usage", message, EXIT.usage, hint ? { hint } : {});

/**
 * A value the user typed, quoted for a message: control and bidi characters escaped
 * (an error must not repaint the terminal), cut to `max` characters with its length.
 */
export function quoteInput(value: string, max = 60): string {
  const escaped = value.replace(
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  const cut = [...escaped];
  return cut.length > max ? `"${cut.slice(0, max).join("")}…" (${cut.length} characters)` : `"${escaped}"`;
}

export const notFoundError = (id: string) =>
  new TaskplainError("task_not_found", `no task with id ${quoteInput(id)}`, EXIT.notFound, {
    hint: "taskplain list --output plain",
  });

export const refusedError = (
  code: string,
  message: string,
  extra: { hint?: string; path?: string; details?: unknown } = {},
) => new TaskplainError(code, message, EXIT.refused, extra);
