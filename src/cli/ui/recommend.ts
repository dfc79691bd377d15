// `recommend` for people: what was asked, which cell answered and why, the ranked executors
// as a table fitted to the terminal, and whether to trust the top pick or keep sampling.
import type { Recommendation, RoutingCandidate, RoutingQuery } from "../../domain/routing.js";
import { ROUTING_FIELDS } from "../../domain/routing.js";
import { formatRate, formatRateCompact } from "../../domain/stats-format.js";
import { block, count, formatDuration, type View } from "./format.js";
import { type Column, renderTable } from "./table.js";
import { displayWidth, wrap } from "./width.js";

const describeCell = (cell: RoutingQuery): string => {
  const parts = ROUTING_FIELDS.filter((f) => cell[f] !== undefined).map((f) => `${f} ${cell[f]}`);
  return parts.length > 0 ? parts.join(", ") : "all tasks";
};

/** `tool / model`, or the tool alone. */
export const candidateName = (c: Pick<RoutingCandidate, "tool" | "model">): string =>
  c.model ? `${c.tool} / ${c.model}` : c.tool;

/**
 * The human `recommend` output within `view.width`. `subject` names what is routed
 * (e.g. `task login-form`); without it the query's fields are described.
 */
export function renderRecommendation(rec: Recommendation, view: View, subject?: string): string {
  const { width, theme } = view;
  const { min_samples, ...asked } = rec.query;
  const prose = (text: string, style?: (s: string) => string) =>
    wrap(text, width).map((l) => (style ? style(l) : l));
  const lines: string[] = [...prose(`Routing ${subject ?? describeCell(asked)}`, theme.bold)];
  const exact = rec.levels[0]!;
  if (rec.fallback) {
    const thin = rec.levels
      .slice(0, -1)
      .map((l) => `${l.level} has ${count(l.tasks, "task")}`)
      .join(", ");
    lines.push(
      ...prose(
        `Fallback: ${thin} (fewer than --min-samples ${min_samples}); using ${rec.level} (${describeCell(rec.cell)}): ${count(rec.cell_tasks, "task")}`,
      ),
    );
  } else {
    lines.push(
      ...prose(
        `Cell ${exact.level} (${describeCell(rec.cell)}): ${count(rec.cell_tasks, "task")} with telemetry`,
      ),
    );
  }
  if (rec.candidates.length === 0) {
    lines.push(
      ...prose("No telemetry yet: record attempts (taskplain exec / attempt add) to get a recommendation."),
    );
    return block(lines);
  }
  const seconds = (v: number | null) => (v === null ? "-" : formatDuration(v));
  const columns: Column[] = [
    { header: "#", align: "right" },
    { header: "Executor", shrink: 9, min: 12 },
    { header: "Expected", align: "right" },
    { header: "Wilson low", align: "right", drop: 4 },
    { header: "First try", align: "right", drop: 5 },
    { header: "Attempts", align: "right", drop: 3 },
    { header: "Median/success", align: "right", drop: 2 },
    { header: "p90/success", align: "right", drop: 1 },
    { header: "Attempts to done", align: "right", drop: 2 },
  ];
  const rows = (rate: typeof formatRate) =>
    rec.candidates.map((c, i) => [
      String(i + 1),
      candidateName(c),
      `${Math.round(c.expected_success * 100)}%`,
      `${Math.round(c.wilson_low * 100)}%`,
      c.first_try.n > 0 ? rate(c.first_try) : "no first try",
      String(c.attempts),
      seconds(c.median_seconds_per_success),
      seconds(c.p90_seconds_per_success),
      c.mean_attempts_to_done === null ? "-" : c.mean_attempts_to_done.toFixed(1),
    ]);
  const full = renderTable(columns, rows(formatRate), {
    width: Number.POSITIVE_INFINITY,
    headerStyle: theme.dim,
  });
  const table = full.every((l) => displayWidth(l) <= width)
    ? full
    : renderTable(columns, rows(formatRateCompact), { width, headerStyle: theme.dim });
  lines.push("", ...table, "");
  const top = candidateName(rec.recommended!);
  lines.push(
    ...prose(
      rec.explore
        ? `Recommended: ${top}, but explore: its 95% interval overlaps another candidate's, so the data cannot tell them apart yet; keep sampling.`
        : `Recommended: ${top} (its 95% interval is clear of every other candidate's).`,
    ),
    ...prose(
      "(Expected = posterior mean of first-try success, Beta(1 + successes, 1 + failures); Wilson low = lower end of the 95% interval.)",
      theme.dim,
    ),
  );
  return block(lines);
}
