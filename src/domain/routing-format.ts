// Human rendering of a Recommendation (`taskplain recommend`): what was asked, which cell
// answered and why, the ranked table, and whether to trust the top pick or keep sampling.
import type { Recommendation, RoutingCandidate, RoutingQuery } from "./routing.js";
import { ROUTING_FIELDS } from "./routing.js";
import { formatRate } from "./stats-format.js";
import { type Align, renderTable } from "./table.js";
import { formatDuration } from "./telemetry.js";

const describeCell = (cell: RoutingQuery): string => {
  const parts = ROUTING_FIELDS.filter((f) => cell[f] !== undefined).map((f) => `${f} ${cell[f]}`);
  return parts.length > 0 ? parts.join(", ") : "all tasks";
};

export const candidateName = (c: Pick<RoutingCandidate, "tool" | "model">): string =>
  c.model ? `${c.tool} / ${c.model}` : c.tool;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The human `recommend` output. `subject` names what is routed (e.g. `task login-form`);
 * without it the query's fields are described.
 */
export function formatRecommendationHuman(rec: Recommendation, subject?: string): string {
  const { min_samples, ...asked } = rec.query;
  const lines: string[] = [];
  lines.push(`Routing ${subject ?? describeCell(asked)}`);
  const exact = rec.levels[0]!;
  if (rec.fallback) {
    const thin = rec.levels
      .slice(0, -1)
      .map((l) => `${l.level} has ${plural(l.tasks, "task")}`)
      .join(", ");
    lines.push(
      `Fallback: ${thin} (fewer than --min-samples ${min_samples}); using ${rec.level} (${describeCell(rec.cell)}): ${plural(rec.cell_tasks, "task")}`,
    );
  } else {
    lines.push(
      `Cell ${exact.level} (${describeCell(rec.cell)}): ${plural(rec.cell_tasks, "task")} with telemetry`,
    );
  }
  if (rec.candidates.length === 0) {
    lines.push("No telemetry yet: record attempts (taskplain exec / attempt add) to get a recommendation.");
    return `${lines.join("\n")}\n`;
  }
  const seconds = (v: number | null) => (v === null ? "-" : formatDuration(v));
  lines.push(
    "",
    renderTable(
      [
        "#",
        "Executor",
        "Expected",
        "Wilson low",
        "First try",
        "Attempts",
        "Median/success",
        "p90/success",
        "Attempts to done",
      ],
      rec.candidates.map((c, i) => [
        String(i + 1),
        candidateName(c),
        `${Math.round(c.expected_success * 100)}%`,
        `${Math.round(c.wilson_low * 100)}%`,
        c.first_try.n > 0 ? formatRate(c.first_try) : "no first try",
        String(c.attempts),
        seconds(c.median_seconds_per_success),
        seconds(c.p90_seconds_per_success),
        c.mean_attempts_to_done === null ? "-" : c.mean_attempts_to_done.toFixed(1),
      ]),
      ["right", "left", ...Array.from({ length: 7 }, (): Align => "right")],
    ),
    "",
  );
  const top = candidateName(rec.recommended!);
  lines.push(
    rec.explore
      ? `Recommended: ${top}, but explore: its 95% interval overlaps another candidate's, so the data cannot tell them apart yet; keep sampling.`
      : `Recommended: ${top} (its 95% interval is clear of every other candidate's).`,
  );
  lines.push(
    "(Expected = posterior mean of first-try success, Beta(1 + successes, 1 + failures); Wilson low = lower end of the 95% interval.)",
  );
  return `${lines.join("\n")}\n`;
}
