import type { RegisterCommand } from "../registrar.js";

/** `exec`'s options. */
interface ExecFlags {
  tool: string;
  model?: string;
  pickup?: boolean;
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
    .addHelpText(
      "after",
      `
stdin/stdout are the command's; stderr is shown. On failure error_reason is its last line that
carries text (colours stripped), else "exit code N", or "ENOENT: no such command 'x'".
The command gets TASKPLAIN_TASK_ID, TASKPLAIN_ROOT and TASKPLAIN_ATTEMPT_STARTED_AT.
With --pickup a task in progress is resumed, so the agent's own \`pickup\` works too.
SIGINT/SIGTERM are forwarded and the attempt is recorded as abandoned. Exits with the command's exit code.

Example:
  taskplain exec payment-error-copy --tool claude-code --model claude-sonnet-4 --pickup -- claude -p "…"`,
    )
    .action(
      r.action<ExecFlags>(async (ctx, opts, args) => {
        const { recordRun } = await import("../../services/attempts.js");
        const { getTask } = await import("../../services/repo.js");
        const { formatDuration } = await import("../../domain/units.js");
        const { runCommand } = await import("../process/run-command.js");
        const ws = ctx.workspace();
        const id = String(args[0]);
        const record = await getTask(ws, id);
        if (opts.pickup && (record.task.state === "idea" || record.task.state === "ready")) {
          const { pickupTask } = await import("../../services/pickup.js");
          await pickupTask(ws, { id });
        }
        const run = await runCommand(args[1] as string[], {
          cwd: ctx.io.cwd,
          // What the agent needs to know which task it is on (agents.md).
          env: (startedAtMs) => ({
            ...ctx.io.env,
            TASKPLAIN_TASK_ID: id,
            TASKPLAIN_ROOT: ws.root,
            TASKPLAIN_ATTEMPT_STARTED_AT: new Date(startedAtMs).toISOString(),
          }),
          echoStderr: (chunk) => ctx.io.err(chunk.toString("utf8")),
          now: () => ctx.io.clock.now(),
        });
        const result = await recordRun(ws, {
          id,
          tool: String(opts.tool),
          model: opts.model,
          run,
        });
        if (ctx.output === "json") ctx.io.err(`${JSON.stringify({ exec: result })}\n`);
        else
          ctx.io.err(
            `taskplain: recorded attempt ${result.attempt_index} on ${id}: ${result.status} after ${formatDuration(result.duration_seconds)}${result.error_reason ? ` — ${result.error_reason}` : ""}\n`,
          );
        return result.exit_code;
      }),
    );
};
