import { Option } from "commander";
import { KINDS, type Kind, PRIORITIES, type Priority, STATES, type State } from "../../domain/enums.js";
import { collect } from "../args.js";
import type { Ctx } from "../context.js";
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
  /** the global --root (new creates the state folders only where no root was named) */
  root?: string;
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
Refused (exit 1, nothing written) when the result would add an error across tasks: a
missing or cyclic dependency, a second parent, a duplicate id. A task left incomplete for
its state (ready without criteria, say) is written, with a warning on stderr (JSON: warnings).

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
        const ws = await workspaceForNew(ctx, opts.root, Boolean(opts.dryRun));
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
        const source = outcome.result.id_source;
        if (ctx.output !== "json" && (source === "transliterated" || source === "fallback")) {
          // stderr, so stdout stays "id<TAB>path" for scripts
          ctx.io.err(
            source === "transliterated"
              ? `note: id ${rec.task.id} is the title transliterated to Latin letters; pass --id to choose another\n`
              : `note: the title has nothing a Latin id can be spelt from, so the id ${rec.task.id} is a hash of it; pass --id to choose one\n`,
          );
        }
        if (ctx.output === "plain") return;
        printMutation(ctx, outcome, `${rec.task.id}\t${rec.ref.relPath}`);
      }),
    );
};

/**
 * The workspace for `new`. At the top of a git repository that has no tasks/ yet, the
 * state folders are created first (as `init` would) and stderr says so; elsewhere a
 * missing tasks/ is still the usual error asking for `init`.
 */
async function workspaceForNew(ctx: Ctx, root: string | undefined, dryRun: boolean) {
  try {
    return ctx.workspace();
  } catch (error) {
    if ((error as { code?: string }).code !== "no_repository" || root || ctx.io.env.TASKPLAIN_ROOT)
      throw error;
    const { realpathSync } = await import("node:fs");
    const { gitTopLevel } = await import("../../storage/root.js");
    const top = gitTopLevel(ctx.io.cwd);
    if (!top || realpathSync(top) !== realpathSync(ctx.io.cwd)) throw error;
    const ws = ctx.workspace({ allowMissingTasks: true });
    const { initRepository } = await import("../../services/init.js");
    const result = await initRepository(ws, { dryRun });
    ctx.io.err(
      `taskplain: ${dryRun ? "would create" : "created"} the state folders under tasks/ (${result.created.length} new; as \`taskplain init\`)\n`,
    );
    return ws;
  }
}
