// The heavy half of `list`, loaded only when the command runs.
import type { ListFilters } from "../../domain/listing.js";
import { renderTable } from "../../domain/table.js";
import { listTasks } from "../../services/list.js";
import { acceptanceOf, schemaProblems, taskObject } from "../../services/repo.js";
import { type Ctx, rootOf } from "../context.js";
import { clip, printJson, progress, tableBlock } from "../output.js";
import { reportBroken } from "./shared.js";

export async function runList(ctx: Ctx, filters: ListFilters): Promise<number> {
  const root = rootOf(ctx);
  const { records, broken } = await listTasks(root, filters);
  reportBroken(ctx, broken);
  if (ctx.output === "json") {
    printJson(
      ctx,
      records.map((rec) => taskObject(rec)),
    );
    return 0;
  }
  if (ctx.output === "plain") {
    ctx.io.out(records.map((rec) => `${rec.task.id}\n`).join(""));
    return 0;
  }
  if (records.length === 0) {
    ctx.io.out("No tasks match.\n");
    return 0;
  }
  const { c } = ctx;
  let invalid = 0;
  const rows = records.map((rec) => {
    const t = rec.task;
    const bad = schemaProblems(rec).length > 0;
    if (bad) invalid++;
    const ac = acceptanceOf(rec);
    const flags = `${t.blocked ? c.red(" [blocked]") : ""}${bad ? c.red(" !") : ""}`;
    return [
      `${t.id}${flags}`,
      t.state,
      t.priority === "urgent" || t.priority === "high" ? c.yellow(t.priority) : t.priority,
      t.size,
      clip(t.title, 60),
      progress(ac.checked, ac.total),
    ];
  });
  const align = ["left", "left", "left", "left", "left", "right"] as const;
  ctx.io.out(tableBlock(renderTable(["ID", "STATE", "PRIORITY", "SIZE", "TITLE", "AC"], rows, [...align])));
  const notes = [`${records.length} task${records.length === 1 ? "" : "s"}`];
  if (invalid > 0) notes.push(c.red(`${invalid} with schema errors (!) — run taskplain validate`));
  ctx.io.out(`${c.dim(notes.join(" · "))}\n`);
  return 0;
}
