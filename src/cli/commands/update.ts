import type { InsightId } from "../../domain/body-agent.js";
import { collect } from "../args.js";
import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `update`'s options. */
interface UpdateFlags extends WriteFlags {
  meta?: string[];
  unset?: string[];
  field?: string[];
  changelog?: string[];
  decision?: string[];
  technicalChange?: string[];
  force?: boolean;
}

const list = (value: unknown): string[] => (value as string[] | undefined) ?? [];

export const registerUpdate: RegisterCommand = (program, r) => {
  program
    .command("update")
    .description(
      "change metadata, whole body sections or add insight bullets to a task (validated before anything is written)",
    )
    .argument("<id>", "task id")
    .option("--meta <key=value>", 'set a key; lists as a,b or JSON ["a","b"] (repeatable)', collect)
    .option("--unset <key>", "remove an optional key (repeatable)", collect)
    .option(
      "--field <section> <text|@file>",
      "replace a section: overview, acceptance_criteria, technical_approach, post_implementation_insights, body",
      collect,
    )
    .option(
      "--changelog <text>",
      "append a bullet under Post-Implementation Insights → Changelog (repeatable)",
      collect,
    )
    .option("--decision <text>", "append a bullet under → Decisions (repeatable)", collect)
    .option("--technical-change <text>", "append a bullet under → Technical Changes (repeatable)", collect)
    .option("--force", "even though someone else holds the task's lease (see taskplain leases)")
    .addOption(ifVersionOption())
    .addOption(dryRunOption("show the result and the file operations"))
    .addHelpText(
      "after",
      `
Refused (exit 1, nothing written) when the result would add an error across tasks: a
missing or cyclic dependency, a second parent, a duplicate id. A task left incomplete for
its state (ready without criteria, say) is written, with a warning on stderr (JSON: warnings).

Examples:
  taskplain update payment-error-copy --meta priority=high --meta touches=src/checkout/**
  taskplain update audit-logging --unset blocked
  taskplain update payment-error-copy --field acceptance_criteria "- [ ] Declined cards get a clear message"
  taskplain update payment-error-copy --changelog "Declined cards now say why" --decision "Kept the codes"`,
    )
    .action(
      r.action<UpdateFlags>(async (ctx, opts, args) => {
        const { parseMetaAssignment, assertOneChangePerKey } = await import("../../domain/meta-input.js");
        const { readFieldArgs, printMutation } = await import("../mutation-output.js");
        const { updateTask } = await import("../../services/update.js");
        const ws = ctx.workspace();
        const meta = (opts.meta ?? []).map(parseMetaAssignment);
        const unset = opts.unset ?? [];
        assertOneChangePerKey(meta, unset);
        const outcome = await updateTask(ws, {
          id: String(args[0]),
          meta,
          unset,
          fields: await readFieldArgs(ctx, opts.field),
          insights: [
            ...list(opts.changelog).map((t) => ["changelog", t] as const),
            ...list(opts.decision).map((t) => ["decisions", t] as const),
            ...list(opts.technicalChange).map((t) => ["technical_changes", t] as const),
          ] as [InsightId, string][],
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
          lease: { force: Boolean(opts.force) },
        });
        const w = outcome.result;
        const human = w.changed ? `updated ${w.task.id} (${w.path})` : `${w.task.id}: nothing to change`;
        printMutation(ctx, outcome, human);
      }),
    );
};
