// `tree` for people: the hierarchy drawn with box lines in the first column, then kind,
// state, a blocked mark, criteria progress and the title, aligned by display width and
// cut to the terminal width (titles give way first).
import type { TreeNode } from "../../services/tree.js";
import { progress } from "../output.js";
import { block, type View } from "./format.js";
import { type Cell, renderTable } from "./table.js";

export function renderTree(nodes: TreeNode[], view: View): string {
  if (nodes.length === 0) return "No tasks.\n";
  const { theme, width } = view;
  const rows: Cell[][] = [];
  const cycles: string[] = [];
  const walk = (n: TreeNode, prefix: string, last: boolean, top: boolean) => {
    const branch = top ? "" : last ? "└─ " : "├─ ";
    rows.push([
      {
        text: `${prefix}${branch}${n.id}`,
        style: (s) =>
          theme.dim(s.slice(0, prefix.length + branch.length)) +
          theme.id(s.slice(prefix.length + branch.length)),
      },
      { text: n.kind, style: theme.dim },
      { text: n.state, style: theme.state(n.state) },
      { text: n.blocked ? "blocked" : n.cycle ? "⟲ cycle" : "", style: theme.fail },
      { text: progress(n.acceptance.checked, n.acceptance.total), style: theme.dim },
      n.title,
    ]);
    if (n.cycle) cycles.push(`⟲ ${n.cycle}`);
    const next = top ? "" : `${prefix}${last ? "   " : "│  "}`;
    n.children.forEach((ch, i) => {
      walk(ch, next, i === n.children.length - 1, false);
    });
  };
  for (const n of nodes) walk(n, "", true, true);
  const lines = renderTable(
    [
      { header: "", shrink: 4, min: 12 },
      { header: "", drop: 3 },
      { header: "" },
      { header: "" },
      { header: "", align: "right", drop: 2 },
      { header: "", shrink: 1, min: 16 },
    ],
    rows,
    { width, noHeader: true },
  );
  // where a children cycle closes (task-format.md: tree shows every task and says where)
  return block([...lines, ...cycles.map((c) => theme.fail(c))]);
}
