import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `pickup`'s options. */
interface PickupFlags extends WriteFlags {
  force?: boolean;
  claim?: boolean;
  holder?: string;
  ttl?: string;
  tool?: string;
  model?: string;
  remote?: string;
}

export const registerPickup: RegisterCommand = (program, r) => {
  program
    .command("pickup")
    .description(
      "start work on a task: checks it, promotes idea ancestors, moves it to in-progress and prints its context (resumes one in progress)",
    )
    .argument("<id>", "task id")
    .option("--force", "pick up even if blocked, not idea/ready, or with unfinished dependencies")
    .addOption(ifVersionOption())
    .addOption(dryRunOption("show the context and moves"))
    .option("--claim", "claim a lease on the task first (lease_held, exit 1, when someone else has it)")
    .option("--holder <name>", "lease holder (default $TASKPLAIN_HOLDER, else user@host:worktree)")
    .option("--ttl <duration>", "with --claim: lease length (default 30m)")
    .option("--tool <tool>", "with --claim: agent tool shown in leases")
    .option("--model <model>", "with --claim: model shown in leases")
    .option("--remote <name>", "git remote the leases are shared through (default $TASKPLAIN_LEASE_REMOTE)")
    .addHelpText(
      "after",
      "\nA task already in progress is resumed: the same context, nothing written (resumed: true).\nJSON: {task (with body), ancestors (with bodies), children (ranked), dependencies (id, state), resumed, changes}\n\nExample:\n  taskplain pickup payment-error-copy --output json",
    )
    .action(
      r.action<PickupFlags>(async (ctx, opts, args) => {
        const { pickupTask } = await import("../../services/pickup.js");
        const { printJson } = await import("../output.js");
        const { describeChange, printWriteWarnings } = await import("../mutation-output.js");
        const { leanBody } = await import("../../domain/body-agent.js");
        const ws = ctx.workspace();
        const input = {
          id: String(args[0]),
          force: Boolean(opts.force),
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
        };
        const lease = { holder: opts.holder, remote: opts.remote };
        let claim: { lease: { holder: string; expires_at: string } } | undefined;
        let outcome: Awaited<ReturnType<typeof pickupTask>>;
        if (opts.claim) {
          const { pickupWithClaim } = await import("../../services/claim-flows.js");
          const both = await pickupWithClaim(ws, {
            ...input,
            ...lease,
            ttl: opts.ttl,
            tool: opts.tool,
            model: opts.model,
          });
          claim = both.claim;
          outcome = both.pickup;
        } else outcome = await pickupTask(ws, { ...input, lease });
        const { task, ancestors, children, dependencies, resumed } = outcome.result;
        if (ctx.output === "json") return printJson(ctx, claim ? { ...outcome.view, claim } : outcome.view);
        printWriteWarnings(ctx, outcome.warnings);
        const { c } = ctx;
        const out: string[] = [];
        out.push(
          `${outcome.dry_run ? c.yellow("dry run: ") : ""}${c.bold(`${resumed ? "Resumed" : "Picked up"} ${task.task.id}`)} — ${task.task.title} (${task.path})`,
        );
        if (claim) out.push(`  ${c.dim(`leased to ${claim.lease.holder} until ${claim.lease.expires_at}`)}`);
        for (const ch of outcome.changes) out.push(`  ${c.dim(describeChange(ch))}`);
        // Lean bodies: no template comments, no empty sections (an empty body says so in one line).
        const section = (rec: typeof task.after) => {
          const body = leanBody(rec.body);
          return body ? `\n${body}` : `\n${c.dim("(nothing written in the body yet)")}`;
        };
        for (const a of [...ancestors].reverse())
          out.push(
            `\n${c.bold(`# ${a.task.kind}: ${a.task.title}`)} ${c.dim(`(${a.task.id}, ${a.task.state})`)}${section(a.after)}`,
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
          `\n${c.bold(`# ${task.task.kind}: ${task.task.title}`)} ${c.dim(`(${task.task.id})`)}${section(task.after)}`,
        );
        ctx.io.out(`${out.join("\n")}\n`);
      }),
    );
};
