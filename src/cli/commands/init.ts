import path from "node:path";
import { printJson } from "../output.js";
import { dryRunOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `init`'s options. */
interface InitFlags extends Pick<WriteFlags, "dryRun"> {
  sample?: boolean;
  remote?: string;
  force?: boolean;
}

export const registerInit: RegisterCommand = (program, r) => {
  program
    .command("init")
    .description("create tasks/ with its five state folders (safe to run again)")
    .option(
      "--sample",
      "also seed a small realistic set of tasks (an epic, ready work, done tasks with telemetry); refused where tasks exist, unless --force",
    )
    .option("--remote <name>", "share leases through this git remote (adds its fetch refspec for them)")
    .option("--force", "with --sample in a repository that has tasks: add only samples whose ids are free")
    .addOption(dryRunOption("print what would be created"))
    .addHelpText(
      "after",
      "\nExamples:\n  taskplain init\n  taskplain init --sample && taskplain list\n  taskplain init --remote origin   # then: export TASKPLAIN_LEASE_REMOTE=origin",
    )
    .action(
      r.action<InitFlags>(async (ctx, opts) => {
        const { initRepository } = await import("../../services/init.js");
        const ws = ctx.workspace({ allowMissingTasks: true });
        const remote = opts.remote;
        const share = remote ? (await import("../../services/leases.js")).shareLeasesThrough : undefined;
        // a bad remote is refused before anything is written
        if (remote && share) await share(ws, remote, true);
        const result = await initRepository(ws, {
          sample: Boolean(opts.sample),
          dryRun: Boolean(opts.dryRun),
          force: Boolean(opts.force),
        });
        const leases = remote && share ? await share(ws, remote, result.dry_run) : undefined;
        if (ctx.output === "json") return printJson(ctx, leases ? { ...result, leases } : result);
        const { printWriteWarnings } = await import("../mutation-output.js");
        printWriteWarnings(ctx, result.warnings);
        const verb = result.dry_run ? "would create" : "created";
        if (result.created.length === 0 && result.sample.length === 0)
          ctx.io.out(`tasks/ is already set up in ${ws.root}\n`);
        // paths are the root's: say which root when it is not the working folder (init from a subfolder)
        if (result.created.length > 0 && path.resolve(ctx.io.cwd) !== ws.root) ctx.io.out(`in ${ws.root}:\n`);
        for (const p of result.created) ctx.io.out(`${verb} ${p}\n`);
        if (result.sample.length > 0)
          ctx.io.out(`${verb} ${result.sample.length} sample tasks — try: taskplain list\n`);
        if (leases)
          ctx.io.out(
            leases.added
              ? `${result.dry_run ? "would add" : "added"} ${leases.refspec} to remote.${leases.remote}.fetch — claim with --remote ${leases.remote} or TASKPLAIN_LEASE_REMOTE=${leases.remote}\n`
              : `remote.${leases.remote}.fetch already mirrors the leases\n`,
          );
      }),
    );
};
