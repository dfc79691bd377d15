import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `delete`'s options. */
interface DeleteFlags extends WriteFlags {
  force?: boolean;
}

export const registerDelete: RegisterCommand = (program, r) => {
  program
    .command("delete")
    .description("delete a task file and remove it from its parent's children")
    .argument("<id>", "task id")
    .option(
      "--force",
      "delete even when it has children or is named in depends_on/blocks (removes those references)",
    )
    .addOption(ifVersionOption())
    .addOption(dryRunOption("show what would be deleted and cleaned"))
    .action(
      r.action<DeleteFlags>(async (ctx, opts, args) => {
        const { deleteTask } = await import("../../services/delete.js");
        const { printMutation } = await import("../mutation-output.js");
        const ws = ctx.workspace();
        const outcome = await deleteTask(ws, {
          id: String(args[0]),
          force: Boolean(opts.force),
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
        });
        const { deleted, cleaned } = outcome.result;
        const human = [
          `${outcome.dry_run ? "would delete" : "deleted"} ${deleted.task.id} (${deleted.ref.relPath})`,
          ...cleaned.map(
            (c) => `  ${outcome.dry_run ? "would remove" : "removed"} references from ${c.task.id}`,
          ),
        ].join("\n");
        printMutation(ctx, outcome, human);
      }),
    );
};
