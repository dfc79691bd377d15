import type { RegisterCommand } from "../registrar.js";

export const registerInject: RegisterCommand = (program, r) => {
  program
    .command("inject")
    .description("keep a short Taskplain block for agents in AGENTS.md, CLAUDE.md or another file")
    .argument("<file>", "the instructions file (created when missing)")
    .option("--check", "write nothing; exit 1 when the block is missing or stale")
    .option("--stdout", "print the resulting file instead of writing it")
    .addHelpText(
      "after",
      `
The block sits between <!-- taskplain:start vN --> and <!-- taskplain:end -->; text outside
the markers is kept byte for byte. Running it again changes nothing.

Examples:
  taskplain inject AGENTS.md
  taskplain inject CLAUDE.md --check`,
    )
    .action(
      r.action<{ check?: boolean; stdout?: boolean }>(async (ctx, opts, args) => {
        const path = await import("node:path");
        const { checkInjected, injectInstructions } = await import("../../services/inject.js");
        const { printJson } = await import("../output.js");
        const file = path.resolve(ctx.io.cwd, String(args[0]));
        const shown = path.relative(ctx.io.cwd, file) || file;
        if (opts.check) {
          const view = checkInjected(file, shown);
          if (ctx.output === "json") printJson(ctx, view);
          else ctx.io.out(`${shown}: taskplain block ${view.state}\n`);
          return view.up_to_date ? 0 : 1;
        }
        const { view, text } = await injectInstructions(file, shown, { write: !opts.stdout });
        if (opts.stdout) return ctx.io.out(text);
        if (ctx.output === "json") return printJson(ctx, view);
        ctx.io.out(`${shown}: taskplain block ${view.status}\n`);
      }),
    );
};
