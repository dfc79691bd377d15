import { Option } from "commander";
import { EXECUTION_STATUSES } from "../../domain/enums.js";
import type { AttemptFlags } from "../attempt-flags.js";
import { dryRunOption, ifVersionOption, type RegisterCommand, type WriteFlags } from "../registrar.js";

/** `attempt add`'s options. */
interface AttemptAddFlags extends WriteFlags, AttemptFlags {
  json?: boolean;
}

/** `attempt review`'s options. */
interface AttemptReviewFlags extends WriteFlags {
  index?: string;
  name: string;
  approved?: boolean;
  rejected?: boolean;
  notes?: string;
  at?: string;
}

/** The flags that describe one attempt; `--json` reads the attempt from stdin instead. */
const ATTEMPT_FIELD_FLAGS = [
  "tool",
  "model",
  "status",
  "started",
  "ended",
  "duration",
  "error",
  "notes",
  "plannerTool",
  "plannerModel",
];

export const registerAttempt: RegisterCommand = (program, r) => {
  const attempt = program.command("attempt").description("record and read execution attempts (telemetry)");
  attempt
    .command("add")
    .description("append an attempt (validated, under the repository lock)")
    .argument("<id>", "task id")
    .option("--tool <tool>", "agent tool, e.g. claude-code")
    .option("--model <model>", "model, e.g. claude-sonnet-4")
    .addOption(new Option("--status <status>", "how it ended").choices(EXECUTION_STATUSES))
    .option("--started <iso>", "start time")
    .option("--ended <iso>", "end time")
    .option("--duration <seconds>", "whole seconds")
    .option("--error <text>", "error_reason (why it failed)")
    .option("--notes <text>", "free notes")
    .option("--planner-tool <tool>", "planner tool")
    .option("--planner-model <model>", "planner model")
    .addOption(
      new Option("--json", "read one attempt object, or an array of them, from stdin").conflicts(
        ATTEMPT_FIELD_FLAGS,
      ),
    )
    .addOption(ifVersionOption())
    .addOption(dryRunOption("validate and show the attempt"))
    .addHelpText(
      "after",
      `
Any two of --started, --ended, --duration determine the third; with only --duration it ended now.

Examples:
  taskplain attempt add payment-error-copy --tool claude-code --model claude-sonnet-4 --status completed --duration 380
  taskplain attempt add payment-error-copy --tool codex --status failed --started 2026-01-31T09:00:00Z --ended 2026-01-31T09:06:20Z --error "2 tests failed"
  echo '{"started_at":"…","ended_at":"…","duration_seconds":95,"status":"failed","executor":{"tool":"codex"}}' | taskplain attempt add payment-error-copy --json`,
    )
    .action(
      r.action<AttemptAddFlags>(async (ctx, opts, args) => {
        const { usageError } = await import("../../domain/errors.js");
        const { attemptFromFlags } = await import("../attempt-flags.js");
        const { addAttempts } = await import("../../services/attempts.js");
        const { printMutation } = await import("../mutation-output.js");
        const { formatDuration } = await import("../../domain/units.js");
        let attempts: Record<string, unknown>[];
        if (opts.json) {
          const text = (await ctx.io.readStdin()).trim();
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            throw usageError("--json expects an attempt object or an array of them on stdin");
          }
          attempts = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
        } else {
          attempts = [attemptFromFlags(opts, ctx.io.clock.now())];
        }
        const ws = ctx.workspace();
        const outcome = await addAttempts(ws, {
          id: String(args[0]),
          attempts,
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
        });
        const { task, first_index } = outcome.result;
        const human = outcome.result.attempts
          .map(
            (a, i) =>
              `attempt ${first_index + i} on ${task.task.id}: ${a.status} · ${formatDuration(a.duration_seconds as number)} · ${(a.executor as { tool: string }).tool}${(a.executor as { model?: string }).model ? `/${(a.executor as { model?: string }).model}` : ""}`,
          )
          .join("\n");
        printMutation(ctx, outcome, human);
      }),
    );
  attempt
    .command("review")
    .description("record a review of an attempt (default: the last one)")
    .argument("<id>", "task id")
    .option("--index <n>", "attempt index (0-based)")
    .requiredOption("--name <who>", "reviewer")
    .addOption(new Option("--approved", "the work was approved").conflicts("rejected"))
    .option("--rejected", "the work was rejected")
    .option("--notes <text>", "review notes")
    .option("--at <iso>", "review time (default: now)")
    .addOption(ifVersionOption())
    .addOption(dryRunOption("show the review"))
    .action(
      r.action<AttemptReviewFlags>(async (ctx, opts, args) => {
        const { usageError } = await import("../../domain/errors.js");
        const { reviewAttempt } = await import("../../services/attempts.js");
        const { printMutation } = await import("../mutation-output.js");
        const { parseCount } = await import("../args.js");
        if (!opts.approved && !opts.rejected) throw usageError("say --approved or --rejected");
        const ws = ctx.workspace();
        const outcome = await reviewAttempt(ws, {
          id: String(args[0]),
          index: parseCount(opts.index, "--index"),
          name: String(opts.name),
          approved: Boolean(opts.approved),
          notes: opts.notes,
          at: opts.at,
          ifVersion: opts.ifVersion,
          dryRun: Boolean(opts.dryRun),
        });
        const { task, index, reviewer } = outcome.result;
        printMutation(
          ctx,
          outcome,
          `attempt ${index} of ${task.task.id} ${reviewer.approved ? "approved" : "rejected"} by ${reviewer.name}`,
        );
      }),
    );
  attempt
    .command("list")
    .description("the attempts of a task with the derived figures (retries, execution, wall clock, idle)")
    .argument("<id>", "task id")
    .action(
      r.action(async (ctx, _opts, args) => {
        const { listAttempts } = await import("../../services/attempts.js");
        const { printJson } = await import("../output.js");
        const { renderAttempts } = await import("../ui/attempts.js");
        const { viewOf } = await import("../ui/format.js");
        const ws = ctx.workspace();
        const result = await listAttempts(ws, String(args[0]));
        if (ctx.output === "json") return printJson(ctx, result);
        ctx.io.out(renderAttempts(result, viewOf(ctx)));
      }),
    );
};
