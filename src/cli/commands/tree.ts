import type { RegisterCommand } from "../registrar.js";

/** `tree`'s options. */
interface TreeFlags {
  open?: boolean;
}

export const registerTree: RegisterCommand = (program, r) => {
  program
    .command("tree")
    .description("show the hierarchy (all roots, or under one task) with state and criteria progress")
    .argument("[id]", "start from this task")
    .option("--open", "only open work (idea, ready, in-progress) and the parents that hold it")
    .action(
      r.action<TreeFlags>(async (ctx, opts, args) => {
        const { buildTree } = await import("../../services/tree.js");
        const { printJson } = await import("../output.js");
        const ws = ctx.workspace();
        const nodes = await buildTree(ws, { id: args[0] as string | undefined, open: Boolean(opts.open) });
        if (ctx.output === "json") return printJson(ctx, nodes);
        const { renderTree } = await import("../ui/tree.js");
        const { viewOf } = await import("../ui/format.js");
        ctx.io.out(renderTree(nodes, viewOf(ctx)));
      }),
    );
};
