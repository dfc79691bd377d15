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
        const { printJson, progress } = await import("../output.js");
        const ws = ctx.workspace();
        const nodes = await buildTree(ws, { id: args[0] as string | undefined, open: Boolean(opts.open) });
        if (ctx.output === "json") return printJson(ctx, nodes);
        const { c } = ctx;
        const stateColor = (s: string) =>
          s === "done"
            ? c.green(s)
            : s === "in-progress"
              ? c.cyan(s)
              : s === "canceled"
                ? c.dim(s)
                : s === "ready"
                  ? c.yellow(s)
                  : s;
        const lines: string[] = [];
        const walk = (n: (typeof nodes)[number], prefix: string, last: boolean, top: boolean) => {
          const branch = top ? "" : last ? "└─ " : "├─ ";
          lines.push(
            `${prefix}${branch}${c.bold(n.id)} ${c.dim(n.kind)} ${stateColor(n.state)} ${c.dim(progress(n.acceptance.checked, n.acceptance.total))}  ${n.title}`,
          );
          const next = top ? "" : `${prefix}${last ? "   " : "│  "}`;
          n.children.forEach((ch, i) => {
            walk(ch, next, i === n.children.length - 1, false);
          });
        };
        for (const n of nodes) walk(n, "", true, true);
        ctx.io.out(lines.length ? `${lines.join("\n")}\n` : "No tasks.\n");
      }),
    );
};
