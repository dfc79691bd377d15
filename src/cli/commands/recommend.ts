import { AMBIGUITIES, EXECUTORS, KINDS, SIZES } from "../../domain/enums.js";
import { choices, parseCount, parseList } from "../args.js";
import { printJson } from "../output.js";
import type { RegisterCommand } from "../registrar.js";
import { reportBroken } from "./shared.js";

/** `recommend`'s options (one enum value each). */
interface RecommendFlags {
  ambiguity?: string;
  size?: string;
  kind?: string;
  executor?: string;
  minSamples?: string;
}

/** One value of an enum flag (`parseList` checks it; a comma list is refused). */
async function one<T extends string>(value: unknown, flag: string, allowed: readonly T[]) {
  const list = parseList(value, flag, allowed);
  if (list && list.length !== 1) {
    const { usageError } = await import("../../domain/errors.js");
    throw usageError(`${flag} takes one value`);
  }
  return list?.[0];
}

export const registerRecommend: RegisterCommand = (program, r) => {
  program
    .command("recommend")
    .description("which tool × model to send a task to, ranked by expected first-try success")
    .argument("[id]", "the task to route (its ambiguity and size pick the cell)")
    .option("--ambiguity <level>", choices(AMBIGUITIES))
    .option("--size <size>", choices(SIZES))
    .option("--kind <kind>", choices(KINDS))
    .option("--executor <tier>", `the task's executor tier: ${choices(EXECUTORS)}`)
    .option(
      "--min-samples <n>",
      "tasks a cell needs before it is trusted; fewer falls back to a coarser cell (default 5)",
    )
    .addHelpText(
      "after",
      `
Ranks every tool × model seen in the telemetry by first-try success on tasks like this one:
posterior mean of Beta(1 + successes, 1 + failures), the 95% Wilson lower bound, counts,
time per success and mean attempts to done. Cells: ambiguity × size (× kind, executor when
given); with fewer than --min-samples tasks it falls back to ambiguity only, then size
only, then all tasks, and says which level it used. explore: true when the leader's
interval overlaps another candidate's: the data cannot tell them apart yet.

Output: human table (default), --output json.

Examples:
  taskplain recommend login-form
  taskplain recommend --ambiguity high --size small --output json | jq -r '.recommended.model'`,
    )
    .action(
      r.action<RecommendFlags>(async (ctx, opts, args) => {
        const { recommendFor } = await import("../../services/recommend.js");
        const { view, broken } = await recommendFor(ctx.workspace(), {
          id: args[0] === undefined ? undefined : String(args[0]),
          query: {
            ambiguity: await one(opts.ambiguity, "--ambiguity", AMBIGUITIES),
            size: await one(opts.size, "--size", SIZES),
            kind: await one(opts.kind, "--kind", KINDS),
            executor: await one(opts.executor, "--executor", EXECUTORS),
          },
          minSamples: parseCount(opts.minSamples, "--min-samples", 1),
        });
        reportBroken(ctx, broken);
        if (ctx.output === "json") return printJson(ctx, view);
        const { renderRecommendation } = await import("../ui/recommend.js");
        const { viewOf } = await import("../ui/format.js");
        ctx.io.out(renderRecommendation(view, viewOf(ctx), view.task ? `task ${view.task.id}` : undefined));
      }),
    );
};
