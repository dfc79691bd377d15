// "Did you mean …?" for a misspelt key: the known word within a small edit distance.

/**
 * Edit distance between `a` and `b`: insertions, deletions, substitutions and swaps of
 * two adjacent characters each cost 1 (the optimal string alignment form of the
 * Damerau–Levenshtein distance; Damerau 1964, Levenshtein 1966), computed with three
 * rows: O(|a|·|b|) time, O(|b|) memory.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(previous[j]! + 1, row[j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, before[j - 2]! + 1);
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The word of `known` closest to `word` when it is a likely misspelling: at most 1 edit
 * for words under 5 characters, 2 otherwise, and a unique best. Undefined when none is.
 */
export function closestWord(word: string, known: Iterable<string>): string | undefined {
  const limit = word.length < 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tie = false;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return best !== undefined && !tie ? best : undefined;
}
