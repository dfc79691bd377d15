// `stats` for people: the scope line, the summary, executors, the `--by` matrix and the size
// estimates as tables fitted to the terminal. Rates carry their 95 % interval and sample
// size (`80% (49–94%, n=10)`); where a table would not fit, rates drop the `n` (the Tasks and
// Attempts columns hold it) and the least telling columns go first (p90, total, median).

import { formatRate, formatRateCompact } from "../../domain/stats-format.js";
import type { Proportion } from "../../domain/stats-interval.js";
import {
  compareDimensionValues,
  type StatsCell,
  type StatsDimension,
  type StatsFilters,
  type StatsReport,
} from "../../domain/stats-types.js";
import { block, count, formatDuration, type View } from "./format.js";
import { type Cell, type Column, renderTable } from "./table.js";
import { displayWidth, packItems, wrap } from "./width.js";

const compactRate = formatRateCompact;

const formatMean = (value: number | null): string => (value === null ? "-" : value.toFixed(1));
const formatSeconds = (value: number | null): string => (value === null ? "-" : formatDuration(value));
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

/** A table rendered with full rates when it fits, else with compact ones (then shrinking). */
function fitTable(
  columns: Column[],
  rows: (rate: (p: Proportion) => string) => Cell[][],
  width: number,
  options: { indent?: string; noHeader?: boolean; headerStyle?: (s: string) => string } = {},
): string[] {
  const full = renderTable(columns, rows(formatRate), { width: Number.POSITIVE_INFINITY, ...options });
  if (full.every((l) => displayWidth(l) <= width)) return full;
  return renderTable(columns, rows(compactRate), { width, ...options });
}

/** A matrix cell: first-try rate · mean attempts, or how many attempts a retries-only cell made. */
const matrixCell = (cell: StatsCell, rate: (p: Proportion) => string): string =>
  cell.first_try_success_rate.n > 0
    ? `${rate(cell.first_try_success_rate)} · ${formatMean(cell.mean_attempts)}`
    : `retries only: ${count(cell.attempts, "attempt")}`;

function matrixSection(report: StatsReport, view: View): string[] {
  const by = report.by;
  if (!by || by.cells.length === 0) return [];
  const { width, theme } = view;
  const dims = by.dimensions;
  const title = `First-try success (95% interval, n first tries) · mean attempts per task, by ${dims.join(" × ")}`;
  const notes = dims
    .filter((d) => by.attribution[d] !== "task_field")
    .map((d) =>
      by.attribution[d] === "attempt"
        ? `${d}: each attempt counts under its own ${d}; first try and attempts per task under the ${d} of the first attempt`
        : `${d}: the task counts under each of its labels`,
    );
  let table: string[] | null = null;
  if (dims.length === 2) {
    // Pivot (first dimension down, second across) when the grid fits; else one row per cell.
    const [rowDim, colDim] = dims as [StatsDimension, StatsDimension];
    const distinct = (dim: StatsDimension) =>
      [...new Map(by.cells.map((c) => [shown(c.key[dim]), c.key[dim] ?? null])).values()].sort((a, b) =>
        compareDimensionValues(dim, a, b),
      );
    const rowValues = distinct(rowDim);
    const colValues = distinct(colDim);
    const lookup = new Map(by.cells.map((c) => [JSON.stringify([c.key[rowDim], c.key[colDim]]), c]));
    const columns: Column[] = [
      { header: `${rowDim} \\ ${colDim}` },
      ...colValues.map((c): Column => ({ header: shown(c), align: "right" })),
    ];
    const gridWith = (rate: (p: Proportion) => string) =>
      renderTable(
        columns,
        rowValues.map((r) => [
          shown(r),
          ...colValues.map((c) => {
            const cell = lookup.get(JSON.stringify([r, c]));
            return cell ? matrixCell(cell, rate) : "-";
          }),
        ]),
        { width: Number.POSITIVE_INFINITY, headerStyle: theme.dim },
      );
    const fits = (lines: string[]) => lines.every((l) => displayWidth(l) <= width);
    for (const rate of [formatRate, compactRate]) {
      const grid = gridWith(rate);
      if (fits(grid)) {
        table = grid;
        break;
      }
    }
  }
  if (!table) {
    table = fitTable(
      [
        ...dims.map((d, i): Column => ({ header: d, shrink: 1 + i, min: 8 })),
        { header: "Tasks", align: "right" },
        { header: "Attempts", align: "right", drop: 5 },
        { header: "First try", align: "right" },
        { header: "Mean attempts", align: "right", drop: 4 },
        { header: "Success per attempt", align: "right", drop: 3 },
      ],
      (rate) =>
        by.cells.map((c) => [
          ...dims.map((d) => shown(c.key[d])),
          String(c.tasks),
          String(c.attempts),
          rate(c.first_try_success_rate),
          formatMean(c.mean_attempts),
          rate(c.success_rate),
        ]),
      width,
      { headerStyle: theme.dim },
    );
  }
  return [
    ...wrap(title, width).map((l) => theme.bold(l)),
    ...table,
    ...notes.flatMap((n) => wrap(`(${n})`, width).map((l) => theme.dim(l))),
  ];
}

