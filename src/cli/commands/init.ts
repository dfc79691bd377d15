import { printJson } from "../output.js";
import { dryRunOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `init`'s options. */
interface InitFlags extends Pick<WriteFlags, "dryRun"> {
  sample?: boolean;
}

export const registerInit: RegisterCommand = (program, r) => {
  program
    .command("init")
    .description("create tasks/ with its five state folders (safe to run again)")
    .option(
      "--sample",
      "also seed a small realistic set of tasks (an epic, ready work, done tasks with telemetry)",
    )
    .addOption(dryRunOption("print what would be created"))
    .addHelpText("after", "\nExamples:\n  taskplain init\n  taskplain init --sample && taskplain list")
    .action(
      r.action<InitFlags>(async (ctx, opts) => {
        const { initRepository } = await import("../../services/init.js");
        const ws = ctx.workspace({ allowMissingTasks: true });
        const result = await initRepository(ws, {
          sample: Boolean(opts.sample),
          dryRun: Boolean(opts.dryRun),
        });
        if (ctx.output === "json") return printJson(ctx, result);
        const verb = result.dry_run ? "would create" : "created";
        if (result.created.length === 0 && result.sample.length === 0)
          ctx.io.out(`tasks/ is already set up in ${ws.root}\n`);
        for (const p of result.created) ctx.io.out(`${verb} ${p}\n`);
        if (result.sample.length > 0)
          ctx.io.out(`${verb} ${result.sample.length} sample tasks — try: taskplain list\n`);
      }),
    );
};
