// The Insights view (board.md "Insights"), built from GET /api/stats (the `stats
// --output json` object): first-try success by model with sample size and interval,
// mean attempts by model × ambiguity, execution time by size, attempts over time.
import { AMBIGUITIES, EXECUTION_STATUSES, SIZES } from "../../domain/enums.js";
import type { Proportion, StatsReport } from "../../domain/stats-types.js";
import type { RecommendationTable, TaskJson } from "../api-types.js";
import { api } from "./api.js";
import { durationBars, heatMap, rateBars, stackedColumns, type TimeBucket } from "./charts.js";
import { duration, h, replaceChildren } from "./dom.js";

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)} %`);
const rateText = (p: Proportion) => (p.rate === null ? "–" : `${pct(p.rate)}`);
const rateNote = (p: Proportion) =>
  p.ci ? `${p.n} tasks · 95 % CI ${pct(p.ci[0])}–${pct(p.ci[1])}` : undefined;

function tile(label: string, value: string, note?: string): HTMLElement {
  return h(
    "div",
    { class: "tile" },
    h("div", { class: "tile-value" }, value),
    h("div", { class: "tile-label" }, label),
    note ? h("div", { class: "tile-note" }, note) : null,
  );
}

function panel(title: string, note: string, ...content: (Node | null)[]): HTMLElement {
  return h(
    "section",
    { class: "panel" },
    h("h2", {}, title),
    h("p", { class: "panel-note" }, note),
    ...content,
  );
}

/** Attempts per ISO week (Monday) by status, oldest first. */
export function attemptsByWeek(tasks: TaskJson[]): TimeBucket[] {
  const weeks = new Map<number, Record<string, number>>();
  for (const t of tasks) {
    for (const a of t.execution?.attempts ?? []) {
      const d = new Date(a.started_at);
      if (Number.isNaN(d.getTime())) continue;
      const monday = Date.UTC(
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate() - ((d.getUTCDay() + 6) % 7),
      );
      const counts = weeks.get(monday) ?? {};
      counts[a.status] = (counts[a.status] ?? 0) + 1;
      weeks.set(monday, counts);
    }
  }
  return [...weeks.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ms, counts]) => ({ label: new Date(ms).toISOString().slice(5, 10), counts }));
}

export async function renderInsights(target: HTMLElement): Promise<void> {
  replaceChildren(target, h("p", { class: "loading" }, "Loading insights…"));
  const [all, byModel, byModelAmbiguity, withExecution, recommended] = await Promise.all([
    api<StatsReport>("GET", "/api/stats"),
    api<StatsReport>("GET", "/api/stats?by=model"),
    api<StatsReport>("GET", "/api/stats?by=model,ambiguity"),
    api<TaskJson[]>("GET", "/api/tasks?execution=1"),
    api<RecommendationTable>("GET", "/api/recommend"),
  ]);
  const sum = all.data.summary;
  if (sum.tasks_with_telemetry === 0) {
    replaceChildren(
      target,
      h(
        "div",
        { class: "empty-state" },
        h("h2", {}, "No telemetry yet"),
        h("p", {}, "Record attempts with `taskplain attempt add` and they appear here."),
      ),
    );
    return;
  }
  const modelRows = (byModel.data.by?.cells ?? [])
    .filter((c) => c.first_try_success_rate.n > 0)
    .map((c) => ({ label: c.key.model ?? "(no model)", p: c.first_try_success_rate }))
    .sort((a, b) => b.p.n - a.p.n);
  const heatCells = (byModelAmbiguity.data.by?.cells ?? []).map((c) => ({
    row: c.key.model ?? "(no model)",
    column: c.key.ambiguity ?? "(none)",
    value: c.mean_attempts,
    samples: c.tasks,
  }));
  const models = [...new Set(heatCells.map((c) => c.row))].sort();
  const estimates = SIZES.map((size) => {
    const e = all.data.estimates.find((x) => x.size === size);
    return {
      label: size,
      median: e?.median_execution_seconds ?? null,
      p90: e?.p90_execution_seconds ?? null,
      samples: e?.tasks ?? 0,
    };
  });
  replaceChildren(
    target,
    h(
      "div",
      { class: "tiles" },
      tile("tasks with telemetry", String(sum.tasks_with_telemetry), `of ${sum.tasks} tasks`),
      tile("attempts", String(sum.attempts), `${sum.retries} retries`),
      tile("first-try success", rateText(sum.first_try_success_rate), rateNote(sum.first_try_success_rate)),
      tile("final success", rateText(sum.final_success_rate), rateNote(sum.final_success_rate)),
      tile(
        "mean attempts / task",
        sum.mean_attempts_per_task === null ? "–" : sum.mean_attempts_per_task.toFixed(2),
      ),
      tile(
        "execution time",
        duration(sum.execution_seconds),
        `${duration(sum.idle_seconds)} idle between attempts`,
      ),
    ),
    h(
      "div",
      { class: "panels" },
      panel(
        "First-try success by model",
        "Share of tasks whose first attempt (by that model) completed. Whiskers: 95 % Wilson interval; hatched rows have fewer than 5 tasks.",
        rateBars(modelRows),
      ),
      panel(
        "Mean attempts · model × ambiguity",
        "Attempts per task; green is one try, red three or more. Hatched cells rest on fewer than 5 tasks.",
        heatMap(models, [...AMBIGUITIES], heatCells, "mean attempts per task"),
      ),
      panel(
        "Execution time by size",
        "Median time spent in attempts per task; the line marks the 90th percentile.",
        durationBars(estimates),
      ),
      panel(
        "Recommended executor · ambiguity × size",
        `What \`taskplain recommend\` picks: the best expected first-try success in the finest cell with at least ${recommended.data.min_samples} tasks. Under each pick: that success rate and the tasks it comes from (this cell's, or a coarser fallback such as all tasks). Hatched and marked ?: another executor's interval overlaps, keep sampling.`,
        recommendationTable(recommended.data),
      ),
      panel(
        "Attempts over time",
        "Attempts started per week, by status.",
        stackedColumns(attemptsByWeek(withExecution.data), EXECUTION_STATUSES),
        legend(),
      ),
    ),
  );
}

