// Renderings of a StatsReport: CSV (one row per task, for spreadsheets and pandas) and
// the human tables of `taskplain stats`. Pure string work over the computed report.
import type { Proportion } from "./stats-interval.js";
import {
  compareDimensionValues,
  type StatsCell,
  type StatsDimension,
  type StatsFilters,
  type StatsReport,
  type TaskStatsRow,
} from "./stats-types.js";
import { type Align, renderTable } from "./table.js";
import { formatDuration } from "./telemetry.js";

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
// Human output

export interface StatsHumanOptions {
  /** Applied to section titles only, so colour codes never disturb column widths. */
  color?: (s: string) => string;
}

const percent = (value: number): string => `${Math.round(value * 100)}`;

/**
 * A rate with its 95 % interval and sample size: `80% (49–94%, n=10)`; `-` when there is
 * nothing to take a rate of (n = 0).
 */
export function formatRate(p: Proportion): string {
  if (p.rate === null || p.ci === null) return "-";
  return `${percent(p.rate)}% (${percent(p.ci[0])}–${percent(p.ci[1])}%, n=${p.n})`;
}
const formatMean = (value: number | null): string => (value === null ? "-" : value.toFixed(1));
const formatSeconds = (value: number | null): string => (value === null ? "-" : formatDuration(value));
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const shown = (value: string | null | undefined): string => value ?? "(none)";

function describeFilters(f: StatsFilters): string[] {
  const parts: string[] = [];
  if (f.states) parts.push(`state ${f.states.join(",")}`);
  if (f.since) parts.push(`active since ${f.since.slice(0, 16).replace("T", " ")} UTC`);
  if (f.task_ids) {
    const ids = f.task_ids.slice(0, 3).join(", ");
    parts.push(`task ${ids}${f.task_ids.length > 3 ? ` +${f.task_ids.length - 3} more` : ""}`);
  }
  if (f.limit !== null) parts.push(`last ${f.limit} active`);
  return parts;
}

/**
 * "67% (21–94%, n=3) · 1.5": first-try rate with its interval and number of first tries,
 * then mean attempts per task. A cell without first tries (a model that only ever took
 * over retries) says so and shows how many attempts it made.
 */
export const formatCell = (cell: StatsCell): string =>
  cell.first_try_success_rate.n > 0
    ? `${formatRate(cell.first_try_success_rate)} · ${formatMean(cell.mean_attempts)}`
    : `retries only: ${plural(cell.attempts, "attempt")}`;

function matrixSection(report: StatsReport): string[] {
  const by = report.by;
  if (!by || by.cells.length === 0) return [];
  const dims = by.dimensions;
  const title = `First-try success (95% interval, n first tries) · mean attempts per task, by ${dims.join(" × ")}`;
  const notes = dims
    .filter((d) => by.attribution[d] !== "task_field")
    .map((d) =>
      by.attribution[d] === "attempt"
        ? `${d}: each attempt counts under its own ${d}; first try and attempts per task under the ${d} of the first attempt`
        : `${d}: the task counts under each of its labels`,
    );
  let table: string;
  if (dims.length === 2) {
    // Pivot: first dimension down, second across, so a two-way question reads as a grid.
    const [rowDim, colDim] = dims as [StatsDimension, StatsDimension];
    const distinct = (dim: StatsDimension) =>
      [...new Map(by.cells.map((c) => [shown(c.key[dim]), c.key[dim] ?? null])).values()].sort((a, b) =>
        compareDimensionValues(dim, a, b),
      );
    const rows = distinct(rowDim);
    const cols = distinct(colDim);
    const lookup = new Map(by.cells.map((c) => [JSON.stringify([c.key[rowDim], c.key[colDim]]), c]));
    table = renderTable(
      [`${rowDim} \\ ${colDim}`, ...cols.map(shown)],
      rows.map((r) => [
        shown(r),
        ...cols.map((c) => {
          const cell = lookup.get(JSON.stringify([r, c]));
          return cell ? formatCell(cell) : "-";
        }),
      ]),
      ["left", ...cols.map((): Align => "right")],
    );
  } else {
    table = renderTable(
      [...dims, "Tasks", "Attempts", "First try", "Mean attempts", "Success per attempt"],
      by.cells.map((c) => [
        ...dims.map((d) => shown(c.key[d])),
        String(c.tasks),
        String(c.attempts),
        formatRate(c.first_try_success_rate),
        formatMean(c.mean_attempts),
        formatRate(c.success_rate),
      ]),
      [...dims.map((): Align => "left"), "right", "right", "right", "right", "right"],
    );
  }
  return [title, table, ...notes.map((n) => `(${n})`)];
}

