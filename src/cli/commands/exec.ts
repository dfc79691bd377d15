import type { RegisterCommand } from "../registrar.js";

/** `exec`'s options. */
interface ExecFlags {
  tool: string;
  model?: string;
  pickup?: boolean;
  holder?: string;
  ttl?: string;
  remote?: string;
  grace?: string;
}

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
stdin/stdout are the command's; stderr is shown. On failure error_reason is its last line that
carries text (colours stripped), else "exit code N", or "ENOENT: no such command 'x'".
The command gets TASKPLAIN_TASK_ID, TASKPLAIN_ROOT and TASKPLAIN_ATTEMPT_STARTED_AT.
With --pickup a task in progress is resumed, so the agent's own \`pickup\` works too.
SIGINT is forwarded to the command, SIGTERM to it and every process it started; the attempt is
then recorded as abandoned. Exits with the command's exit code.
Holds a lease on the task while the command runs (claimed unless you hold it already, renewed every
TTL/3, released at the end; the command gets TASKPLAIN_HOLDER). If the lease is lost (release --force,
or a take-over after expiry) the command and its children are stopped and the attempt is recorded
abandoned with error_reason "lease_lost: …". Exit 1 (lease_held) without running when someone else holds it.

Example:
  taskplain exec payment-error-copy --tool claude-code --model claude-sonnet-4 --pickup -- claude -p "…"`,
    )
    .action(
      r.action<ExecFlags>(async (ctx, opts, args) => {
        const { recordRun } = await import("../../services/attempts.js");
        const { getTask } = await import("../../services/repo.js");
        const { formatDuration } = await import("../../domain/units.js");
        const { runCommand } = await import("../process/run-command.js");
        const { killTree } = await import("../process/kill-tree.js");
        const { LeaseKeeper } = await import("../../services/lease-keeper.js");
        const { holderFor } = await import("../../services/leases.js");
        const { parseDuration } = await import("../../domain/leases.js");
        const { usageError } = await import("../../domain/errors.js");
        const ws = ctx.workspace();
        const id = String(args[0]);
        const graceMs = opts.grace === undefined ? 10_000 : parseDuration(opts.grace);
        if (graceMs === null) throw usageError(`grace must be a duration such as 10s (got "${opts.grace}")`);
        const holder = holderFor(ws, opts.holder);
        const remote = opts.remote;
        const record = await getTask(ws, id);
        if (opts.pickup && (record.task.state === "idea" || record.task.state === "ready")) {
          const { pickupTask } = await import("../../services/pickup.js");
          await pickupTask(ws, { id, lease: { holder, remote } });
        }
        // The lease lives while the command runs (leases.md "Commands"): lost → stop the command.
        let child: import("node:child_process").ChildProcess | undefined;
        let stoppedBecause: string | undefined;
        let killTimer: NodeJS.Timeout | undefined;
        const keeper = await LeaseKeeper.start(ws, {
          id,
          holder,
          ttl: opts.ttl,
          tool: String(opts.tool),
          model: opts.model,
          remote,
          onLost: (error) => {
            stoppedBecause = `lease_lost: ${error.message}`;
            ctx.io.err(`taskplain: ${error.message}; stopping the command\n`);
            killTree(child?.pid, "SIGTERM");
            killTimer = setTimeout(() => killTree(child?.pid, "SIGKILL"), graceMs);
          },
        });
        let run: Awaited<ReturnType<typeof runCommand>>;
        try {
          run = await runCommand(args[1] as string[], {
            cwd: ctx.io.cwd,
            // What the agent needs to know which task it is on (agents.md, leases.md).
            env: (startedAtMs) => ({
              ...ctx.io.env,
              TASKPLAIN_TASK_ID: id,
              TASKPLAIN_ROOT: ws.root,
              TASKPLAIN_ATTEMPT_STARTED_AT: new Date(startedAtMs).toISOString(),
              TASKPLAIN_HOLDER: holder,
              ...(remote ? { TASKPLAIN_LEASE_REMOTE: remote } : {}),
            }),
            echoStderr: (chunk) => ctx.io.err(chunk.toString("utf8")),
            now: () => ctx.io.clock.now(),
            onSpawn: (c) => {
              child = c;
            },
          });
        } finally {
          if (killTimer) clearTimeout(killTimer);
        }
        const result = await recordRun(ws, {
          id,
          tool: String(opts.tool),
          model: opts.model,
          run: stoppedBecause ? { ...run, stoppedBecause } : run,
        }).finally(() => keeper.stop());
        if (ctx.output === "json") ctx.io.err(`${JSON.stringify({ exec: result })}\n`);
        else
          ctx.io.err(
            `taskplain: recorded attempt ${result.attempt_index} on ${id}: ${result.status} after ${formatDuration(result.duration_seconds)}${result.error_reason ? ` — ${result.error_reason}` : ""}\n`,
          );
        return result.exit_code;
      }),
    );
};
