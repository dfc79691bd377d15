import type { RegisterCommand } from "../registrar.js";

export const registerPickup: RegisterCommand = (program, r) => {
  program
    .command("pickup")
    .description(
      "start work on a task: checks it, promotes idea ancestors, moves it to in-progress and prints its context",
    )
    .argument("<id>", "task id")
    .option("--force", "pick up even if blocked, not idea/ready, or with unfinished dependencies")
    .option("--if-version <v>", "refuse if the task changed since this version was read")
    .option("--dry-run", "show the context and moves; write nothing")
    .addHelpText(
      "after",
      "\nJSON: {task (with body), ancestors (with bodies), children (ranked), dependencies (id, state), changes}\n\nExample:\n  taskplain pickup card-validation --output json",
    )
    .action(
      r.action(async (ctx, opts, args) => {
        const { pickupTask } = await import("../../services/pickup.js");
        const { printJson } = await import("../output.js");
        const { describeChange } = await import("../mutation-output.js");
        const ws = ctx.workspace();
        const outcome = await pickupTask(ws, {
          id: String(args[0]),
          force: Boolean(opts.force),
          ifVersion: opts.ifVersion as string | undefined,
          dryRun: Boolean(opts.dryRun),
        });
        const { task, ancestors, children, dependencies } = outcome.result;
        if (ctx.output === "json") return printJson(ctx, outcome.view);
        const { c } = ctx;
        const out: string[] = [];
        out.push(
          `${outcome.dry_run ? c.yellow("dry run: ") : ""}${c.bold(`Picked up ${task.task.id}`)} — ${task.task.title} (${task.path})`,
        );
        for (const ch of outcome.changes) out.push(`  ${c.dim(describeChange(ch))}`);
        for (const a of [...ancestors].reverse())
          out.push(
            `\n${c.bold(`# ${a.task.kind}: ${a.task.title}`)} ${c.dim(`(${a.task.id}, ${a.task.state})`)}\n${a.after.body.trim()}`,
          );
        if (dependencies.length)
          out.push(
            `\n${c.bold("Dependencies")}\n${dependencies.map((d) => `  ${d.id}: ${d.state ?? "missing"}`).join("\n")}`,
          );
        if (children.length)
          out.push(
            `\n${c.bold("Children")}\n${children.map((ch) => `  ${ch.task.id} (${ch.task.state}) ${ch.task.title}`).join("\n")}`,
          );
        out.push(
          `\n${c.bold(`# ${task.task.kind}: ${task.task.title}`)} ${c.dim(`(${task.task.id})`)}\n${task.after.body.trim()}`,
        );
        ctx.io.out(`${out.join("\n")}\n`);
      }),
    );
};
