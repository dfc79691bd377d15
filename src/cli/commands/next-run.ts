import { type NextResult, rankReadyTasks } from "../../domain/ranking.js";
import { renderTable } from "../../domain/table.js";
import { loadAll } from "../../services/repo.js";
import { type Ctx, rootOf } from "../context.js";
import { clip, printJson, tableBlock } from "../output.js";
import { reportBroken } from "./shared.js";

export async function runNext(
  ctx: Ctx,
  options: Parameters<typeof rankReadyTasks>[1] & { remote?: string },
): Promise<number> {
  const root = rootOf(ctx);
  const { takenTasks } = await import("../../services/lease-guard.js");
  const taken = await takenTasks(root, { remote: options.remote, env: ctx.io.env });
  const repo = await loadAll(root, { cache: true });
  reportBroken(ctx, repo.broken);
  const pathOf = new Map(repo.records.map((rec) => [rec.task.id, rec.ref.relPath]));
  const result = rankReadyTasks(
    repo.records.map((rec) => rec.task),
    { ...options, taken },
  );
  const tasks = result.tasks.map((t) => ({
    id: t.id,
    title: t.title,
    path: pathOf.get(t.id),
    ...Object.fromEntries(Object.entries(t).filter(([k]) => k !== "id" && k !== "title")),
  }));
  if (ctx.output === "json") {
    printJson(ctx, { tasks, skipped: result.skipped });
    return 0;
  }
  if (ctx.output === "plain") {
    ctx.io.out(result.tasks.map((t) => `${t.id}\n`).join(""));
    return 0;
  }
  if (result.tasks.length === 0) ctx.io.out("Nothing to dispatch: no ready task passes the checks.\n");
  else {
    const rows = result.tasks.map((t, i) => [
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
  return 0;
}

/** Most skipped first, as ranked; at most SHOWN of them (JSON lists every one). */
const SHOWN = 15;

function printSkipped(ctx: Ctx, skipped: NextResult["skipped"]): void {
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
