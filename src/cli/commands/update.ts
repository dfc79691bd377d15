import { collect } from "../args.js";
import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `update`'s options. */
interface UpdateFlags extends WriteFlags {
  meta?: string[];
  unset?: string[];
  field?: string[];
}

export const registerUpdate: RegisterCommand = (program, r) => {
  program
    .command("update")
    .description("change metadata and whole body sections of a task (validated before anything is written)")
    .argument("<id>", "task id")
    .option("--meta <key=value>", 'set a key; lists as a,b or JSON ["a","b"] (repeatable)', collect)
    .option("--unset <key>", "remove an optional key (repeatable)", collect)
    .option(
      "--field <section> <text|@file>",
      "replace a section: overview, acceptance_criteria, technical_approach, post_implementation_insights, body",
      collect,
    )
    .addOption(ifVersionOption())
    .addOption(dryRunOption("show the result and the file operations"))
    .addHelpText(
      "after",
      `
Examples:
  taskplain update fix-navbar --meta priority=high --meta touches=src/nav/**,tests/nav/**
  taskplain update fix-navbar --unset blocked
  taskplain update fix-navbar --field acceptance_criteria "- [ ] Menu closes on Escape"
  taskplain update fix-navbar --field technical_approach @plan.md --if-version 3f2a9c1b7d0e`,
    )
    .action(
      r.action<UpdateFlags>(async (ctx, opts, args) => {
        const { parseMetaAssignment } = await import("../../domain/meta-input.js");
        const { readFieldArgs, printMutation } = await import("../mutation-output.js");
        const { updateTask } = await import("../../services/update.js");
        const ws = ctx.workspace();
        const meta = (opts.meta ?? []).map(parseMetaAssignment);
        const outcome = await updateTask(ws, {
          id: String(args[0]),
          meta,
          unset: opts.unset ?? [],
          fields: await readFieldArgs(ctx, opts.field),
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
        });
        const w = outcome.result;
        const human = w.changed ? `updated ${w.task.id} (${w.path})` : `${w.task.id}: nothing to change`;
        printMutation(ctx, outcome, human);
      }),
    );
};
