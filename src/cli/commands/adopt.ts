import { Option } from "commander";
import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `adopt`'s options. */
interface AdoptFlags extends WriteFlags {
  before?: string;
  after?: string;
}

export const registerAdopt: RegisterCommand = (program, r) => {
  program
    .command("adopt")
    .description("re-parent or reorder a child (epic → story → task); the old parent's children are updated")
    .argument("<parent>", "new parent id")
    .argument("<child>", "child id")
    .addOption(new Option("--before <sibling>", "place it before this sibling").conflicts("after"))
    .option("--after <sibling>", "place it after this sibling")
    .addOption(ifVersionOption("the child"))
    .addOption(dryRunOption("show the result"))
    .addHelpText(
      "after",
      "\nExamples:\n  taskplain adopt payment-form card-validation\n  taskplain adopt payment-form card-validation --before save-card-toggle",
    )
    .action(
      r.action<AdoptFlags>(async (ctx, opts, args) => {
        const { adoptTask } = await import("../../services/adopt.js");
        const { printMutation } = await import("../mutation-output.js");
        const ws = ctx.workspace();
        const outcome = await adoptTask(ws, {
          parent: String(args[0]),
          child: String(args[1]),
          before: opts.before,
          after: opts.after,
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
        });
        const { parent, child, previousParent } = outcome.result;
        const human = `${parent.task.id} adopts ${child.task.id}${previousParent && previousParent !== parent.task.id ? ` (from ${previousParent})` : ""}: ${parent.task.children.join(", ")}`;
        printMutation(ctx, outcome, human);
      }),
    );
};
