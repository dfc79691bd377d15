// `validate` for people: findings grouped by file, each message wrapped under its tag and
// code, repairs, and a one-line verdict, all within the terminal width.

import { compareText } from "../../domain/text-order.js";
import type { Finding } from "../../domain/validation/finding.js";
import type { ValidateReport } from "../../services/validate.js";
import { block, count, type View } from "./format.js";
import { displayWidth, escapeControl, packItems, truncate, wrap } from "./width.js";

export function renderValidate(report: ValidateReport, view: View): string {
  const { width, theme } = view;
  const findingLines = (f: Finding): string[] => {
    const severity = f.severity === "error" ? "error" : "warning";
    const tag = f.severity === "error" ? theme.fail(severity) : theme.warn(severity);
    // `  error code message`, the message wrapping under itself four spaces in
    const [first, ...rest] = wrap(escapeControl(`${severity} ${f.code} ${f.message}`), width - 4);
    const head = first!.slice(severity.length + 1);
    const code = head.startsWith(f.code) ? `${theme.dim(f.code)}${head.slice(f.code.length)}` : head;
    const out = [`  ${tag} ${code}`, ...rest.map((l) => `    ${l}`)];
    if (f.hint) {
      // a hint is usually a command: keep it on one line when it fits under "hint:"
      const hint = escapeControl(f.hint);
      if (displayWidth(`    hint: ${hint}`) <= width) out.push(`    ${theme.dim(`hint: ${hint}`)}`);
      else if (displayWidth(`      ${hint}`) <= width)
        out.push(`    ${theme.dim("hint:")}`, `      ${theme.dim(hint)}`);
      else {
        // too long even so: break between words, never inside a quoted argument
        // (a word is a run of quoted strings and other non-spaces: `"…")` stays whole)
        const words = hint.match(/(?:"[^"]*"|[^\s"])+/g) ?? [hint];
        const lines = packItems(words, width - 6, " ");
        out.push(`    ${theme.dim("hint:")}`, ...lines.map((l) => `      ${theme.dim(l)}`));
      }
    }
    return out;
  };
  const byFile = new Map<string, Finding[]>();
  for (const f of [...report.errors, ...report.warnings])
    byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const lines: string[] = [];
  for (const [file, findings] of [...byFile].sort(([a], [b]) => compareText(a, b))) {
    lines.push(theme.bold(truncate(escapeControl(file), width)), ...findings.flatMap(findingLines));
  }
  const verb = report.dry_run ? "would fix" : "fixed";
  for (const f of report.fixed) {
    const [first, ...rest] = wrap(escapeControl(`${verb} ${f.file}: ${f.fixes.join("; ")}`), width);
    lines.push(`${theme.ok(verb)}${first!.slice(verb.length)}`, ...rest);
  }
  const { files, errors, warnings } = report.counts;
  // after --fix: what is left needs a person (or another command), each with its hint
  if (report.changes !== undefined && errors > 0)
    lines.push(
      ...wrap(
        `${theme.warn("not repaired")}: ${count(errors, "error")} no safe repair covers; each hint above names the command that fixes it`,
        width,
      ),
    );
  const summary = `${count(files, "file")} checked: ${count(errors, "error")}, ${count(warnings, "warning")}`;
  lines.push(`${report.ok ? theme.ok("✓") : theme.fail("✗")} ${truncate(summary, width - 2)}`);
  return block(lines);
}
