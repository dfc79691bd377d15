// Task ids derived from titles (task-format.md "IDs").
import { ID_MAX_LENGTH, ID_PATTERN } from "./enums.js";
import { quoteInput } from "./errors.js";

let latin: ((text: string) => string) | undefined;

/**
 * `text` in Latin letters by the `transliteration` library, loaded on the first text
 * outside ASCII (its tables take ~40 ms to load; it leaves ASCII as it is). A plain
 * `require`: the bundler inlines the package and runs it only when this is called.
 */
function transliterate(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  latin ??= (require("transliteration") as { transliterate: (text: string) => string }).transliterate;
  return latin(text);
}

/**
 * Lowercase, letters/digits/spaces/hyphens only, whole words while they fit in 24 characters.
 * Letters of any script are first transliterated to Latin by the `transliteration` library
 * (accents dropped, Cyrillic and Greek spelt out, Han characters as pinyin, kana as romaji);
 * what still has no Latin spelling (emoji, symbols) is dropped. May return "".
 */
export function slugFromTitle(title: string): string {
  const words = transliterate(title.normalize("NFKC"))
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, "")
    .split(/[\s-]+/)
    .filter(Boolean);
  let id = "";
  for (const word of words) {
    const next = id ? `${id}-${word}` : word;
    if (next.length > ID_MAX_LENGTH) break;
    id = next;
  }
  // a single over-long first word is cut at the limit
  if (!id && words[0]) id = words[0].slice(0, ID_MAX_LENGTH);
  return id;
}

/** How an id was made from a title, so the CLI can say so. */
export type IdSource = "slug" | "transliterated" | "fallback";

/** Letters or digits outside ASCII once accents are taken off (é is ASCII e; ж, 日 are not). */
const NON_ASCII_LETTERS = /[^\x00-\x7f]/u;
const hasForeignLetters = (title: string): boolean =>
  [...title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")].some(
    (ch) => NON_ASCII_LETTERS.test(ch) && /[\p{L}\p{N}]/u.test(ch),
  );

/** FNV-1a (32 bit) of the title's UTF-8 bytes in base 36, six characters: short and stable. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, "0").slice(-6);
}

/**
 * The id a title gives and how it was made: its slug; its transliterated slug when it holds
 * letters outside ASCII; or, when nothing usable remains (a title of emoji or symbols),
 * `t-<hash>` (`e-`, `s-` for epics and stories), a stable six-character hash of the title (task-format.md "IDs").
 */
export function idBaseFromTitle(title: string, kind = "task"): { id: string; source: IdSource } {
  const slug = slugFromTitle(title);
  if (slug) return { id: slug, source: hasForeignLetters(title) ? "transliterated" : "slug" };
  return { id: `${kind.slice(0, 1)}-${shortHash(title.trim())}`, source: "fallback" };
}

/**
 * The id for a new task: idBaseFromTitle, with -2, -3, … on collision (still ≤ 24
 * characters); null only when 10,000 candidates are taken.
 */
export function deriveId(
  title: string,
  taken: (id: string) => boolean,
  kind = "task",
): { id: string; source: IdSource } | null {
  const { id: base, source } = idBaseFromTitle(title, kind);
  if (!taken(base)) return { id: base, source };
  for (let n = 2; n < 10_000; n++) {
    const suffix = `-${n}`;
    let stem = base;
    while (stem.length + suffix.length > ID_MAX_LENGTH) {
      const cut = stem.lastIndexOf("-");
      stem = cut > 0 ? stem.slice(0, cut) : stem.slice(0, ID_MAX_LENGTH - suffix.length);
    }
    const candidate = `${stem}${suffix}`;
    if (!taken(candidate)) return { id: candidate, source };
  }
  return null;
}

export function idProblem(id: string): string | null {
  if (!ID_PATTERN.test(id))
    return `${quoteInput(id)} is not a valid id: use lowercase letters, digits and single hyphens`;
  if (id.length > ID_MAX_LENGTH)
    return `${quoteInput(id)} is ${id.length} characters; ids are at most ${ID_MAX_LENGTH}`;
  return null;
}
