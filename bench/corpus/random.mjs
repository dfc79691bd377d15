// Seeded randomness for the corpus generator.
//
// Benchmarks only compare well when every run reads the very same files, so nothing
// here touches Math.random or the clock: a text seed is hashed (FNV-1a), spread over
// four words (splitmix32) and drives an sfc32 generator, which is small, fast and
// statistically good enough for picking words and numbers.

function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function seedWords(text) {
  let state = fnv1a(text);
  const words = [];
  for (let i = 0; i < 4; i += 1) {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    words.push((z ^ (z >>> 16)) >>> 0);
  }
  return words;
}

/** A deterministic random source with the few helpers the generator needs. */
export function createRandom(seedText) {
  let [a, b, c, d] = seedWords(String(seedText));
  const float = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of sfc32 still echo the seed; discard them.
  for (let i = 0; i < 12; i += 1) float();

  const int = (lo, hi) => lo + Math.floor(float() * (hi - lo + 1));
  return {
    float,
    int,
    chance: (p) => float() < p,
    pick: (list) => list[Math.floor(float() * list.length)],
    /** `table` maps each value to its relative weight, e.g. {low: 3, high: 1}. */
    weighted(table) {
      const entries = Object.entries(table);
      let total = 0;
      for (const [, weight] of entries) total += weight;
      let roll = float() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return entries[entries.length - 1][0];
    },
    /** Durations are long-tailed: uniform in log space looks like real work. */
    logBetween: (lo, hi) => Math.exp(Math.log(lo) + float() * (Math.log(hi) - Math.log(lo))),
    /** `count` distinct items in random order (fewer when the list is shorter). */
    some(list, count) {
      const pool = list.slice();
      const out = [];
      while (out.length < count && pool.length > 0) {
        out.push(pool.splice(Math.floor(float() * pool.length), 1)[0]);
      }
      return out;
    },
  };
}
