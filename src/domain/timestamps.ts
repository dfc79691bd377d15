// ISO 8601 timestamps: what we accept when reading and how we write them.

/**
 * The time a task without any valid `updated_at` or `created_at` reads as (normalizeTask:
 * the Task type always has one, and the epoch sorts it as the stalest). Never shown as a
 * time: see `isUnknownTime`.
 */
export const NO_TIMESTAMP = "1970-01-01T00:00:00.000Z";

/** Whether a time is not known: absent, or NO_TIMESTAMP (epoch milliseconds 0). */
export function isUnknownTime(then: string | number | null | undefined): boolean {
  if (then === null || then === undefined || then === "") return true;
  return (typeof then === "number" ? then : Date.parse(then)) === 0;
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)$/;

// The form Taskplain writes, `2025-11-02T15:03:00.000Z`, is read without a regular
// expression or a Date: it is on every hot path (stats reads thousands of attempts).
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digits of `value` from `start` to `end` as a number, or -1 when one is not a digit. */
function digits(value: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Milliseconds since the epoch of a timestamp in the canonical form; NaN when it has
 * that form but is no real date or time (2025-02-30, 24:00); undefined when it does
 * not have that form at all.
 */
function canonicalMs(value: string): number | undefined {
  if (
    value.length !== 24 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 || // T
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 46 || // .
    value.charCodeAt(23) !== 90 // Z
  )
    return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  const ms = digits(value, 20, 23);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS[month - 1]!)) return Number.NaN;
  // Date.UTC maps years 0–99 to 1900–1999: those few go through the parser
  return year < 100 ? Date.parse(value) : Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** True when `value` is a real ISO 8601 date-time with `Z` or an offset (no 2025-13-40, no Feb 30). */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const canonical = canonicalMs(value);
  if (canonical !== undefined) return !Number.isNaN(canonical);
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

/**
 * Milliseconds since the epoch, or NaN when the value is not a valid timestamp. The
 * canonical form is read directly, which costs less than looking it up in a memo.
 */
export function timestampMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") {
    const canonical = canonicalMs(value);
    if (canonical !== undefined) return canonical;
  }
  if (!isIsoTimestamp(value)) return Number.NaN;
  return Date.parse(normalizeSeparator(value.trim()));
}

/** The canonical written form, `2025-11-02T15:03:00.000Z`; values that are not timestamps pass through. */
export function toIsoTimestamp(value: unknown): unknown {
  if (typeof value === "string") {
    const canonical = canonicalMs(value);
    if (canonical !== undefined && !Number.isNaN(canonical)) return value;
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
