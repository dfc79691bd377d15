import { Option } from "commander";
import { KINDS, type Kind, PRIORITIES, type Priority, STATES, type State } from "../../domain/enums.js";
import { collect } from "../args.js";
import { dryRunOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `new`'s options. */
interface NewFlags extends Pick<WriteFlags, "dryRun"> {
  title: string;
  kind?: Kind;
  parent?: string;
  state?: State;
  id?: string;
  priority?: Priority;
  meta?: string[];
  field?: string[];
}

export const registerNew: RegisterCommand = (program, r) => {
  program
    .command("new")
    .description("create a task (state idea unless given); the id is derived from the title")
    .requiredOption("--title <title>", "human title")
    .addOption(
      new Option("--kind <kind>", "epic, story or task (default: inferred from --parent, else task)").choices(
        KINDS,
      ),
    )
    .option("--parent <id>", "parent epic or story; the new task is appended to its children")
    .addOption(new Option("--state <state>", "initial state").choices(STATES))
    .option("--id <id>", "explicit id (lowercase words joined by hyphens, at most 24 characters)")
    .addOption(new Option("--priority <p>", "priority").choices(PRIORITIES))
    .option(
      "--meta <key=value>",
      "any other metadata, e.g. size=small, touches=src/a/** (repeatable)",
      collect,
    )
    .option("--field <section> <text|@file>", "fill a body section (repeatable)", collect)
    .addOption(dryRunOption("show the task and file operations"))
    .addHelpText(
      "after",
      `
Examples:
  taskplain new --title "Checkout revamp" --kind epic
  taskplain new --title "Payment form" --parent checkout-revamp          # a story
  taskplain new --title "Validate card numbers" --parent payment-form --meta size=small --meta touches=src/checkout/**`,
    )
    .action(
      r.action<NewFlags>(async (ctx, opts) => {
        const { parseMetaAssignment } = await import("../../domain/meta-input.js");
        const { readFieldArgs, printMutation } = await import("../mutation-output.js");
        const { createTask } = await import("../../services/create.js");
        const ws = ctx.workspace();
        const outcome = await createTask(ws, {
          title: String(opts.title),
          kind: opts.kind,
          parent: opts.parent,
          state: opts.state,
          id: opts.id,
          priority: opts.priority,
          meta: (opts.meta ?? []).map(parseMetaAssignment),
          fields: await readFieldArgs(ctx, opts.field),
          dryRun: Boolean(opts.dryRun),
        });
        const rec = outcome.result.record;
        if (ctx.output === "plain") return;
        printMutation(ctx, outcome, `${rec.task.id}\t${rec.ref.relPath}`);
      }),
    );
};
