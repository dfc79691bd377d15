// `show` for people: the title, the metadata flowed into the width, parent and children
// aligned, telemetry in one line, then the body laid out for reading (ui/body.ts).
import type { ShowResult } from "../../services/show.js";
import { progress } from "../output.js";
import { readableBody } from "./body.js";
import { block, count, flow, formatDuration, labelled, relativeTime, type View } from "./format.js";
import { renderTable } from "./table.js";
import { wrap } from "./width.js";

export function renderShow(result: ShowResult, view: View): string {
  const { width, theme, now } = view;
  const obj = result.view;
  const t = result.record.task;
  const ac = obj.acceptance as { checked: number; total: number };
  const lines = wrap(t.title, width).map((l) => theme.bold(l));
  lines.push(
    ...flow(
      [
        [t.kind, t.id],
        ["state", t.state, theme.state(t.state)],
        ["priority", t.priority, theme.priority(t.priority)],
        ["size", t.size],
        ["ambiguity", t.ambiguity],
        ["executor", t.executor],
        ["isolation", t.isolation],
      ],
      width,
      theme.dim,
    ),
  );
  if (t.blocked) lines.push(...labelled("blocked:", t.blocked, width, theme.fail));
  const related = [
    ...(result.parent ? [["parent", result.parent] as const] : []),
    ...result.children.map((child) => ["child", child] as const),
  ];
  if (related.length > 0) {
    lines.push(
      ...renderTable(
        [
          { header: "", style: theme.dim },
          { header: "", shrink: 2, min: 8 },
          { header: "" },
          { header: "", shrink: 1, min: 12 },
        ],
        related.map(([role, rec]) => [
          role,
          rec.task.id,
          { text: rec.task.state, style: theme.state(rec.task.state) },
          rec.task.title,
        ]),
        { width, noHeader: true },
      ),
    );
  }
  if (t.touches.length) lines.push(...labelled("touches", t.touches.join(", "), width, theme.dim));
  if (t.depends_on.length) lines.push(...labelled("depends on", t.depends_on.join(", "), width, theme.dim));
  if (t.labels.length) lines.push(...labelled("labels", t.labels.join(", "), width, theme.dim));
  if (t.commit_message) lines.push(...labelled("commit", t.commit_message, width, theme.dim));
  // a task without any timestamp shows no time (rather than one since 1970)
  const updated = relativeTime(t.last_activity_at ?? t.updated_at, now);
  lines.push(
    ...flow(
      [
        ["criteria", progress(ac.checked, ac.total)],
        ...(updated ? [["updated", updated] as [string, string]] : []),
        ["path", result.record.ref.relPath],
        ["version", result.record.version],
      ],
      width,
      theme.dim,
    ),
  );
  const summary = obj.execution_summary as null | {
    attempts: number;
    retries: number;
    execution_seconds: number;
    wall_clock_seconds: number;
    final_status: string;
    models: string[];
  };
  if (summary) {
    const parts = [
      count(summary.attempts, "attempt"),
      summary.final_status,
      `${formatDuration(summary.execution_seconds)} working over ${formatDuration(summary.wall_clock_seconds)}`,
      ...(summary.models.length ? [summary.models.join(", ")] : []),
    ];
    lines.push(...labelled("telemetry", parts, width, theme.dim));
  }
  if (obj.errors)
    for (const e of obj.errors as string[]) lines.push(...labelled("invalid:", e, width, theme.fail));
  const body = readableBody(result.record.body, width, theme);
  return block(body.length ? [...lines, "", ...body] : lines);
}
