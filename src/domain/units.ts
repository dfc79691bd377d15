// How numbers read in human output: durations, counts with their noun, relative times.
// One definition each, shared by every command and by the stats renderer (cli.md
// "Conventions"; issue 16: "6m 20s", "2h 01m", "1 attempt", "3 days ago").
import { isUnknownTime } from "./timestamps.js";

/**
 * A duration in seconds as people read it: `45s`, `6m 20s`, `6m 05s`, `2h 01m`, `3d 04h`.
 * Rounded to whole seconds; the second unit is always two digits so columns line up.
 * Not finite (NaN, Infinity) gives `-`; negative values are shown as 0s.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "-";
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d ${two(Math.floor((s % 86_400) / 3600))}h`;
}

// English nouns whose plural is not "+s". Keep to words the CLI prints.
const IRREGULAR: Record<string, string> = {
  criterion: "criteria",
  retry: "retries",
  child: "children",
  dependency: "dependencies",
  entry: "entries",
  reply: "replies",
};

/** The plural of an English noun the CLI prints ("criterion" → "criteria", "task" → "tasks"). */
export const pluralOf = (noun: string): string => IRREGULAR[noun] ?? `${noun}s`;

/** A count with its noun in the right number: `1 attempt`, `2 attempts`, `0 criteria`. */
export const count = (n: number, singular: string, plural: string = pluralOf(singular)): string =>
  `${n} ${n === 1 ? singular : plural}`;

const UNITS: [seconds: number, name: string][] = [
  [365 * 86_400, "year"],
  [30 * 86_400, "month"],
  [7 * 86_400, "week"],
  [86_400, "day"],
  [3600, "hour"],
  [60, "minute"],
];

/**
 * `then` (ISO 8601 or epoch ms) relative to `now` (epoch ms): `just now` within a minute,
 * then the largest whole unit: `5 minutes ago`, `1 hour ago`, `3 days ago`, `2 months ago`;
 * future times read `in 3 days`. An unknown time (absent, or a task's NO_TIMESTAMP) is
 * the empty string — callers show nothing — and an unparsable one is returned as given.
 */
export function relativeTime(then: string | number | null | undefined, now: number): string {
  if (isUnknownTime(then)) return "";
  const t = typeof then === "number" ? then : Date.parse(then as string);
  if (!Number.isFinite(t)) return String(then);
  const delta = Math.round((now - t) / 1000);
  const abs = Math.abs(delta);
  if (abs < 60) return "just now";
  for (const [size, name] of UNITS) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      return delta >= 0 ? `${count(n, name)} ago` : `in ${count(n, name)}`;
    }
  }
  return "just now";
}
