// Plain-text tables for human output. Pure string work so every command (and tests)
// can share one look: columns padded to their widest cell, two spaces apart, a dashed
// rule under the header.

export type Align = "left" | "right";

// Cells may already carry ANSI colour; the escapes take no room on screen, so they must
// not count toward the column width or coloured columns would drift out of line.
const ANSI = /\x1b\[[0-9;]*m/g;

/** Visible width of a cell (ANSI escapes ignored; one column per code point). */
export const visibleWidth = (text: string): number => [...text.replace(ANSI, "")].length;

function pad(text: string, width: number, align: Align): string {
  const gap = " ".repeat(Math.max(0, width - visibleWidth(text)));
  return align === "right" ? gap + text : text + gap;
}

/**
 * Renders `rows` under `headers` as aligned columns. `align[i]` defaults to left.
 * With no headers the rule is omitted too, which suits key/value blocks. Lines carry no
 * trailing blanks and the result has no final newline, so callers choose the spacing.
 */
export function renderTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const columns = Math.max(headers.length, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns; c++) {
    widths.push(Math.max(visibleWidth(headers[c] ?? ""), ...rows.map((r) => visibleWidth(r[c] ?? ""))));
  }
  const line = (cells: string[]): string =>
    widths
      .map((w, c) => pad(cells[c] ?? "", w, align[c] ?? "left"))
      .join("  ")
      .trimEnd();
  const out: string[] = [];
  if (headers.length > 0) {
    out.push(line(headers));
    out.push(widths.map((w) => "-".repeat(w)).join("  "));
  }
  for (const row of rows) out.push(line(row));
  return out.join("\n");
}
