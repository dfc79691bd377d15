// `leases` for people: who holds which task, how long ago it was claimed and renewed,
// and when it expires — readable at a glance, fitted to the terminal width. Expiring
// leases (past their time, within the skew margin) are yellow, expired ones dim.
import { describeExpiry, type LeaseView } from "../../domain/leases.js";
import type { LeasesView } from "../../services/leases.js";
import { block, formatDuration, type View } from "./format.js";
import { type Cell, renderTable } from "./table.js";

export function renderLeases(result: LeasesView, view: View, all: boolean): string {
  const { theme, width } = view;
  const where = result.remote ? ` (from ${result.remote})` : "";
  if (result.leases.length === 0) return `no ${all ? "" : "live "}leases${where}\n`;
  const expiry = (l: LeaseView): Cell =>
    l.status === "live"
      ? formatDuration(l.expires_in_seconds)
      : { text: describeExpiry(l), style: l.status === "expiring" ? theme.warn : theme.dim };
  const rows = result.leases.map((l) => [
    l.task,
    l.holder,
    [l.tool, l.model].filter(Boolean).join(" / ") || "-",
    formatDuration(l.age_seconds),
    `${formatDuration(l.heartbeat_age_seconds)} ago`,
    expiry(l),
  ]);
  const lines = renderTable(
    [
      { header: "TASK", shrink: 5, min: 10 },
      { header: "HOLDER", shrink: 3, min: 10 },
      { header: "TOOL / MODEL", shrink: 1, min: 8 },
      { header: "AGE", align: "right", drop: 4 },
      { header: "HEARTBEAT", align: "right", drop: 2 },
      { header: "EXPIRES IN", align: "right" },
    ],
    rows,
    { width, headerStyle: theme.dim },
  );
  const live = result.leases.filter((l) => l.status !== "expired").length;
  const footer = `${live} live${all ? `, ${result.leases.length - live} expired` : ""}${where}`;
  return block([...lines, theme.dim(footer)]);
}