/**
 * The human `stats` output: scope line, summary, executors, the `--by` matrix and the
 * size estimates, as aligned tables separated by blank lines. An empty scope (or one
 * without any attempts) is a single explanatory line, never a wall of dashes.
 */
export function formatStatsHuman(report: StatsReport, opts: StatsHumanOptions = {}): string {
  const color = opts.color ?? ((s: string) => s);
  const { scope, summary } = report;
  const filters = describeFilters(scope.filters);
  const filterText = filters.length > 0 ? ` (${filters.join("; ")})` : "";
  if (summary.tasks_with_telemetry === 0) {
    const line = `No telemetry yet: ${plural(scope.tasks, "task")} in scope, none with execution attempts.`;
    return filters.length > 0 ? `${line}\nFilters: ${filters.join("; ")}\n` : `${line}\n`;
  }

  const sections: string[][] = [];
  sections.push([
    `Scope: ${plural(scope.tasks, "task")}${filterText}, ${scope.tasks_with_telemetry} with telemetry, ${scope.tasks_without_telemetry} without`,
  ]);

  const indent = (block: string) =>
    block
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n");
  sections.push([
    color("Summary"),
    indent(
      renderTable(
        [],
        [
          ["Tasks with telemetry", String(summary.tasks_with_telemetry)],
          ["Attempts", String(summary.attempts)],
          ["Retries", String(summary.retries)],
          ["Mean attempts per task", formatMean(summary.mean_attempts_per_task)],
          ["First-try success", formatRate(summary.first_try_success_rate)],
          ["Final success", formatRate(summary.final_success_rate)],
          ["Execution time", formatDuration(summary.execution_seconds)],
          ["Wall-clock time", formatDuration(summary.wall_clock_seconds)],
          ["Idle time", formatDuration(summary.idle_seconds)],
        ],
        ["left", "right"],
      ),
    ),
  ]);

  sections.push([
    color("Executors"),
    renderTable(
      ["Tool", "Model", "Tasks", "Attempts", "Success per attempt", "First try", "Median", "p90", "Total"],
      report.executors.map((e) => [
        e.tool,
        shown(e.model),
        String(e.tasks),
        String(e.attempts),
        formatRate(e.success_rate),
        formatRate(e.first_try_success_rate),
        formatSeconds(e.median_duration_seconds),
        formatSeconds(e.p90_duration_seconds),
        formatDuration(e.total_seconds),
      ]),
      ["left", "left", "right", "right", "right", "right", "right", "right", "right"],
    ),
  ]);

  const matrix = matrixSection(report);
  if (matrix.length > 0) sections.push([color(matrix[0]!), ...matrix.slice(1)]);

  if (report.estimates.length > 0) {
    sections.push([
      color("Estimate vs actual (execution time per task, by size)"),
      renderTable(
        ["Size", "Tasks", "Median", "p90", "Mean"],
        report.estimates.map((e) => [
          e.size,
          String(e.tasks),
          formatSeconds(e.median_execution_seconds),
          formatSeconds(e.p90_execution_seconds),
          formatSeconds(e.mean_execution_seconds),
        ]),
        ["left", "right", "right", "right", "right"],
      ),
    ]);
  }

  return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
}
