// How every mutating command reports what it did (or would do, with --dry-run).
import { readFileSync } from "node:fs";
import path from "node:path";
import { usageError } from "../domain/errors.js";
import type { Finding } from "../domain/validation/finding.js";
import type { FileChange } from "../services/changes.js";
import type { Ctx } from "./context.js";
import { printable, printJson } from "./output.js";
import { FIELD_SEPARATOR } from "./registrar.js";
import { displayWidth, fitLines, terminalWidth } from "./ui/width.js";

export function describeChange(change: FileChange): string {
  if (change.op === "move") return `move   ${change.from} → ${change.path}`;
  return `${change.op.padEnd(6)} ${change.path}`;
}

/**
 * What a write left incomplete (task-format.md "Writes keep the repository valid": it
 * succeeds and says so), on stderr in human mode; in JSON it is the view's `warnings`.
 * One line per finding, `warning: <file>: <message>`, then its hint.
 */
export function printWriteWarnings(ctx: Ctx, warnings: readonly Finding[] | undefined): void {
  if (ctx.output === "json" || !warnings) return;
  for (const w of warnings) {
    // an error-severity finding is one `validate` will fail on; the write still stands
    const note = w.severity === "error" ? ` (validate reports it as an error: ${w.code})` : "";
    ctx.io.err(`${ctx.c.yellow("warning:")} ${printable(`${w.file}: ${w.message}`)}${note}\n`);
    if (w.hint) ctx.io.err(`  hint: ${printable(w.hint)}\n`);
  }
}

/** Prints a mutation's result: JSON object (+ warnings, changes, dry_run) or a human summary line (warnings on stderr). */
export function printMutation(
  ctx: Ctx,
  outcome: { changes: FileChange[]; dry_run: boolean; view: object; warnings?: Finding[] },
  human: string,
): void {
  if (ctx.output === "json") {
    printJson(ctx, outcome.view);
    return;
  }
  printWriteWarnings(ctx, outcome.warnings);
  const width = terminalWidth(ctx.io);
  const prefix = outcome.dry_run ? ctx.c.yellow("dry run: ") : "";
  ctx.io.out(`${fitLines(`${prefix}${human}`.split("\n"), width).join("\n")}\n`);
  if (outcome.dry_run || ctx.io.env.TASKPLAIN_VERBOSE) {
    const changes = outcome.changes.flatMap((change) =>
      change.op === "move"
        ? wrapMove("  move  ", change.from, change.path, width)
        : [`  ${describeChange(change)}`],
    );
    for (const line of fitLines(changes, width)) ctx.io.out(`${ctx.c.dim(line)}\n`);
    if (outcome.dry_run && outcome.changes.length === 0)
      ctx.io.out(`  ${ctx.c.dim("(no file would change)")}\n`);
    return;
  }
  // A write renames a file whose name is not its conventional one (a hand-named file,
  // a name that disagrees with the id): the file the user knew is gone, so say where it went.
  // (a move into another folder is a state change, which the summary line already tells)
  for (const change of outcome.changes) {
    if (
      change.op !== "move" ||
      !change.from ||
      path.posix.dirname(change.from) !== path.posix.dirname(change.path)
    )
      continue;
    for (const line of fitLines(wrapMove("renamed", change.from, change.path, width), width))
      ctx.io.out(`${line}\n`);
  }
}

/** `<label> <from> → <to>` on one line, or with the destination on the next when too wide, so paths stay whole. */
function wrapMove(label: string, from: string | undefined, to: string, width: number): string[] {
  const line = `${label} ${from} → ${to}`;
  if (displayWidth(line) <= width) return [line];
  return [`${label} ${from}`, `${" ".repeat(displayWidth(label) - 1)}→ ${to}`];
}

/** `--field` values folded as "section\0text"; text `@file` reads a file, `@-` stdin. */
export async function readFieldArgs(ctx: Ctx, values: unknown): Promise<[string, string][]> {
  const list = (values as string[] | undefined) ?? [];
  const out: [string, string][] = [];
  for (const value of list) {
    const cut = value.indexOf(FIELD_SEPARATOR);
    if (cut < 0)
      throw usageError("--field takes two values: <section> <text|@file>", {
        hint: 'taskplain update <id> --field overview "New text"',
      });
    const section = value.slice(0, cut);
    let text = value.slice(cut + 1);
    if (text === "@-") text = await ctx.io.readStdin();
    else if (text.startsWith("@")) {
      const file = path.resolve(ctx.io.cwd, text.slice(1));
      try {
        text = readFileSync(file, "utf8");
      } catch {
        throw usageError(`cannot read ${text.slice(1)} for --field ${section}`);
      }
    }
    out.push([section, text]);
  }
  return out;
}
