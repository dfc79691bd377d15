import type { RegisterCommand } from "../registrar.js";
import { LEASE_ENV } from "./lease-help.js";

export const registerLeases: RegisterCommand = (program, r) => {
  program
    .command("leases")
    .description("who holds which task: holder, task, age, expires in")
    .option("--all", "also list expired leases (free to take over)")
    .option("--remote <name>", "fetch the leases from this git remote first")
    .addHelpText(
      "after",
      `
Status: live (before expires_at) · expiring (past it, within the skew margin: still blocks others)
        expired (may be taken over; only with --all)
JSON: {leases: [{task, holder, tool, model, host, worktree, acquired_at, renewed_at, expires_at,
       generation, status, age_seconds, heartbeat_age_seconds, expires_in_seconds}], invalid, store, remote}
${LEASE_ENV}

Example:
  taskplain leases --all`,
    )
    .action(
      r.action(async (ctx, opts) => {
        const { runLeases } = await import("./leases-run.js");
        return runLeases(ctx, opts);
      }),
    );
};
