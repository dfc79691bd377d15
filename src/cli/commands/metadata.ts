import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `metadata set`'s options. */
type MetadataSetFlags = WriteFlags;

export const registerMetadata: RegisterCommand = (program, r) => {
  const metadata = program.command("metadata").description("read or merge a task's metadata as JSON");
  metadata
    .command("get")
    .description("all metadata with defaults applied (table, or JSON with --output json)")
    .argument("<id>", "task id")
    .action(
      r.action(async (ctx, _opts, args) => {
        const { getMetadata } = await import("../../services/metadata.js");
        const { printJson } = await import("../output.js");
        const { renderTable } = await import("../ui/table.js");
        const { block, viewOf } = await import("../ui/format.js");
        const ws = ctx.workspace();
        const obj = await getMetadata(ws, String(args[0]));
        if (ctx.output === "json") return printJson(ctx, obj);
        const rows = Object.entries(obj).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
        const { width, theme } = viewOf(ctx);
        // long values (execution, links) are cut to the width: --output json has them whole
        const columns = [
          { header: "KEY", style: theme.dim },
          { header: "VALUE", shrink: 1, min: 12 },
        ];
        ctx.io.out(block(renderTable(columns, rows, { width, headerStyle: theme.dim })));
      }),
    );
  metadata
    .command("set")
    .description("merge a JSON object from stdin into the metadata (null unsets a key)")
    .argument("<id>", "task id")
    .addOption(ifVersionOption())
    .addOption(dryRunOption("show the result"))
    .addHelpText(
      "after",
      `
id, state and kind cannot change here (use move). execution may be replaced whole; it is validated.
Like update: refused when the result would add an error across tasks; warns on what it leaves.

Examples:
  echo '{"priority":"high","labels":["ui"]}' | taskplain metadata set payment-error-copy
  echo '{"blocked":null}' | taskplain metadata set payment-error-copy`,
    )
    .action(
      r.action<MetadataSetFlags>(async (ctx, opts, args) => {
        const { usageError } = await import("../../domain/errors.js");
        const { printMutation } = await import("../mutation-output.js");
        const { updateTask } = await import("../../services/update.js");
        const input = (await ctx.io.readStdin()).trim();
        let patch: unknown;
        try {
          patch = JSON.parse(input);
        } catch {
          throw usageError("metadata set reads a JSON object from stdin", {
            hint: `echo '{"priority":"high"}' | taskplain metadata set ${String(args[0])}`,
          });
        }
        if (!patch || typeof patch !== "object" || Array.isArray(patch))
          throw usageError("metadata set expects a JSON object");
        const ws = ctx.workspace();
        const outcome = await updateTask(ws, {
          id: String(args[0]),
          meta: Object.entries(patch as Record<string, unknown>),
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
        });
        const w = outcome.result;
        printMutation(ctx, outcome, w.changed ? `updated ${w.task.id}` : `${w.task.id}: nothing to change`);
      }),
    );
};
