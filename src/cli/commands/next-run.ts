import { rankReadyTasks } from "../../domain/ranking.js";
import { renderTable } from "../../domain/table.js";
import { loadAll } from "../../services/repo.js";
import { type Ctx, rootOf } from "../context.js";
import { clip, printJson, tableBlock } from "../output.js";
import { reportBroken } from "./shared.js";

export async function runNext(ctx: Ctx, options: Parameters<typeof rankReadyTasks>[1]): Promise<number> {
  const root = rootOf(ctx);
  const repo = await loadAll(root, { cache: true });
  reportBroken(ctx, repo.broken);
  const pathOf = new Map(repo.records.map((rec) => [rec.task.id, rec.ref.relPath]));
  const result = rankReadyTasks(
    repo.records.map((rec) => rec.task),
    options,
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
  const { c } = ctx;
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
  if (result.skipped.length > 0) {
    ctx.io.out(`\n${c.dim(`skipped ${result.skipped.length}:`)}\n`);
    for (const s of result.skipped) ctx.io.out(`  ${s.id} ${c.dim(`— ${s.reason}`)}\n`);
  }
  return 0;
}
