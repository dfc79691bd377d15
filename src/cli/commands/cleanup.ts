import { dryRunOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `cleanup`'s options. */
interface CleanupFlags extends Pick<WriteFlags, "dryRun"> {
  olderThan: string;
  changelog?: string;
}

export const registerCleanup: RegisterCommand = (program, r) => {
  program
    .command("cleanup")
    .description("delete done and canceled tasks finished before a cutoff")
    .requiredOption("--older-than <age>", "cutoff age: Nd (days), Nw (weeks), Nm (months), Ny (years)")
    .option(
      "--changelog <file>",
      "first append their Changelog bullets, grouped by date, to this Markdown file",
    )
    .addOption(dryRunOption("list what would be removed"))
    .addHelpText(
      "after",
      "\nExample:\n  taskplain cleanup --older-than 3m --changelog CHANGELOG.md --dry-run",
    )
    .action(
      r.action<CleanupFlags>(async (ctx, opts) => {
        const { parseAge } = await import("../../domain/timestamps.js");
        const { usageError } = await import("../../domain/errors.js");
        const { cleanupTasks } = await import("../../services/cleanup.js");
        const { printMutation } = await import("../mutation-output.js");
        const age = parseAge(String(opts.olderThan), "months");
        if (age === null || !/^\d+\s*[dwmy]$/i.test(String(opts.olderThan).trim())) {
          throw usageError(`--older-than must look like 30d, 6w, 3m or 1y (got "${opts.olderThan}")`);
        }
        const ws = ctx.workspace();
        const changelog = opts.changelog
          ? (await import("node:path")).resolve(ctx.io.cwd, String(opts.changelog))
          : undefined;
        const outcome = await cleanupTasks(ws, {
          olderThanMs: age,
          changelog,
          dryRun: Boolean(opts.dryRun),
        });
        const { renderCleanup } = await import("../ui/cleanup.js");
        const { viewOf } = await import("../ui/format.js");
        const human = renderCleanup(outcome, opts.changelog as string | undefined, viewOf(ctx));
        printMutation(ctx, outcome, human);
      }),
    );
};
