// Renderings of a StatsReport: CSV (one row per task, for spreadsheets and pandas) and the
// way a rate reads. Pure string work; the human tables are in src/cli/ui/stats.ts.
import type { Proportion } from "./stats-interval.js";
import type { StatsReport, TaskStatsRow } from "./stats-types.js";

// ---------------------------------------------------------------------------------
// CSV

const CSV_COLUMNS = [
  "id",
  "title",
  "state",
  "kind",
  "size",
  "ambiguity",
  "executor",
  "attempts",
  "retries",
  "execution_seconds",
  "wall_clock_seconds",
  "idle_seconds",
  "final_status",
  "first_try_success",
  "models",
] as const satisfies readonly (keyof TaskStatsRow)[];

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = Array.isArray(value) ? value.join(";") : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Per-task rows with a header line. `models` is `;`-joined (a comma would force quoting
 * in every multi-model row), null is an empty field. Lines end in LF rather than RFC 4180's
 * CRLF so the output stays friendly to cut/awk/grep; every CSV reader accepts both.
 */
export function statsToCsv(report: StatsReport): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of report.tasks) lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------
// Rates as people read them (the human tables are in src/cli/ui/stats.ts)

const percent = (value: number): string => `${Math.round(value * 100)}`;

/**
 * A rate with its 95 % interval and sample size: `80% (49–94%, n=10)`; `-` when there is
 * nothing to take a rate of (n = 0).
 */
export function formatRate(p: Proportion): string {
  if (p.rate === null || p.ci === null) return "-";
  return `${percent(p.rate)}% (${percent(p.ci[0])}–${percent(p.ci[1])}%, n=${p.n})`;
}

/** `80% (49–94)`: a rate and its interval without the sample size, for narrow tables. */
export function formatRateCompact(p: Proportion): string {
  if (p.rate === null || p.ci === null) return "-";
  return `${percent(p.rate)}% (${percent(p.ci[0])}–${percent(p.ci[1])})`;
}
