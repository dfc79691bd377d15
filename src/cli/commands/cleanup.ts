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
        const { removed, changelog: log } = outcome.result;
        const human = [
          removed.length === 0
            ? "Nothing older than the cutoff."
            : `${outcome.dry_run ? "would remove" : "removed"} ${removed.length} task${removed.length === 1 ? "" : "s"}:`,
          ...removed.map((t) => `  ${t.id}  ${t.state}  ${t.completed_at?.slice(0, 10) ?? ""}  ${t.title}`),
          ...(log && log.bullets > 0
            ? [
                `${outcome.dry_run ? "would append" : "appended"} ${log.bullets} changelog bullet${log.bullets === 1 ? "" : "s"} to ${opts.changelog}`,
              ]
            : []),
        ].join("\n");
        printMutation(ctx, outcome, human);
      }),
    );
};
