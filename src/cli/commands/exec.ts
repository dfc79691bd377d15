import { rootOf } from "../context.js";
import type { RegisterCommand } from "../registrar.js";

export const registerExec: RegisterCommand = (program, r) => {
  program
    .command("exec")
    .description("run an agent command and record it as an attempt (completed / failed / abandoned)")
    .argument("<id>", "task id")
    .argument("<command...>", "the command to run, after --")
    .requiredOption("--tool <tool>", "agent tool recorded in the attempt")
    .option("--model <model>", "model recorded in the attempt")
    .option("--pickup", "pick the task up first (when it is idea or ready)")
    .option("--holder <name>", "lease holder (default $TASKPLAIN_HOLDER, else user@host:worktree)")
    .option(
      "--ttl <duration>",
      "lease length, renewed every third of it while the command runs (default 30m)",
    )
    .option("--remote <name>", "share the lease through this git remote (default $TASKPLAIN_LEASE_REMOTE)")
    .option(
      "--grace <duration>",
      "when the lease is lost: SIGTERM, then SIGKILL after this long (default 10s)",
    )
    .addHelpText(
      "after",
      `
stdin/stdout are the command's; stderr is shown and its last line becomes error_reason on failure.
SIGINT/SIGTERM are forwarded and the attempt is recorded as abandoned. Exits with the command's exit code.
Holds a lease on the task while the command runs (claimed unless you hold it already, renewed every
TTL/3, released at the end; the command gets TASKPLAIN_HOLDER). If the lease is lost (release --force,
or a take-over after expiry) the command is stopped and the attempt recorded abandoned: lease_lost.

Example:
  taskplain exec fix-navbar --tool claude-code --model claude-sonnet-4 --pickup -- claude -p "work on fix-navbar"`,
    )
    .action(
      r.action(async (ctx, opts, args) => {
        const { execAndRecord } = await import("../../services/exec.js");
        const { getTask } = await import("../../services/repo.js");
        const { parseDuration } = await import("../../domain/leases.js");
        const { holderFor } = await import("../../services/leases.js");
        const root = rootOf(ctx);
        const id = String(args[0]);
        const record = await getTask(root, id);
        const text = (v: unknown) => (typeof v === "string" ? v : undefined);
        const holder = holderFor(root, text(opts.holder), ctx.io.env);
        const grace = text(opts.grace);
        const graceMs = grace === undefined ? undefined : parseDuration(grace);
        if (graceMs === null) {
          const { usageError } = await import("../../domain/errors.js");
          throw usageError(`--grace must be a duration such as 10s (got "${grace}")`);
        }
        if (opts.pickup && (record.task.state === "idea" || record.task.state === "ready")) {
          const { pickupTask } = await import("../../services/pickup.js");
          await pickupTask(root, { id, lease: { holder, remote: text(opts.remote), env: ctx.io.env } });
        }
        const result = await execAndRecord(root, {
          id,
          tool: String(opts.tool),
          model: opts.model as string | undefined,
          command: args[1] as string[],
          cwd: ctx.io.cwd,
          echoStderr: (chunk) => process.stderr.write(chunk),
          lease: {
            holder,
            ttl: text(opts.ttl),
            tool: String(opts.tool),
            model: text(opts.model),
            remote: text(opts.remote),
            env: ctx.io.env,
          },
          graceMs,
        });
        if (ctx.output === "json") ctx.io.err(`${JSON.stringify({ exec: { id, ...result } })}\n`);
        else
          ctx.io.err(
            `taskplain: recorded attempt ${result.attempt_index} on ${id}: ${result.status} after ${result.duration_seconds}s\n`,
          );
        return result.exitCode;
      }),
    );
};
