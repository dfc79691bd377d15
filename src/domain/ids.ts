// Task ids derived from titles (task-format.md "IDs").
import { ID_MAX_LENGTH, ID_PATTERN } from "./enums.js";
import { quoteInput } from "./errors.js";

/** Lowercase, letters/digits/spaces/hyphens only, whole words while they fit in 24 characters. */
export function slugFromTitle(title: string): string {
  const words = title
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

/** The id for a new task: the title's slug, with -2, -3, … on collision (still ≤ 24 characters). */
export function deriveId(title: string, taken: (id: string) => boolean): string | null {
  const base = slugFromTitle(title);
  if (!base) return null;
  if (!taken(base)) return base;
  for (let n = 2; n < 10_000; n++) {
    const suffix = `-${n}`;
    let stem = base;
    while (stem.length + suffix.length > ID_MAX_LENGTH) {
      const cut = stem.lastIndexOf("-");
      stem = cut > 0 ? stem.slice(0, cut) : stem.slice(0, ID_MAX_LENGTH - suffix.length);
    }
    const candidate = `${stem}${suffix}`;
    if (!taken(candidate)) return candidate;
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
