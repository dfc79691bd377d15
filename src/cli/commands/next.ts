import { EXECUTORS, KINDS } from "../../domain/enums.js";
import { usageError } from "../../domain/errors.js";
import type { RankedTask } from "../../domain/ranking.js";
import { choices, parseCount, parseList } from "../args.js";
import { printJson } from "../output.js";
import type { RegisterCommand } from "../registrar.js";
import { reportBroken } from "./shared.js";

/** `next`'s options (lists stay comma-separated text until parsed). */
interface NextFlags {
  parallelize?: string;
  executor?: string;
  kind?: string;
  label?: string;
  claim?: boolean;
  holder?: string;
  ttl?: string;
  tool?: string;
  model?: string;
  remote?: string;
}

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
      r.action<NextFlags>(
        async (ctx, opts) => {
          const executors = parseList(opts.executor, "--executor", EXECUTORS);
          if (executors && executors.length > 1) throw usageError("--executor takes one tier");
          const rank = {
            parallelize: parseCount(opts.parallelize, "--parallelize", 1) ?? 1,
            executor: executors?.[0],
            kinds: parseList(opts.kind, "--kind", KINDS),
            labels: parseList(opts.label, "--label"),
          };
          if (opts.claim) {
            const { nextWithClaim } = await import("../../services/claim-flows.js");
            const claimed = await nextWithClaim(ctx.workspace(), {
              rank,
              holder: opts.holder,
              ttl: opts.ttl,
              tool: opts.tool,
              model: opts.model,
              remote: opts.remote,
            });
            reportBroken(ctx, claimed.broken);
            if (ctx.output === "json") return printJson(ctx, claimed.view);
            if (ctx.output === "plain")
              return ctx.io.out(claimed.view.tasks.map((t) => `${t.id}\n`).join(""));
            const { renderNextClaim } = await import("../ui/next-claim.js");
            const { viewOf } = await import("../ui/format.js");
            return ctx.io.out(renderNextClaim(claimed.view, viewOf(ctx)));
          }
          const { nextTasks } = await import("../../services/next.js");
          const result = await nextTasks(ctx.workspace(), {
            ...rank,
            remote: opts.remote,
          });
          reportBroken(ctx, result.broken);
          if (ctx.output === "json") return printJson(ctx, result.view);
          if (ctx.output === "plain") return ctx.io.out(result.view.tasks.map((t) => `${t.id}\n`).join(""));
          const { renderNext } = await import("../ui/next.js");
          const { viewOf } = await import("../ui/format.js");
          const { shortRecommendation } = await import("../../domain/routing.js");
          const tasks = result.view.tasks as unknown as (RankedTask & {
            recommended_executor: Parameters<typeof shortRecommendation>[0];
          })[];
          const explore = tasks.some((t) => t.recommended_executor?.explore);
          ctx.io.out(
            renderNext(
              {
                tasks,
                skipped: result.view.skipped,
                remaining: result.view.remaining,
                extra: {
                  header: "SEND TO",
                  cells: tasks.map((t) => shortRecommendation(t.recommended_executor)),
                  ...(explore
                    ? {
                        note: "? = explore: the data cannot tell the best executors apart yet (taskplain recommend <id>)",
                      }
                    : {}),
                },
              },
              viewOf(ctx),
            ),
          );
        },
        ["human", "json", "plain"],
      ),
    );
};
