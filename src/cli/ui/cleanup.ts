// `cleanup` for people: what was (or would be) removed as an aligned, width-fitted list.
import type { CleanupResult } from "../../services/cleanup.js";
import { count, relativeTime, type View } from "./format.js";
import { renderTable } from "./table.js";
import { wrap } from "./width.js";

/** The summary line, the removed tasks (id, state, completed, title) and the changelog note, without a final newline. */
export function renderCleanup(
  outcome: { dry_run: boolean; result: CleanupResult },
  changelogName: string | undefined,
  view: View,
): string {
  const { removed, changelog } = outcome.result;
  const { theme, width, now } = view;
  // printMutation puts "dry run: " before the first line
  const first = outcome.dry_run ? width - "dry run: ".length : width;
  if (removed.length === 0) return "Nothing older than the cutoff.";
  const lines = [`${outcome.dry_run ? "would remove" : "removed"} ${count(removed.length, "task")}:`];
  lines[0] = wrap(lines[0]!, first)[0]!;
  lines.push(
    ...renderTable(
      [
        { header: "", shrink: 3, min: 10 },
        { header: "" },
        { header: "", drop: 2 },
        { header: "", shrink: 1, min: 16 },
      ],
      removed.map((t) => [
        t.id,
        { text: t.state, style: theme.state(t.state) },
        {
          text: t.completed_at ? `${t.completed_at.slice(0, 10)} (${relativeTime(t.completed_at, now)})` : "",
          style: theme.dim,
        },
        t.title,
      ]),
      { width, noHeader: true, indent: "  " },
    ),
  );
  if (changelog && changelog.bullets > 0) {
    const note = `${outcome.dry_run ? "would append" : "appended"} ${count(changelog.bullets, "changelog bullet")} to ${changelogName}`;
    lines.push(...wrap(note, width));
  }
  return lines.join("\n");
}
