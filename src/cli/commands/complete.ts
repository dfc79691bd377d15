import type { RegisterCommand } from "../registrar.js";

export const registerComplete: RegisterCommand = (program, r) => {
  program
    .command("complete")
    .description(
      "finish a task: needs commit_message, a Changelog bullet and every criterion checked (done already: no-op)",
    )
    .argument("<id>", "task id")
    .option("--check-acs", "tick every remaining acceptance-criteria box (and change nothing else)")
    .option("--commit-message <msg>", "the Conventional Commit subject of the closing commit")
    .option("--if-version <v>", "refuse if the task changed since this version was read")
    .option("--dry-run", "show the result and the rename; write nothing")
    .addHelpText(
      "after",
      '\nExample:\n  taskplain complete payment-error-copy --commit-message "fix(checkout): say why a card was declined  [Task:payment-error-copy]"',
    )
    .action(
      r.action(async (ctx, opts, args) => {
        const { completeTask } = await import("../../services/complete.js");
        const { printMutation } = await import("../mutation-output.js");
        const ws = ctx.workspace();
        const outcome = await completeTask(ws, {
          id: String(args[0]),
          checkAcs: Boolean(opts.checkAcs),
          commitMessage: opts.commitMessage as string | undefined,
          ifVersion: opts.ifVersion as string | undefined,
          dryRun: Boolean(opts.dryRun),
        });
        const { task, ticked, already_done } = outcome.result;
        const human = already_done
          ? `${task.task.id} is done already (${task.path}): nothing to do`
          : `${task.task.id} done → ${task.path}${ticked ? ` (ticked ${ticked} criteria)` : ""}`;
        printMutation(ctx, outcome, human);
      }),
    );
};
