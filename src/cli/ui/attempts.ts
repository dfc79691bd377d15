// `attempt list` for people: one row per attempt (failed ones red), then the derived
// figures in one line, all fitted to the terminal width.
import type { listAttempts } from "../../services/attempts.js";
import { block, count, formatDuration, relativeTime, type View } from "./format.js";
import { renderTable } from "./table.js";
import { packItems } from "./width.js";

type AttemptList = Awaited<ReturnType<typeof listAttempts>>;

export function renderAttempts(result: AttemptList, view: View): string {
  if (result.attempts.length === 0) return `${result.id} has no attempts yet.\n`;
  const { theme, width, now } = view;
  const rows = result.attempts.map((a, i) => {
    const style = theme.status(a.status);
    return [
      String(i),
      { text: relativeTime(a.started_at, now), style: theme.dim },
      formatDuration(a.duration_seconds),
      { text: a.status, style },
      `${a.executor?.tool ?? "?"}${a.executor?.model ? `/${a.executor.model}` : ""}`,
      a.reviewer
        ? {
            text: `${a.reviewer.approved ? "✓" : "✗"} ${a.reviewer.name}`,
            style: a.reviewer.approved ? theme.ok : theme.fail,
          }
        : "",
      { text: a.error_reason ?? "", style: theme.fail },
    ];
  });
  const lines = renderTable(
    [
      { header: "#", align: "right" },
      { header: "STARTED", drop: 3 },
      { header: "DURATION", align: "right" },
      { header: "STATUS" },
      { header: "EXECUTOR", shrink: 5, min: 8 },
      { header: "REVIEW", shrink: 2, min: 6, drop: 4 },
      { header: "ERROR", shrink: 1, min: 12 },
    ],
    rows,
    { width, headerStyle: theme.dim },
  );
  const s = result.summary;
  const summary = [
    count(s.attempts, "attempt"),
    count(s.retries, "retry"),
    `execution ${formatDuration(s.execution_seconds)}`,
    `wall clock ${formatDuration(s.wall_clock_seconds)}`,
    `idle ${formatDuration(s.idle_seconds)}`,
    `final ${s.final_status}`,
    `first try ${s.first_try_success ? "yes" : "no"}`,
  ];
  return block([...lines, ...packItems(summary, width).map((l) => theme.dim(l))]);
}
