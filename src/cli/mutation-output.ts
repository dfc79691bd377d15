// How every mutating command reports what it did (or would do, with --dry-run).
import { readFileSync } from "node:fs";
import path from "node:path";
import { usageError } from "../domain/errors.js";
import type { FileChange } from "../services/changes.js";
import type { Ctx } from "./context.js";
import { printJson } from "./output.js";
import { FIELD_SEPARATOR } from "./registrar.js";
import { displayWidth, fitLines, terminalWidth } from "./ui/width.js";

export function describeChange(change: FileChange): string {
  if (change.op === "move") return `move   ${change.from} → ${change.path}`;
  return `${change.op.padEnd(6)} ${change.path}`;
}

/** Prints a mutation's result: JSON object (+ changes, dry_run) or a human summary line. */
export function printMutation(
  ctx: Ctx,
  outcome: { changes: FileChange[]; dry_run: boolean; view: object },
  human: string,
): void {
  if (ctx.output === "json") {
    printJson(ctx, outcome.view);
    return;
  }
  const width = terminalWidth(ctx.io);
  const prefix = outcome.dry_run ? ctx.c.yellow("dry run: ") : "";
  ctx.io.out(`${fitLines(`${prefix}${human}`.split("\n"), width).join("\n")}\n`);
  if (outcome.dry_run || ctx.io.env.TASKPLAIN_VERBOSE) {
    // a move too wide for one line puts its destination on the next, so paths stay whole
    const changes = outcome.changes.flatMap((change) => {
      const line = `  ${describeChange(change)}`;
      if (change.op !== "move" || displayWidth(line) <= width) return [line];
      return [`  move   ${change.from}`, `       → ${change.path}`];
    });
    for (const line of fitLines(changes, width)) ctx.io.out(`${ctx.c.dim(line)}\n`);
    if (outcome.dry_run && outcome.changes.length === 0)
      ctx.io.out(`  ${ctx.c.dim("(no file would change)")}\n`);
  }
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
