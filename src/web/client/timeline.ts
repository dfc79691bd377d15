// The execution attempts of a task on a time axis (board.md "Detail view"): one bar
// per attempt, coloured by status, with a tooltip naming tool, model, duration, error
// reason and reviewer. Plain SVG.
import type { AttemptJson } from "../api-types.js";
import { duration, h, s } from "./dom.js";

const ROW = 26;
const LEFT = 34;
const WIDTH = 640;
const AXIS = 22;

const fmtTime = (ms: number, spanMs: number) => {
  const d = new Date(ms);
  return spanMs > 36 * 3_600_000
    ? d.toLocaleDateString(undefined, { month: "short", day: "numeric" })
    : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
};

/** Tooltip lines for one attempt. */
export function attemptDetails(a: AttemptJson, n: number): string[] {
  const lines = [`Attempt ${n} · ${a.status}`];
  const ex = a.executor;
  lines.push(`Tool: ${ex?.tool ?? "?"}${ex?.model ? ` · model ${ex.model}` : ""}`);
  if (ex?.planner?.tool)
    lines.push(`Planner: ${ex.planner.tool}${ex.planner.model ? ` · ${ex.planner.model}` : ""}`);
  lines.push(`Duration: ${duration(a.duration_seconds)} (${new Date(a.started_at).toLocaleString()})`);
  if (a.error_reason) lines.push(`Error: ${a.error_reason}`);
  if (a.reviewer?.name) {
    const verdict =
      a.reviewer.approved === true ? "approved" : a.reviewer.approved === false ? "rejected" : "reviewed";
    lines.push(
      `Reviewer: ${a.reviewer.name} · ${verdict}${a.reviewer.notes ? ` — ${a.reviewer.notes}` : ""}`,
    );
  }
  if (a.notes) lines.push(`Notes: ${a.notes}`);
  return lines;
}

export function renderTimeline(attempts: AttemptJson[]): HTMLElement {
  const sorted = [...attempts].sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at));
  const starts = sorted.map((a) => Date.parse(a.started_at));
  const ends = sorted.map((a, i) => Math.max(Date.parse(a.ended_at), starts[i]! + a.duration_seconds * 1000));
  const t0 = Math.min(...starts);
  const t1 = Math.max(...ends);
  const span = Math.max(t1 - t0, 60_000);
  const x = (ms: number) => LEFT + ((ms - t0) / span) * (WIDTH - LEFT - 8);
  const height = sorted.length * ROW + AXIS + 4;
  const tooltip = h("div", { class: "tooltip", role: "tooltip", hidden: true });
  const svg = s("svg", {
    class: "timeline-svg",
    viewBox: `0 0 ${WIDTH} ${height}`,
    role: "img",
    "aria-label": `${sorted.length} execution attempts over ${duration(span / 1000)}`,
  });
  for (let k = 0; k <= 4; k++) {
    const ms = t0 + (span * k) / 4;
    const gx = x(ms);
    svg.append(s("line", { class: "grid", x1: gx, x2: gx, y1: 0, y2: sorted.length * ROW }));
    svg.append(
      s(
        "text",
        {
          class: "axis-label",
          x: gx,
          y: height - 6,
          "text-anchor": k === 0 ? "start" : k === 4 ? "end" : "middle",
        },
        fmtTime(ms, span),
      ),
    );
  }
  const box = h("div", { class: "timeline" }, svg, tooltip);
  sorted.forEach((a, i) => {
    const y = i * ROW + 4;
    const bx = x(starts[i]!);
    const width = Math.max(x(ends[i]!) - bx, 4);
    const details = attemptDetails(a, i + 1);
    svg.append(s("text", { class: "row-label", x: 4, y: y + 13 }, `#${i + 1}`));
    const bar = s(
      "rect",
      {
        class: `attempt-bar status-${a.status}`,
        x: bx,
        y,
        width,
        height: ROW - 10,
        rx: 4,
        tabindex: 0,
        "data-status": a.status,
        "data-attempt": i + 1,
        "aria-label": details.join("; "),
      },
      s("title", {}, details.join("\n")),
    );
    const show = () => {
      tooltip.replaceChildren(...details.map((line) => h("div", {}, line)));
      tooltip.hidden = false;
      const frame = box.getBoundingClientRect();
      const r = bar.getBoundingClientRect();
      tooltip.style.left = `${Math.min(r.left - frame.left, frame.width - 260)}px`;
      tooltip.style.top = `${r.bottom - frame.top + 6}px`;
    };
    const hide = () => {
      tooltip.hidden = true;
    };
    bar.addEventListener("mouseenter", show);
    bar.addEventListener("focus", show);
    bar.addEventListener("mouseleave", hide);
    bar.addEventListener("blur", hide);
    svg.append(bar);
  });
  return box;
}
