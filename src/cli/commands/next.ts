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
    .option("--claim", "claim the picks atomically (a lost race moves on to the next candidate)")
    .option(
      "--holder <name>",
      "with --claim: lease holder (default $TASKPLAIN_HOLDER, else user@host:worktree)",
    )
    .option("--ttl <duration>", "with --claim: lease length (default 30m)")
    .option("--tool <tool>", "with --claim: agent tool shown in leases")
    .option("--model <model>", "with --claim: model shown in leases")
    .option("--remote <name>", "git remote the leases are shared through (default $TASKPLAIN_LEASE_REMOTE)")
    .addHelpText(
      "after",
      `
Order: priority › parent already in progress › size › executor fit › ambiguity › isolation › staleness › id.
Conflicts: overlapping touches globs, isolation global, work already in progress and tasks under a
live lease (skipped as leased, with the holder). --claim returns only what it claimed, each with its lease.

Output: human (default), --output json {tasks, skipped}, --output plain (ids).

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
          const rank = {
            parallelize: parseCount(opts.parallelize, "--parallelize", 1) ?? 1,
            executor: executors?.[0],
            kinds: parseList(opts.kind, "--kind", KINDS),
            labels: parseList(opts.label, "--label"),
          };
          if (opts.claim) {
            const { runNextClaim } = await import("./next-claim-run.js");
            return runNextClaim(ctx, rank, opts);
          }
          const { runNext } = await import("./next-run.js");
          return runNext(ctx, { ...rank, remote: opts.remote as string | undefined });
        },
        ["human", "json", "plain"],
      ),
    );
};
