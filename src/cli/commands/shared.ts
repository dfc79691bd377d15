// Small pieces several commands share.
import type { BrokenFile } from "../../storage/repository.js";
import type { Ctx } from "../context.js";

/** Unreadable task files are named on stderr so stdout stays parseable. */
export function reportBroken(ctx: Ctx, broken: readonly BrokenFile[]): void {
  for (const b of broken) {
    const where = b.line === undefined ? b.ref.relPath : `${b.ref.relPath}:${b.line}`;
    ctx.io.err(`${ctx.c.yellow("warning:")} ${where}: ${b.message} (file skipped, left untouched)\n`);
  }
}
