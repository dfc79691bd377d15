// `next` for people: the picks as a table fitted to the terminal (reasons and titles give
// way first), then the skips counted by reason with the first few named, each on lines
// that fit the width.
import { count, type View } from "./format.js";
import { type Cell, type Column, renderTable } from "./table.js";
import { fitLines, truncate } from "./width.js";

export interface NextPick {
  id: string;
  title: string;
  priority: string;
  size: string;
  isolation: string;
  reasons: string[];
}

export interface NextSkip {
  id: string;
  code: string;
  reason: string;
}

export interface NextText {
  tasks: NextPick[];
  skipped: NextSkip[];
  /** dispatchable tasks left out because --parallelize was reached */
  remaining?: number;
  /** an extra column, e.g. the recommended executor per pick ("SEND TO") */
  extra?: { header: string; cells: string[]; note?: string };
}

/** How many skipped tasks are named; JSON lists every one. */
export const SKIPS_SHOWN = 15;

/** The columns every table of picks starts with (`next`, `next --claim`): #, ID, PRIORITY, SIZE. */
export const PICK_COLUMNS: readonly Column[] = [
  { header: "#", align: "right" },
  { header: "ID", shrink: 5, min: 12 },
  { header: "PRIORITY", drop: 3 },
  { header: "SIZE", drop: 1 },
];

/** The cells of PICK_COLUMNS for the `index`-th pick (0-based; shown 1-based). */
export const pickCells = (
  t: { id: string; priority: string; size: string },
  index: number,
  theme: View["theme"],
): Cell[] => [
  String(index + 1),
  { text: t.id, style: theme.id },
  { text: t.priority, style: theme.priority(t.priority) },
  t.size,
];

export function renderNext(next: NextText, view: View): string {
  const { width, theme } = view;
  const lines: string[] = [];
  if (next.tasks.length === 0) lines.push("Nothing to dispatch: no ready task passes the checks.");
  else {
    const columns: Column[] = [
      // size and isolation are in the reasons too, so they go first; title and reasons
      // then share the cut
      ...PICK_COLUMNS,
      { header: "ISOLATION", drop: 1 },
      ...(next.extra ? [{ header: next.extra.header, shrink: 4, min: 8 }] : []),
      { header: "TITLE", shrink: 2, min: 16 },
      { header: "WHY", shrink: 2, min: 16, drop: 6 },
    ];
    const rows: Cell[][] = next.tasks.map((t, i) => [
      ...pickCells(t, i, theme),
      t.isolation,
      ...(next.extra ? [next.extra.cells[i] ?? ""] : []),
      t.title,
      { text: t.reasons.join(", "), style: theme.dim },
    ]);
    lines.push(...renderTable(columns, rows, { width, headerStyle: theme.dim }));
    if (next.extra?.note) lines.push(...fitLines([next.extra.note], width).map((l) => theme.dim(l)));
  }
  if (next.remaining && next.remaining > 0)
    lines.push(
      ...fitLines([`${next.remaining} more dispatchable (raise --parallelize to take them)`], width).map(
        (l) => theme.dim(l),
      ),
    );
  if (next.skipped.length > 0) lines.push("", ...skippedLines(next.skipped, view));
  return `${lines.join("\n")}\n`;
}

function skippedLines(skipped: NextSkip[], view: View): string[] {
  const { width, theme } = view;
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
  const summary = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(" · ");
  const out = fitLines([`skipped ${skipped.length} (${summary}):`], width).map((l) => theme.dim(l));
  const shown = skipped.slice(0, SKIPS_SHOWN);
  for (const s of shown) {
    // one line each: the id whole, the reason cut to what is left
    const head = `  ${s.id} — `;
    out.push(
      `  ${theme.id(s.id)} ${theme.dim(truncate(`— ${s.reason}`, Math.max(8, width - head.length + 2)))}`,
    );
  }
  const rest = skipped.length - shown.length;
  if (rest > 0)
    out.push(
      ...fitLines(
        [
          `  … ${count(rest, "more skip", "more skips")}: taskplain next --output json lists each with its reason`,
        ],
        width,
      ).map((l) => theme.dim(l)),
    );
  return out;
}
