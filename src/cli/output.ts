// Printing results and errors the same way in every command.
import { TaskplainError } from "../domain/errors.js";
import type { Ctx, Io } from "./context.js";

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function printJson(ctx: Ctx, value: unknown): void {
  ctx.io.out(json(value));
}

export function printError(
  io: Io,
  error: TaskplainError,
  asJson: boolean,
  color: (s: string) => string = (s) => s,
): void {
  if (asJson) {
    const body: Record<string, unknown> = { code: error.code, message: error.message };
    if (error.hint) body.hint = error.hint;
    if (error.path) body.path = error.path;
    if (error.details !== undefined) body.details = error.details;
    io.err(json({ error: body }));
    return;
  }
  io.err(`${color("error:")} ${printable(error.message)}\n`);
  if (error.hint) io.err(`hint: ${printable(error.hint)}\n`);
}

/** Text safe for a terminal: control characters (but newlines) and bidi overrides shown escaped. */
const printable = (text: string): string =>
  text.replace(
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/** Wraps anything thrown into a TaskplainError; unexpected errors stay short unless TASKPLAIN_DEBUG is set. */
export function asTaskplainError(error: unknown, env: NodeJS.ProcessEnv): TaskplainError {
  if (error instanceof TaskplainError) return error;
  const e = error as NodeJS.ErrnoException;
  if (env.TASKPLAIN_DEBUG && e?.stack) process.stderr.write(`${e.stack}\n`);
  if (e?.code === "EACCES" || e?.code === "ENOENT" || e?.code === "EISDIR" || e?.code === "EROFS") {
    return new TaskplainError("io_error", `${e.message}`, 2);
  }
  return new TaskplainError("internal_error", `unexpected failure: ${e?.message ?? String(error)}`, 2, {
    hint: "set TASKPLAIN_DEBUG=1 for details and report it",
  });
}

/** "3/5" acceptance progress, or "-" when a task has no criteria. */
export const progress = (checked: number, total: number): string =>
  total === 0 ? "-" : `${checked}/${total}`;

/** Cuts text to `width` characters with an ellipsis. */
export const clip = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;

/** A table as one block of lines ending in a newline. */
export const tableBlock = (text: string): string => (text.endsWith("\n") ? text : `${text}\n`);
