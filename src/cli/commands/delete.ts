import type { RegisterCommand } from "../registrar.js";

export const registerDelete: RegisterCommand = (program, r) => {
  program
    .command("delete")
    .description("delete a task file and remove it from its parent's children")
    .argument("<id>", "task id")
    .option(
      "--force",
      "delete even when it has children or is named in depends_on/blocks (removes those references)",
    )
    .option("--if-version <v>", "refuse if the task changed since this version was read")
    .option("--dry-run", "show what would be deleted and cleaned; write nothing")
    .action(
      r.action(async (ctx, opts, args) => {
        const { deleteTask } = await import("../../services/delete.js");
        const { printMutation } = await import("../mutation-output.js");
        const ws = ctx.workspace();
        const outcome = await deleteTask(ws, {
          id: String(args[0]),
          force: Boolean(opts.force),
          ifVersion: opts.ifVersion as string | undefined,
          dryRun: Boolean(opts.dryRun),
        });
        const { deleted, cleaned } = outcome.result;
        const human = [
          `deleted ${deleted.task.id} (${deleted.ref.relPath})`,
          ...cleaned.map((c) => `  removed references from ${c.task.id}`),
        ].join("\n");
        printMutation(ctx, outcome, human);
      }),
    );
};
