import type { RegisterCommand } from "../registrar.js";

export const registerCheck: RegisterCommand = (program, r) => {
  program
    .command("check")
    .description("tick acceptance criteria by number or by a unique part of their text (--uncheck clears)")
    .argument("<id>", "task id")
    .argument("<criteria...>", "1-based numbers or unique case-insensitive substrings")
    .option("--uncheck", "clear the boxes instead of ticking them")
    .option("--if-version <v>", "refuse if the task changed since this version was read")
    .option("--dry-run", "show the result; write nothing")
    .addHelpText(
      "after",
      `
An ambiguous or unknown criterion is refused (exit 1) and nothing is written.

Examples:
  taskplain check payment-error-copy 1 3
  taskplain check payment-error-copy "tests cover"
  taskplain check payment-error-copy 2 --uncheck`,
    )
    .action(
      r.action(async (ctx, opts, args) => {
        const { checkCriteria } = await import("../../services/check.js");
        const { printMutation } = await import("../mutation-output.js");
        const outcome = await checkCriteria(ctx.workspace(), {
          id: String(args[0]),
          selectors: (args[1] as string[]).map(String),
          uncheck: Boolean(opts.uncheck),
          ifVersion: opts.ifVersion as string | undefined,
          dryRun: Boolean(opts.dryRun),
        });
        const { criteria, acceptance } = outcome.result;
        const lines = criteria.map(
          (k) =>
            `  [${k.checked ? "x" : " "}] ${k.number}. ${k.text}${k.changed ? "" : ctx.c.dim(" (unchanged)")}`,
        );
        const human = `${outcome.result.task.id}: criteria ${acceptance.checked}/${acceptance.total} checked\n${lines.join("\n")}`;
        printMutation(ctx, outcome, human);
      }),
    );
};
