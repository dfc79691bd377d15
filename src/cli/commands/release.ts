import type { RegisterCommand } from "../registrar.js";
import { LEASE_ENV } from "./lease-help.js";

export const registerRelease: RegisterCommand = (program, r) => {
  program
    .command("release")
    .description("give a task's lease back (--force breaks someone else's)")
    .argument("<id>", "task id")
    .option("--holder <name>", "who releases (default $TASKPLAIN_HOLDER, else user@host:worktree)")
    .option("--force", "break the lease even though someone else holds it (says whose)")
    .option("--remote <name>", "the git remote the lease is shared through")
    .option("--dry-run", "say what would be released; write nothing")
    .addHelpText(
      "after",
      `
Exit 1: no_lease when the task has none, lease_held when it is someone else's (without --force).
JSON: {task, released (the lease as it was), holder, forced, store, remote, changes}
${LEASE_ENV}

Example:
  taskplain release fix-navbar --force`,
    )
    .action(
      r.action(async (ctx, opts, args) => {
        const { runRelease } = await import("./leases-run.js");
        return runRelease(ctx, String(args[0]), opts);
      }),
    );
};
