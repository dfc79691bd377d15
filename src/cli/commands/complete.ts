import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `complete`'s options. */
interface CompleteFlags extends WriteFlags {
  checkAcs?: boolean;
  commitMessage?: string;
  force?: boolean;
}

export const registerComplete: RegisterCommand = (program, r) => {
  program
    .command("complete")
    .description(
      "finish a task: needs commit_message, a Changelog bullet and every criterion checked (done already: no-op)",
    )
    .argument("<id>", "task id")
    .option("--check-acs", "tick every remaining acceptance-criteria box (and change nothing else)")
    .option("--commit-message <msg>", "the Conventional Commit subject of the closing commit")
    .option("--force", "even though someone else holds the task's lease (see taskplain leases)")
    .addOption(ifVersionOption())
    .addOption(dryRunOption("show the result and the rename"))
    .addHelpText(
      "after",
      '\nExample:\n  taskplain complete payment-error-copy --commit-message "fix(checkout): say why a card was declined  [Task:payment-error-copy]"',
    )
    .action(
      r.action<CompleteFlags>(async (ctx, opts, args) => {
        const { completeTask } = await import("../../services/complete.js");
        const { printMutation } = await import("../mutation-output.js");
        const { count } = await import("../../domain/units.js");
        const ws = ctx.workspace();
        const outcome = await completeTask(ws, {
          id: String(args[0]),
          checkAcs: Boolean(opts.checkAcs),
          commitMessage: opts.commitMessage,
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
          lease: { force: Boolean(opts.force) },
        });
        const { task, ticked, already_done } = outcome.result;
        const human = already_done
          ? `${task.task.id} is done already (${task.path}): nothing to do`
          : `${task.task.id} done → ${task.path}${ticked ? ` (ticked ${count(ticked, "criterion")})` : ""}`;
        printMutation(ctx, outcome, human);
      }),
    );
};
