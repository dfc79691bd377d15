// The small-sample statistics behind `stats` and `recommend` (telemetry.md, "Routing:
// from telemetry to a decision"): proportions with a 95 % Wilson score interval, the
// posterior mean of a Beta(1, 1) prior, and percentiles of durations. Pure numbers, no
// task knowledge, so each rule is tested on hand-computed values.

/** z for a two-sided 95 % interval (the 0.975 quantile of the standard normal). */
export const Z95 = 1.959963984540054;

/**
 * A proportion as JSON shows it: `rate` = successes / n in 0..1, `n` the number of trials,
 * `ci` the 95 % Wilson interval. Both are null when n = 0 (no data is not "0 %").
 */
export interface Proportion {
  rate: number | null;
  n: number;
  ci: [number, number] | null;
}

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/**
 * Wilson score interval for `successes` out of `n` trials (Wilson 1927; E. B. Wilson,
 * "Probable inference, the law of succession, and statistical inference", JASA 22).
 * Unlike the normal approximation it stays inside [0, 1] and is meaningful for n = 1
 * and for 0 or n successes: 8 of 10 → [0.490, 0.943], 1 of 1 → [0.207, 1].
 * Returns null for n = 0. Throws RangeError when successes is outside 0..n.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] | null {
  if (!(n >= 0) || !(successes >= 0) || successes > n)
    throw new RangeError(`wilsonInterval: need 0 <= successes <= n (got ${successes} of ${n})`);
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Exact bounds at the edges (the formula gives them up to rounding error).
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return [low, high];
}

/** `{rate, n, ci}` rounded to 4 decimals, as every rate in the JSON reports is printed. */
export function proportion(successes: number, n: number): Proportion {
  const ci = wilsonInterval(successes, n);
  return {
    rate: n > 0 ? round4(successes / n) : null,
    n,
    ci: ci ? [round4(ci[0]), round4(ci[1])] : null,
  };
}

/** total / count rounded to 2 decimals, as the reports print means; null when count = 0. */
export const roundedMean = (total: number, count: number): number | null =>
  count > 0 ? Math.round((total / count) * 100) / 100 : null;

/**
 * Posterior mean of the success probability under a uniform Beta(1, 1) prior after
 * `successes` of `n` (Laplace's rule of succession): (1 + s) / (2 + n). 0 of 0 → 0.5,
 * 1 of 1 → 0.667, 9 of 10 → 0.833: small samples are pulled toward one half.
 */
export const betaPosteriorMean = (successes: number, n: number): number => (1 + successes) / (2 + n);

/** Two intervals share at least one point. */
export const intervalsOverlap = (a: readonly [number, number], b: readonly [number, number]): boolean =>
  a[0] <= b[1] && b[0] <= a[1];

/**
 * The p-th percentile (0..100) by linear interpolation between closest ranks
 * (Hyndman & Fan type 7, the default of R, NumPy and spreadsheets' PERCENTILE.INC):
 * position h = (n − 1) · p / 100 into the sorted values. The median of an even count is
 * therefore the mean of the two middle values. Non-finite values are ignored; null for
 * no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  // a typed array sorts numerically without calling back into JavaScript
  const sorted = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  if (sorted.length === 0) return null;
  const h = ((sorted.length - 1) * Math.min(100, Math.max(0, p))) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export const median = (values: readonly number[]): number | null => percentile(values, 50);
