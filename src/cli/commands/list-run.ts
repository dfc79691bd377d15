// The heavy half of `list`, loaded only when the command runs.
import type { ListFilters } from "../../domain/listing.js";
import { listTasks } from "../../services/list.js";
import { acceptanceOf, schemaProblems, taskObject } from "../../services/repo.js";
import { type Ctx, rootOf } from "../context.js";
import { printJson, progress } from "../output.js";
import { block, count, viewOf } from "../ui/format.js";
import { type Cell, renderTable } from "../ui/table.js";
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
  const { width, theme } = viewOf(ctx);
  let invalid = 0;
  const rows: Cell[][] = records.map((rec) => {
    const t = rec.task;
    const bad = schemaProblems(rec).length > 0;
    if (bad) invalid++;
    const ac = acceptanceOf(rec);
    return [
      { text: `${t.id}${bad ? " !" : ""}`, style: bad ? theme.fail : undefined },
      { text: t.state, style: theme.state(t.state) },
      { text: t.blocked ? "blocked" : "", style: theme.fail },
      { text: t.priority, style: theme.priority(t.priority) },
      t.size,
      t.title,
      progress(ac.checked, ac.total),
    ];
  });
  const lines = renderTable(
    [
      { header: "ID", shrink: 5, min: 12 },
      { header: "STATE" },
      // no header: the column is only there (and only as wide as "blocked") when a task is blocked
      { header: "" },
      { header: "PRIORITY", drop: 4 },
      { header: "SIZE", drop: 2 },
      { header: "TITLE", shrink: 1, min: 16 },
      { header: "AC", align: "right", drop: 3 },
    ],
    rows,
    { width, headerStyle: theme.dim },
  );
  ctx.io.out(block(lines));
  const notes = [count(records.length, "task")];
  if (invalid > 0) notes.push(theme.fail(`${invalid} with schema errors (!): run taskplain validate`));
  ctx.io.out(`${theme.dim(notes.join(" · "))}\n`);
  return 0;
}
