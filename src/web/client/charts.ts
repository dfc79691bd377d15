// Plain-SVG and HTML charts for the Insights view. Each takes plain numbers and returns
// an element; colours come from CSS classes so light and dark themes both work.
import { DEFAULT_MIN_SAMPLES } from "../../domain/routing.js";
import type { Proportion } from "../../domain/stats-interval.js";
import { duration, h, s } from "./dom.js";

const pct = (x: number) => `${Math.round(x * 100)} %`;

export interface RateRow {
  label: string;
  /** the rate with its sample size and 95 % Wilson interval, as `stats` reports it */
  p: Proportion;
}

/** Horizontal bars of a rate with its 95 % interval as a whisker; small samples hatched. */
export function rateBars(rows: RateRow[]): HTMLElement {
  return h(
    "div",
    { class: "rate-bars" },
    ...rows.map((row) => {
      const { n, ci } = row.p;
      const rate = row.p.rate ?? 0;
      const successes = Math.round(rate * n);
      // too few tasks to rank on: the same threshold `recommend` uses before it falls back
      const uncertain = n < DEFAULT_MIN_SAMPLES;
      const fill = h("div", { class: "rate-fill" });
      fill.style.width = `${rate * 100}%`;
      const whisker = h("div", { class: "rate-whisker" });
      if (ci) {
        whisker.style.left = `${ci[0] * 100}%`;
        whisker.style.width = `${(ci[1] - ci[0]) * 100}%`;
      }
      const ciText = ci ? `95 % interval ${pct(ci[0])}–${pct(ci[1])}` : "";
      return h(
        "div",
        {
          class: `rate-row${uncertain ? " uncertain" : ""}`,
          "data-label": row.label,
          title: `${successes} of ${n} first tries succeeded; ${ciText}`,
        },
        h("div", { class: "rate-label" }, row.label),
        h("div", { class: "rate-track" }, fill, whisker),
        h(
          "div",
          { class: "rate-value" },
          uncertain ? h("span", { class: "uncertain-tag" }, "few samples") : h("strong", {}, pct(rate)),
          h("span", { class: "muted" }, ` ${successes}/${n}`),
          ci ? h("span", { class: "muted ci" }, `95 % CI ${pct(ci[0])}–${pct(ci[1])}`) : null,
        ),
      );
    }),
  );
}

export interface HeatCell {
  row: string;
  column: string;
  value: number | null;
  samples: number;
}

/** A table of cells coloured from 1 attempt (green) to 3 or more (red); small samples hatched. */
export function heatMap(rows: string[], columns: string[], cells: HeatCell[], caption: string): HTMLElement {
  const at = new Map(cells.map((c) => [`${c.row}\u0000${c.column}`, c]));
  return h(
    "table",
    { class: "heatmap" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", {}, ""), ...columns.map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      ...rows.map((r) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, r),
          ...columns.map((c) => {
            const cell = at.get(`${r}\u0000${c}`);
            if (!cell || cell.value === null || cell.samples === 0) return h("td", { class: "empty" }, "–");
            const t = Math.min(Math.max((cell.value - 1) / 2, 0), 1);
            const td = h(
              "td",
              {
                class: `heat${cell.samples < DEFAULT_MIN_SAMPLES ? " uncertain" : ""}`,
                title: `${cell.value.toFixed(2)} attempts on average over ${cell.samples} task${cell.samples === 1 ? "" : "s"}`,
              },
              h("strong", {}, cell.value.toFixed(1)),
              h("span", { class: "n" }, `n=${cell.samples}`),
            );
            td.style.setProperty("--heat-hue", String(Math.round(140 - 140 * t)));
            return td;
          }),
        ),
      ),
    ),
  );
}

export interface SizeBar {
  label: string;
  median: number | null;
  p90: number | null;
  samples: number;
}

/** Vertical bars of median execution time per size, with a tick at the 90th percentile. */
export function durationBars(bars: SizeBar[]): SVGSVGElement {
  const W = 520;
  const H = 220;
  const base = H - 36;
  const max = Math.max(1, ...bars.map((b) => b.p90 ?? b.median ?? 0));
  const slot = (W - 20) / Math.max(bars.length, 1);
  const y = (v: number) => base - (v / max) * (base - 20);
  const svg = s("svg", {
    class: "chart",
    viewBox: `0 0 ${W} ${H}`,
    role: "img",
    "aria-label": "execution time by size",
  });
  svg.append(s("line", { class: "axis", x1: 10, x2: W - 10, y1: base, y2: base }));
  bars.forEach((b, i) => {
    const cx = 10 + slot * i + slot / 2;
    if (b.median !== null) {
      svg.append(
        s(
          "rect",
          {
            class: "bar",
            x: cx - slot * 0.3,
            y: y(b.median),
            width: slot * 0.6,
            height: base - y(b.median),
            rx: 4,
          },
          s(
            "title",
            {},
            `${b.label}: median ${duration(b.median)}, p90 ${b.p90 === null ? "–" : duration(b.p90)} (${b.samples} tasks)`,
          ),
        ),
      );
      svg.append(
        s(
          "text",
          { class: "value-label", x: cx + slot * 0.32, y: y(b.median) + 14, "text-anchor": "start" },
          duration(b.median),
        ),
      );
    }
    if (b.p90 !== null) {
      svg.append(
        s("line", { class: "p90", x1: cx - slot * 0.36, x2: cx + slot * 0.36, y1: y(b.p90), y2: y(b.p90) }),
      );
    }
    svg.append(s("text", { class: "axis-label", x: cx, y: base + 16, "text-anchor": "middle" }, b.label));
    svg.append(
      s(
        "text",
        { class: "axis-label muted", x: cx, y: base + 30, "text-anchor": "middle" },
        `n=${b.samples}`,
      ),
    );
  });
  return svg;
}

export interface TimeBucket {
  label: string;
  counts: Record<string, number>;
}

/** Stacked columns of attempts per period, one colour per status. */
export function stackedColumns(buckets: TimeBucket[], statuses: readonly string[]): SVGSVGElement {
  const W = 760;
  const H = 220;
  const base = H - 28;
  const totals = buckets.map((b) => statuses.reduce((n, st) => n + (b.counts[st] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = Math.min((W - 40) / Math.max(buckets.length, 1), 56);
  const svg = s("svg", {
    class: "chart",
    viewBox: `0 0 ${W} ${H}`,
    role: "img",
    "aria-label": "attempts over time",
  });
  svg.append(s("line", { class: "axis", x1: 30, x2: W - 10, y1: base, y2: base }));
  svg.append(s("text", { class: "axis-label", x: 26, y: 16, "text-anchor": "end" }, String(max)));
  const labelEvery = Math.ceil(buckets.length / 10);
  buckets.forEach((b, i) => {
    const x = 30 + slot * i + slot * 0.1;
    let top = base;
    for (const st of statuses) {
      const n = b.counts[st] ?? 0;
      if (n === 0) continue;
      const height = (n / max) * (base - 20);
      top -= height;
      svg.append(
        s(
          "rect",
          { class: `bar status-${st}`, x, y: top, width: slot * 0.8, height },
          s("title", {}, `${b.label}: ${n} ${st}`),
        ),
      );
    }
    if (i % labelEvery === 0) {
      svg.append(
        s("text", { class: "axis-label", x: x + slot * 0.4, y: base + 16, "text-anchor": "middle" }, b.label),
      );
    }
  });
  return svg;
}
