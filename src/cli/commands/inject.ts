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
      r.action(async (ctx, opts, args) => {
        const { existsSync, readFileSync } = await import("node:fs");
        const path = await import("node:path");
        const { injectBlock } = await import("../../domain/handbook.js");
        const file = path.resolve(ctx.io.cwd, String(args[0]));
        const existing = existsSync(file) ? readFileSync(file, "utf8") : null;
        const { text, status } = injectBlock(existing);
        const rel = path.relative(ctx.io.cwd, file) || file;
        if (opts.check) {
          const fresh = status === "unchanged";
          const state = fresh
            ? "up to date"
            : existing === null
              ? "missing (no file)"
              : status === "added"
                ? "missing"
                : "stale";
          if (ctx.output === "json") {
            const { printJson } = await import("../output.js");
            printJson(ctx, { file: rel, up_to_date: fresh, state });
          } else ctx.io.out(`${rel}: taskplain block ${state}\n`);
          return fresh ? 0 : 1;
        }
        if (opts.stdout) {
          ctx.io.out(text);
          return 0;
        }
        if (status !== "unchanged") {
          const { writeFileAtomically } = await import("../../storage/atomic.js");
          const { mkdir } = await import("node:fs/promises");
          await mkdir(path.dirname(file), { recursive: true });
          await writeFileAtomically(file, text);
        }
        if (ctx.output === "json") {
          const { printJson } = await import("../output.js");
          return printJson(ctx, { file: rel, status });
        }
        ctx.io.out(`${rel}: taskplain block ${status}\n`);
      }),
    );
};
