// Parsing command-line values, checked against the enums' single definition.
import { quoteInput, usageError } from "../domain/errors.js";

/** `a,b` → ["a","b"], each checked against `allowed` when given (exit 5 otherwise). */
export function parseList<T extends string>(
  value: unknown,
  flag: string,
  allowed?: readonly T[],
): T[] | undefined {
  if (value === undefined) return undefined;
  const raw = Array.isArray(value) ? value.join(",") : String(value);
  const items = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (allowed) {
    for (const item of items) {
      if (!(allowed as readonly string[]).includes(item)) {
        throw usageError(`${flag} must be ${allowed.join(", ")} (got ${quoteInput(item)})`);
      }
    }
  }
  return items as T[];
}

export function parseCount(value: unknown, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw usageError(`${flag} must be a whole number >= ${min} (got ${quoteInput(String(value))})`);
  return n;
}

/** Repeatable option collector for commander. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const choices = (values: readonly string[]): string => values.join("|");
