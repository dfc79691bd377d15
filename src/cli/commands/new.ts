import { Option } from "commander";
import { KINDS, PRIORITIES, STATES } from "../../domain/enums.js";
import { collect } from "../args.js";
import type { RegisterCommand } from "../registrar.js";

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
    .option("--dry-run", "show the task and file operations; write nothing")
    .addHelpText(
      "after",
      `
Examples:
  taskplain new --title "Checkout revamp" --kind epic
  taskplain new --title "Payment form" --parent checkout-revamp          # a story
  taskplain new --title "Validate card numbers" --parent payment-form --meta size=small --meta touches=src/checkout/**`,
    )
    .action(
      r.action(async (ctx, opts) => {
        const { parseMetaAssignment } = await import("../../domain/meta-input.js");
        const { readFieldArgs, printMutation } = await import("../mutation-output.js");
        const { createTask } = await import("../../services/create.js");
        const ws = ctx.workspace();
        const outcome = await createTask(ws, {
          title: String(opts.title),
          kind: opts.kind as never,
          parent: opts.parent as string | undefined,
          state: opts.state as never,
          id: opts.id as string | undefined,
          priority: opts.priority as string | undefined,
          meta: ((opts.meta as string[] | undefined) ?? []).map(parseMetaAssignment),
          fields: await readFieldArgs(ctx, opts.field),
          dryRun: Boolean(opts.dryRun),
        });
        const rec = outcome.result.record;
        if (ctx.output === "plain") return;
        printMutation(ctx, outcome, `${rec.task.id}\t${rec.ref.relPath}`);
      }),
    );
};
