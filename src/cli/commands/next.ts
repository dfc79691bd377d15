import { EXECUTORS, KINDS } from "../../domain/enums.js";
import { usageError } from "../../domain/errors.js";
import type { RankedTask } from "../../domain/ranking.js";
import { renderTable } from "../../domain/table.js";
import type { NextView } from "../../services/next.js";
import { choices, parseCount, parseList } from "../args.js";
import type { Ctx } from "../context.js";
import { clip, printJson, tableBlock } from "../output.js";
import type { RegisterCommand } from "../registrar.js";
import { reportBroken } from "./shared.js";

/** `next`'s options (lists stay comma-separated text until parsed). */
interface NextFlags {
  parallelize?: string;
  executor?: string;
  kind?: string;
  label?: string;
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
    .addHelpText(
      "after",
      `
Order: priority › parent already in progress › size › executor fit › ambiguity › isolation › staleness › id.
Conflicts: overlapping touches globs, isolation global, and work already in progress.

Output: human (default), --output json {tasks, skipped}, --output plain (ids).

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
          const { nextTasks } = await import("../../services/next.js");
          const result = await nextTasks(ctx.workspace(), {
            parallelize: parseCount(opts.parallelize, "--parallelize", 1) ?? 1,
            executor: executors?.[0],
            kinds: parseList(opts.kind, "--kind", KINDS),
            labels: parseList(opts.label, "--label"),
          });
          reportBroken(ctx, result.broken);
          if (ctx.output === "json") return printJson(ctx, result.view);
          if (ctx.output === "plain") return ctx.io.out(result.view.tasks.map((t) => `${t.id}\n`).join(""));
          printNext(ctx, result.view);
        },
        ["human", "json", "plain"],
      ),
    );
};

function printNext(ctx: Ctx, result: NextView): void {
  const tasks = result.tasks as unknown as RankedTask[];
  if (tasks.length === 0) ctx.io.out("Nothing to dispatch: no ready task passes the checks.\n");
  else {
    const rows = tasks.map((t, i) => [
      String(i + 1),
      t.id,
      t.priority,
      t.size,
      t.isolation,
      clip(t.title, 50),
      t.reasons.join(", "),
    ]);
    ctx.io.out(tableBlock(renderTable(["#", "ID", "PRIORITY", "SIZE", "ISOLATION", "TITLE", "WHY"], rows)));
  }
  if (result.skipped.length > 0) printSkipped(ctx, result.skipped);
}

/** Most skipped first, as ranked; at most SHOWN of them (JSON lists every one). */
const SHOWN = 15;

function printSkipped(ctx: Ctx, skipped: NextView["skipped"]): void {
  const { c } = ctx;
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
  const summary = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(" · ");
  ctx.io.out(`\n${c.dim(`skipped ${skipped.length} (${summary}):`)}\n`);
  // "capacity" only says the picks were full: the other reasons are the ones to read.
  const shown = skipped.filter((s) => s.code !== "capacity").slice(0, SHOWN);
  for (const s of shown) ctx.io.out(`  ${s.id} ${c.dim(`— ${clip(s.reason, 110)}`)}\n`);
  const rest = skipped.length - shown.length;
  if (rest > 0) {
    ctx.io.out(c.dim(`  … ${rest} more — taskplain next --output json lists every skip with its reason\n`));
  }
}
