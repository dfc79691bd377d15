// ISO 8601 timestamps: what we accept when reading and how we write them.

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

// The form Taskplain writes; checked without building a Date (it is on every hot path).
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function canonicalValid(m: RegExpExecArray): boolean {
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)
    return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
}

/** True when `value` is a real ISO 8601 date-time with `Z` or an offset (no 2025-13-40, no Feb 30). */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const canonical = CANONICAL.exec(value);
  if (canonical) return canonicalValid(canonical);
  const m = ISO_DATE_TIME.exec(value.trim());
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(
    Number,
  ) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1) return false;
  return !Number.isNaN(Date.parse(normalizeSeparator(value.trim())));
}

function normalizeSeparator(value: string): string {
  // Date.parse wants a `T` and a colon in the offset.
  return value
    .replace(/^(\d{4}-\d{2}-\d{2})[ t]/, "$1T")
    .replace(/\s+([Zz]|[+-]\d{2}(?::?\d{2})?)$/, "$1")
    .replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
}

/** Milliseconds since the epoch, or NaN when the value is not a valid timestamp. */
export function timestampMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") {
    const canonical = CANONICAL.exec(value);
    if (canonical) return canonicalValid(canonical) ? Date.parse(value) : Number.NaN;
  }
  if (!isIsoTimestamp(value)) return Number.NaN;
  return Date.parse(normalizeSeparator(value.trim()));
}

/** The canonical written form, `2025-11-02T15:03:00.000Z`; values that are not timestamps pass through. */
export function toIsoTimestamp(value: unknown): unknown {
  if (typeof value === "string") {
    const canonical = CANONICAL.exec(value);
    if (canonical && canonicalValid(canonical)) return value;
  }
  const ms = timestampMs(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** UTC calendar date (`YYYY-MM-DD`) of a timestamp, or null. */
export function utcDate(value: unknown): string | null {
  const ms = timestampMs(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

const AGE = /^(\d+)\s*(m|h|d|w|mo|y)$/i;
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/**
 * Parses an age such as `30d`, `2w`, `6m` (months, as in `cleanup --older-than`) or `1y`
 * into milliseconds. `minutes` selects whether a bare `m` means minutes or months.
 */
export function parseAge(text: string, mMeans: "minutes" | "months" = "months"): number | null {
  const m = AGE.exec(text.trim());
  if (!m) return null;
  let unit = m[2]!.toLowerCase();
  if (unit === "m" && mMeans === "months") unit = "mo";
  return Number(m[1]) * UNIT_MS[unit]!;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Midnight UTC of a date written without a time (`2026-03-14` →
 * `2026-03-14T00:00:00.000Z`), the repair `validate --fix` applies; undefined for
 * anything that is not a real calendar date on its own (task-format.md, "every
 * problem has a working repair path").
 */
export function dateOnlyToIso(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = DATE_ONLY.exec(value.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z`;
  return isIsoTimestamp(iso) ? iso : undefined;
}
