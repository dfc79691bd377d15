import type { RegisterCommand } from "../registrar.js";
import { LEASE_ENV } from "./lease-help.js";

export const registerClaim: RegisterCommand = (program, r) => {
  program
    .command("claim")
    .description("take an expiring lease on a task (or renew yours) so no other agent works on it")
    .argument("<id>", "task id")
    .option("--holder <name>", "who holds it (default $TASKPLAIN_HOLDER, else user@host:worktree)")
    .option("--ttl <duration>", "how long the lease lasts unless renewed: 90s, 30m, 2h (default 30m)")
    .option("--tool <tool>", "agent tool, shown in leases and on the board")
    .option("--model <model>", "model, shown in leases and on the board")
    .option("--remote <name>", "share the lease through this git remote (push with compare-and-swap)")
    .option("--dry-run", "say what would be claimed; write nothing")
    .addHelpText(
      "after",
      `
Renews when you already hold it; takes over a lease expired beyond the skew margin (generation + 1).
Exit 1 with error lease_held (holder and expiry in the message and JSON details) when someone else holds it.
JSON: {action: acquired|renewed|taken_over, lease, previous, store, remote, changes}
${LEASE_ENV}

Examples:
  taskplain claim fix-navbar --holder agent-3 --ttl 20m
  taskplain claim fix-navbar --remote origin --output json`,
    )
    .action(
      r.action(async (ctx, opts, args) => {
        const { runClaim } = await import("./leases-run.js");
        return runClaim(ctx, String(args[0]), opts);
      }),
    );
};
