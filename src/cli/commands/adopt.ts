import type { RegisterCommand } from "../registrar.js";

export const registerAdopt: RegisterCommand = (program, r) => {
  program
    .command("adopt")
    .description("re-parent or reorder a child (epic → story → task); the old parent's children are updated")
    .argument("<parent>", "new parent id")
    .argument("<child>", "child id")
    .option("--before <sibling>", "place it before this sibling")
    .option("--after <sibling>", "place it after this sibling")
    .option("--dry-run", "show the result; write nothing")
    .addHelpText(
      "after",
      "\nExamples:\n  taskplain adopt payment-form card-validation\n  taskplain adopt payment-form card-validation --before save-card-toggle",
    )
    .action(
      r.action(async (ctx, opts, args) => {
        const { adoptTask } = await import("../../services/adopt.js");
        const { printMutation } = await import("../mutation-output.js");
        const ws = ctx.workspace();
        const outcome = await adoptTask(ws, {
          parent: String(args[0]),
          child: String(args[1]),
          before: opts.before as string | undefined,
          after: opts.after as string | undefined,
          dryRun: Boolean(opts.dryRun),
        });
        const { parent, child, previousParent } = outcome.result;
        const human = `${parent.task.id} adopts ${child.task.id}${previousParent && previousParent !== parent.task.id ? ` (from ${previousParent})` : ""}: ${parent.task.children.join(", ")}`;
        printMutation(ctx, outcome, human);
      }),
    );
};
