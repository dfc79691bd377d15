import { STATES } from "../../domain/enums.js";
import { choices, parseCount, parseList } from "../args.js";
import { printJson } from "../output.js";
import type { RegisterCommand } from "../registrar.js";
import { reportBroken } from "./shared.js";

/** `stats`'s options (lists stay comma-separated text until parsed). */
interface StatsFlags {
  state?: string;
  since?: string;
  limit?: string;
  task?: string;
  by?: string;
}

export const registerStats: RegisterCommand = (program, r) => {
  program
    .command("stats")
    .description("telemetry analysis: success rates, attempts and durations by executor, model, size, …")
    .option("--state <states>", `comma list of ${choices(STATES)}`)
    .option(
      "--since <age>",
      "only tasks active since: an age (7d, 4w, 3m = months, 1y) or a date (2026-03-01)",
    )
    .option("--limit <n>", "only the n most recently active tasks")
    .option("--task <id>", "this task and its descendants")
    .option(
      "--by <dims>",
      "pivot on one or two of: model, tool, ambiguity, size, executor, isolation, kind, priority, label",
    )
    .addHelpText(
      "after",
      `
Output: human tables (default), --output json (seconds, rates 0..1), --output csv (one row per task).

Examples:
  taskplain stats
  taskplain stats --by model,ambiguity        # first-try success and mean attempts per model × ambiguity
  taskplain stats --state done --since 30d --output csv > runs.csv`,
    )
    .action(
      r.action<StatsFlags>(
        async (ctx, opts) => {
          const { taskStats } = await import("../../services/stats.js");
          const { statsToCsv } = await import("../../domain/stats.js");
          const result = await taskStats(ctx.workspace(), {
            states: parseList(opts.state, "--state", STATES),
            since: opts.since,
            limit: parseCount(opts.limit, "--limit", 1),
            task: opts.task,
            by: typeof opts.by === "string" ? opts.by.split(",").map((s) => s.trim()) : undefined,
          });
          reportBroken(ctx, result.broken);
          if (ctx.output === "json") printJson(ctx, result.view);
          else if (ctx.output === "csv") ctx.io.out(statsToCsv(result.view));
          else {
            const { renderStats } = await import("../ui/stats.js");
            const { viewOf } = await import("../ui/format.js");
            ctx.io.out(renderStats(result.view, viewOf(ctx)));
          }
        },
        ["human", "json", "csv"],
      ),
    );
};
