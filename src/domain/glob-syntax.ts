// The text of a `touches` glob, before any matching: where its groups and classes close,
// its POSIX form (task-format.md: "`\` read as `/`") and the segments it is compared by.
// globs.ts compiles those segments into automata; touches-rules.ts reports and repairs
// entries from the POSIX form.

/** Characters that make a segment a pattern rather than a literal name. */
export const GLOB_CHARS = /[*?[\]{}()!+@\\]/;
/** Characters a backslash escapes in a POSIX glob rather than separating folders. */
const ESCAPABLE = new Set([..."*?[]{}()!+@\\"]);
// A last segment like `main.ts` or `.eslintrc.json` names a file; anything else
// (`src/services`, `.github`, `Makefile`) may be a folder and so covers what is under it.
const LOOKS_LIKE_FILE = /.\.[^.]+$/;

/** Index of the bracket that closes the group opening at `i`, or -1. */
export function closing(text: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === "\\") j++;
    else if (ch === "[" && open !== "[") {
      const end = classEnd(text, j);
      if (end > 0) j = end;
    } else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return j;
  }
  return -1;
}

/** Index of the `]` closing a character class opened at `i`, or -1. */
export function classEnd(text: string, i: number): number {
  let j = i + 1;
  if (text[j] === "!" || text[j] === "^") j++;
  if (text[j] === "]") j++;
  for (; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === "]") return j;
  }
  return -1;
}

/** Splits on `/` outside braces and classes, so `{src/a,lib}/x` keeps its brace whole. */
function segmentsOf(pattern: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let j = 0; j < pattern.length; j++) {
    const ch = pattern[j];
    if (ch === "\\") j++;
    else if (ch === "[") {
      const end = classEnd(pattern, j);
      if (end > 0) j = end;
    } else if (ch === "{") {
      const end = closing(pattern, j, "{", "}");
      if (end > 0) j = end;
    } else if (ch === "/") {
      out.push(pattern.slice(from, j));
      from = j + 1;
    }
  }
  out.push(pattern.slice(from));
  return out;
}

/**
 * A `touches` entry as a POSIX glob (task-format.md: "`\` read as `/`"): every backslash
 * outside a character class becomes `/`, so `src\api\**` and `src/api/**` are one glob.
 * Inside `[…]` a backslash still escapes the next character, and so does one before a
 * glob character in an entry that already uses `/` (`src/pages/\[id\].tsx` names the
 * file `[id].tsx`).
 */
export function posixGlob(glob: string): string {
  if (!glob.includes("\\")) return glob;
  const posix = glob.includes("/");
  let out = "";
  for (let j = 0; j < glob.length; j++) {
    const ch = glob[j]!;
    if (ch === "\\" && posix && j + 1 < glob.length && ESCAPABLE.has(glob[j + 1]!)) {
      out += glob.slice(j, j + 2);
      j++;
      continue;
    }
    if (ch === "[") {
      const end = classEnd(glob, j);
      if (end > 0) {
        out += glob.slice(j, end + 1);
        j = end;
        continue;
      }
    }
    out += ch === "\\" ? "/" : ch;
  }
  return out;
}

/**
 * The segments a glob is compared by: POSIX separators, `./`, `.` and empty segments
 * dropped, `dir/..` resolved, a trailing `**` added to what may be a folder.
 */
export function normalizedSegments(glob: string): string[] {
  let text = posixGlob(glob.trim());
  // A negated pattern matches nearly everything; treat it as everything.
  if (text.startsWith("!") && !text.startsWith("!(")) return ["**"];
  const folder = text.endsWith("/");
  text = text.replace(/^(?:\.\/|\/)+/, "");
  const segs: string[] = [];
  for (const seg of segmentsOf(text)) {
    if (seg === "" || seg === ".") continue;
    const prev = segs[segs.length - 1];
    if (seg === ".." && prev !== undefined && prev !== ".." && !GLOB_CHARS.test(prev)) {
      segs.pop();
      continue;
    }
    if (seg === "**" && prev === "**") continue;
    segs.push(seg);
  }
  if (segs.length === 0) return ["**"];
  const last = segs[segs.length - 1]!;
  if (!GLOB_CHARS.test(last) && (folder || !LOOKS_LIKE_FILE.test(last))) segs.push("**");
  return segs;
}

/** `path` is `dir` or lies below it, segment-wise ("" is the repository root). */
export const within = (path: string, dir: string): boolean =>
  dir === "" || path === dir || path.startsWith(`${dir}/`);

/** What globsOverlap's quick answers need to know of a glob. */
export interface GlobShape {
  /** The leading normalized segments without glob syntax, joined by `/`. */
  head: string;
  /** Every segment is literal: the glob names the one path `head`. */
  literal: boolean;
  /** The head then `**`: the glob matches `head` and every path below it. */
  subtree: boolean;
  /** It may hold a character class, the one construct that can match no character. */
  classes: boolean;
  /**
   * The normalized segments when their only glob syntax is `*` and `?` within segments
   * (no `**`) and they are ASCII: such a glob is matched segment by segment.
   */
  simple: string[] | undefined;
}

const NOT_SIMPLE = /[^\x20-\x7e]|[[\]{}()!+@\\]/;
const shapes = new Map<string, GlobShape>();

/** The shape of a glob, remembered (a pure function of its text; bounded). */
export function shapeOf(glob: string): GlobShape {
  let shape = shapes.get(glob);
  if (shape === undefined) {
    const segs = normalizedSegments(glob);
    let n = 0;
    while (n < segs.length && segs[n] !== "**" && !GLOB_CHARS.test(segs[n]!)) n++;
    shape = {
      head: segs.slice(0, n).join("/"),
      literal: n === segs.length,
      subtree: n === segs.length - 1 && segs[n] === "**",
      classes: glob.includes("["),
      simple: segs.some((seg) => seg === "**" || NOT_SIMPLE.test(seg)) ? undefined : segs,
    };
    if (shapes.size >= 2000) shapes.clear();
    shapes.set(glob, shape);
  }
  return shape;
}

/**
 * Whether the glob of `shape` matches `path` (normalized, literal), when its shape is
 * simple and the path ASCII; undefined otherwise. `*` stands for any characters but `/`,
 * `?` for one, as in the automata of globs.ts.
 */
export function simplePathMatch(path: string, shape: GlobShape): boolean | undefined {
  const segs = shape.simple;
  if (!segs || NOT_SIMPLE.test(path)) return undefined;
  const parts = path.split("/");
  if (parts.length !== segs.length) return false;
  return segs.every((seg, i) => wildcardMatch(seg, parts[i]!));
}

/** `*` and `?` matching of one segment, backtracking only to the last `*`. */
function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}
