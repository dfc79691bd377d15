import { Argument, Option } from "commander";
import { STATES } from "../../domain/enums.js";
import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `move`'s options. */
interface MoveFlags extends WriteFlags {
  cascade?: "ready" | "cancel";
  force?: boolean;
}

export const registerMove: RegisterCommand = (program, r) => {
  program
    .command("move")
    .description("change a task's state and folder (done gets the dated file name and completed_at)")
    .argument("<id>", "task id")
    .addArgument(new Argument("<state>", "target state").choices(STATES))
    .addOption(
      new Option(
        "--cascade <mode>",
        "ready: promote idea descendants · cancel: cancel open descendants",
      ).choices(["ready", "cancel"]),
    )
    .option("--force", "move a blocked task anyway, or one someone else holds the lease on")
    .addOption(ifVersionOption())
    .addOption(dryRunOption("show the moves"))
    .addHelpText(
      "after",
      "\nExamples:\n  taskplain move payment-form ready --cascade ready\n  taskplain move legacy-export canceled --cascade cancel",
    )
    .action(
      r.action<MoveFlags>(async (ctx, opts, args) => {
        const { moveTask } = await import("../../services/move.js");
        const { printMutation } = await import("../mutation-output.js");
        const ws = ctx.workspace();
        const outcome = await moveTask(ws, {
          id: String(args[0]),
          state: args[1] as never,
          cascade: opts.cascade,
          force: Boolean(opts.force),
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
        });
        const { task, cascaded } = outcome.result;
        const human = [
          task.changed
            ? `${task.task.id} → ${task.task.state} (${task.path})`
            : `${task.task.id} is already ${task.task.state}`,
          ...cascaded.filter((c) => c.changed).map((c) => `  ${c.task.id} → ${c.task.state}`),
        ].join("\n");
        printMutation(ctx, outcome, human);
      }),
    );
};