/** The executor `recommend` picks per ambiguity × size; `?` where the leader is not yet clear. */
function recommendationTable(table: RecommendationTable): HTMLElement {
  const at = new Map(table.cells.map((c) => [`${c.ambiguity}\u0000${c.size}`, c.recommended]));
  return h(
    "table",
    { class: "heatmap recommend" },
    h(
      "thead",
      {},
      h("tr", {}, h("th", {}, "ambiguity \\ size"), ...SIZES.map((s) => h("th", { scope: "col" }, s))),
    ),
    h(
      "tbody",
      {},
      ...AMBIGUITIES.map((a) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, a),
          ...SIZES.map((size) => {
            const r = at.get(`${a}\u0000${size}`) ?? null;
            if (!r) return h("td", { class: "empty" }, "–");
            return h(
              "td",
              {
                class: `rec${r.explore ? " uncertain" : ""}`,
                title: `${r.tool}${r.model ? ` · ${r.model}` : ""}: expected first-try success ${Math.round(r.expected_success * 100)} % (from ${r.level})${r.explore ? "; another executor's interval overlaps — keep sampling" : ""}`,
              },
              h("strong", {}, r.model ?? r.tool),
              h(
                "span",
                { class: "n" },
                `${Math.round(r.expected_success * 100)} %${r.explore ? " ?" : ""} · from ${r.level === "all" ? "all tasks" : r.level.replaceAll("+", " × ")}`,
              ),
            );
          }),
        ),
      ),
    ),
  );
}

function legend(): HTMLElement {
  return h(
    "div",
    { class: "legend" },
    ...EXECUTION_STATUSES.map((st) =>
      h("span", { class: `legend-item status-${st}` }, h("span", { class: "swatch" }), st),
    ),
  );
}