/**
 * The human `stats` output: scope line, summary, executors, the `--by` matrix and the size
 * estimates, separated by blank lines, every line within `view.width`. An empty scope (or
 * one without any attempts) is a single explanatory line, never a wall of dashes.
 */
export function renderStats(report: StatsReport, view: View): string {
  const { width, theme } = view;
  const { scope, summary } = report;
  const filters = describeFilters(scope.filters);
  if (summary.tasks_with_telemetry === 0) {
    // with filters, the attempts may exist outside them: say so rather than "yet"
    const line =
      filters.length > 0
        ? `No telemetry in these filters: ${count(scope.tasks, "task")} in scope, none with execution attempts (widen or drop the filters).`
        : `No telemetry yet: ${count(scope.tasks, "task")} in scope, none with execution attempts.`;
    const lines = wrap(line, width);
    if (filters.length > 0)
      lines.push(...packItems([`Filters: ${filters[0]}`, ...filters.slice(1)], width, "; "));
    return block(lines);
  }
  const sections: string[][] = [];
  sections.push(
    packItems(
      [
        `Scope: ${count(scope.tasks, "task")}${filters.length > 0 ? ` (${filters.join("; ")})` : ""}`,
        `${scope.tasks_with_telemetry} with telemetry`,
        `${scope.tasks_without_telemetry} without`,
      ],
      width,
      ", ",
    ),
  );
  sections.push([
    theme.bold("Summary"),
    ...fitTable(
      [
        { header: "", style: theme.dim },
        { header: "", align: "right" },
      ],
      (rate) => [
        ["Tasks with telemetry", String(summary.tasks_with_telemetry)],
        ["Attempts", String(summary.attempts)],
        ["Retries", String(summary.retries)],
        ["Mean attempts per task", formatMean(summary.mean_attempts_per_task)],
        ["First-try success", rate(summary.first_try_success_rate)],
        ["Final success", rate(summary.final_success_rate)],
        ["Execution time", formatDuration(summary.execution_seconds)],
        ["Wall-clock time", formatDuration(summary.wall_clock_seconds)],
        ["Idle time", formatDuration(summary.idle_seconds)],
      ],
      width,
      { indent: "  ", noHeader: true },
    ),
  ]);
  sections.push([
    theme.bold("Executors"),
    ...fitTable(
      [
        // who the executor is matters most: numbers go before names are cut
        { header: "Tool", shrink: 9, min: 8 },
        { header: "Model", shrink: 8, min: 8 },
        { header: "Tasks", align: "right", drop: 5 },
        { header: "Attempts", align: "right", drop: 4 },
        { header: "Success per attempt", align: "right", drop: 6 },
        { header: "First try", align: "right" },
        { header: "Median", align: "right", drop: 3 },
        { header: "p90", align: "right", drop: 1 },
        { header: "Total", align: "right", drop: 2 },
      ],
      (rate) =>
        report.executors.map((e) => [
          e.tool,
          shown(e.model),
          String(e.tasks),
          String(e.attempts),
          rate(e.success_rate),
          rate(e.first_try_success_rate),
          formatSeconds(e.median_duration_seconds),
          formatSeconds(e.p90_duration_seconds),
          formatDuration(e.total_seconds),
        ]),
      width,
      { headerStyle: theme.dim },
    ),
  ]);
  const matrix = matrixSection(report, view);
  if (matrix.length > 0) sections.push(matrix);
  if (report.estimates.length > 0) {
    sections.push([
      ...wrap("Estimate vs actual (execution time per task, by size)", width).map((l) => theme.bold(l)),
      ...renderTable(
        [
          { header: "Size" },
          { header: "Tasks", align: "right" },
          { header: "Median", align: "right" },
          { header: "p90", align: "right", drop: 2 },
          { header: "Mean", align: "right", drop: 1 },
        ],
        report.estimates.map((e) => [
          e.size,
          String(e.tasks),
          formatSeconds(e.median_execution_seconds),
          formatSeconds(e.p90_execution_seconds),
          formatSeconds(e.mean_execution_seconds),
        ]),
        { width, headerStyle: theme.dim },
      ),
    ]);
  }
  return `${sections.map((s) => s.join("\n")).join("\n\n")}\n`;
}
