// Printing results and errors the same way in every command.
import { LISTED_ITEMS, TaskplainError } from "../domain/errors.js";
import { JSON_INDENT } from "../domain/json-style.js";
import type { Ctx, Io } from "./context.js";
import { EXIT_BY_CATEGORY, type ExitCode } from "./exit-codes.js";
import { cliHint } from "./hints.js";

export const json = (value: unknown): string => `${JSON.stringify(value, null, JSON_INDENT)}\n`;

export function printJson(ctx: Ctx, value: unknown): void {
  ctx.io.out(json(value));
}

/** Prints an error on stderr (human, or cli.md's `{"error":{code,message,hint,path,details}}`); returns its exit code. */
/** Text safe for a terminal: control characters (but newlines) and bidi overrides shown escaped. */
export const printable = (text: string): string =>
  text.replace(
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

export function printError(io: Io, error: TaskplainError, asJson: boolean): ExitCode {
  const hint = cliHint(error);
  if (asJson) {
    const body: Record<string, unknown> = { code: error.code, message: error.message };
    if (hint) body.hint = hint;
    if (error.path) body.path = error.path;
    if (error.details !== undefined) body.details = error.details;
    io.err(json({ error: body }));
  } else {
    io.err(`error: ${printable(humanMessage(error))}\n`);
    if (hint) io.err(`hint: ${printable(hint)}\n`);
  }
  return EXIT_BY_CATEGORY[error.category];
}

/**
 * The message for a person: a list of several items one a line under its lead, at most
 * LISTED_ITEMS, then how many more and where to read them all.
 */
function humanMessage(error: TaskplainError): string {
  const { list } = error;
  if (!list || list.items.length < 2) return error.message;
  const more = list.items.length - LISTED_ITEMS;
  const lines = list.items.slice(0, LISTED_ITEMS).map((item) => `  ${item}`);
  if (more > 0) lines.push(`  (and ${more} more; --output json lists all)`);
  return `${list.lead}:\n${lines.join("\n")}`;
}

/** Wraps anything thrown into a TaskplainError; unexpected errors stay short unless TASKPLAIN_DEBUG is set. */
export function asTaskplainError(error: unknown, io: Io): TaskplainError {
  if (error instanceof TaskplainError) return error;
  const e = error as NodeJS.ErrnoException;
  if (io.env.TASKPLAIN_DEBUG && e?.stack) io.err(`${e.stack}\n`);
  if (e?.code === "EACCES" || e?.code === "ENOENT" || e?.code === "EISDIR" || e?.code === "EROFS") {
    return new TaskplainError("io_error", `${e.message}`);
  }
  return new TaskplainError("internal_error", `unexpected failure: ${e?.message ?? String(error)}`);
}

/** "3/5" acceptance progress, or "-" when a task has no criteria. */
export const progress = (checked: number, total: number): string =>
  total === 0 ? "-" : `${checked}/${total}`;
