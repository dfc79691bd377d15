// A validation finding (task-format.md "Validation results").
import { compareText } from "../text-order.js";

export type Severity = "error" | "warning";

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** repo-relative path of the file */
  file: string;
  /** dotted path such as execution.attempts.1.duration_seconds */
  field?: string;
  /** the command that fixes it */
  hint?: string;
}

export const finding = (
  code: string,
  severity: Severity,
  file: string,
  message: string,
  extra: { field?: string | undefined; hint?: string | undefined } = {},
): Finding => ({
  code,
  severity,
  message,
  file,
  ...(extra.field === undefined ? {} : { field: extra.field }),
  ...(extra.hint === undefined ? {} : { hint: extra.hint }),
});

/** Stable order: file, then errors before warnings, then field and code. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
      (a.field ?? "").localeCompare(b.field ?? "", "en", { numeric: true }) ||
      compareText(a.code, b.code),
  );
}

/** `kind` with its indefinite article, for messages: "a story", "an epic". */
export const withArticle = (kind: string): string => `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
