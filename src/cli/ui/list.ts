// `list` for people: an aligned table (id, state, blocked, priority, size, title, criteria)
// fitted to the terminal, titles giving way first; a count and schema-error note under it.
import type { ListResult } from "../../services/list.js";
import { progress } from "../output.js";
import { block, count, type View } from "./format.js";
import { type Cell, renderTable } from "./table.js";

export function renderList(result: ListResult, view: View): string {
  const tasks = result.view;
  if (tasks.length === 0) return "No tasks match.\n";
  const { width, theme } = view;
  let invalid = 0;
  const acceptance = result.acceptance();
  const rows: Cell[][] = tasks.map((t, i) => {
    const bad = Array.isArray(t.errors);
    if (bad) invalid++;
    const ac = acceptance[i]!;
    const state = String(t.state);
    const priority = String(t.priority);
    return [
      { text: `${t.id}${bad ? " !" : ""}`, style: bad ? theme.fail : undefined },
      { text: state, style: theme.state(state) },
      { text: t.blocked ? "blocked" : "", style: theme.fail },
      { text: priority, style: theme.priority(priority) },
      String(t.size),
      String(t.title),
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
  const notes = [count(tasks.length, "task")];
  if (invalid > 0) notes.push(`${invalid} with schema errors (!): run taskplain validate`);
  return block([...lines, theme.dim(notes.join(" · "))]);
}
