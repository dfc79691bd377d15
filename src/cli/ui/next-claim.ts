// `next --claim` for people: what was claimed, for how long, and the tasks left out
// because someone else holds them — fitted to the terminal like every table.
import { formatDuration } from "../../domain/units.js";
import type { NextClaimResult as NextClaimView } from "../../services/claim-flows.js";
import type { View } from "./format.js";
import { PICK_COLUMNS, pickCells } from "./next.js";
import { type Cell, type Column, renderTable } from "./table.js";
import { truncate } from "./width.js";

export function renderNextClaim(result: NextClaimView, view: View): string {
  const { width, theme } = view;
  const lines: string[] = [];
  if (result.tasks.length === 0) lines.push("Nothing to claim: no ready task is free and passes the checks.");
  else {
    const columns: Column[] = [
      ...PICK_COLUMNS,
      { header: "TITLE", shrink: 2, min: 16 },
      { header: "CLAIMED" },
    ];
    const rows: Cell[][] = result.tasks.map((t, i) => [
      ...pickCells(t, i, theme),
      t.title,
      `for ${formatDuration(t.lease.expires_in_seconds)}`,
    ]);
    lines.push(...renderTable(columns, rows, { width, headerStyle: theme.dim }));
    lines.push(theme.dim(truncate(`claimed for ${result.holder}`, width)));
  }
  const leased = result.skipped.filter((s) => s.code === "lease" || s.code === "done_elsewhere");
  for (const s of leased.slice(0, 15)) {
    const head = `  ${s.id} — `;
    lines.push(
      `  ${theme.id(s.id)} ${theme.dim(truncate(`— ${s.reason}`, Math.max(8, width - head.length + 2)))}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
