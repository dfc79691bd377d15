import { EXECUTORS, KINDS } from "../../domain/enums.js";
import { choices, parseCount, parseList } from "../args.js";
import type { RegisterCommand } from "../registrar.js";

export const registerNext: RegisterCommand = (program, r) => {
  program
    .command("next")
    .description(
      "rank dispatchable ready work; with --parallelize pick tasks that can run at once without conflicts",
    )
    .option("--parallelize <n>", "how many mutually safe tasks to return (default 1)")
    .option("--executor <tier>", `capability available: ${choices(EXECUTORS)} (skips tasks needing more)`)
    .option("--kind <kinds>", `comma list of ${choices(KINDS)}`)
    .option("--label <labels>", "only tasks carrying any of these labels")
    .addHelpText(
      "after",
      `
Order: priority › parent already in progress › size › executor fit › ambiguity › isolation › staleness › id.
Conflicts: overlapping touches globs, isolation global, and work already in progress.

Skips: each ready task that cannot start now says why (blocked, dependencies, conflict and with
whom, executor tier, open children, lease); tasks merely beyond --parallelize are not skips,
only counted as "remaining". Epics and stories without touches hold no paths.

Each pick carries recommended_executor (tool, model, expected first-try success, cell level,
explore) from the telemetry: see taskplain recommend.

Output: human (default), --output json {tasks, skipped, remaining}, --output plain (ids).

Example dispatch loop:
  for id in $(taskplain next --parallelize 3 --output plain); do
    taskplain exec "$id" --tool claude-code --pickup -- claude -p "taskplain pickup $id" &
  done; wait`,
    )
    .action(
      r.action(
        async (ctx, opts) => {
          const executors = parseList(opts.executor, "--executor", EXECUTORS);
          if (executors && executors.length > 1) {
            const { usageError } = await import("../../domain/errors.js");
            throw usageError("--executor takes one tier");
          }
          const { runNext } = await import("./next-run.js");
          return runNext(ctx, {
            parallelize: parseCount(opts.parallelize, "--parallelize", 1) ?? 1,
            executor: executors?.[0],
            kinds: parseList(opts.kind, "--kind", KINDS),
            labels: parseList(opts.label, "--label"),
          });
        },
        ["human", "json", "plain"],
      ),
    );
};
