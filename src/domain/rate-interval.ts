// Confidence interval of a success rate, so a 1-of-1 result is not read as "100 %"
// (board.md "Insights": rates show their sample size and interval).

/** z for a two-sided 95 % interval. */
export const Z_95 = 1.959964;

/**
 * Wilson score interval of `successes` out of `trials` (both whole numbers,
 * 0 ≤ successes ≤ trials). Returns [low, high] in 0..1, or null when trials is 0.
 * Source: E. B. Wilson (1927), "Probable inference, the law of succession, and statistical inference".
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): [number, number] | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - margin), Math.min(1, centre + margin)];
}

/** Fewer trials than this and a rate is drawn as uncertain. */
export const MIN_CONFIDENT_SAMPLE = 5;
