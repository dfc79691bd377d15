// Could two `touches` globs name a common file? Each glob is compiled to a small
// automaton over the characters of a repo path, and the two automata are walked in
// lockstep: they overlap exactly when some path leads both to their end. That is
// polynomial in the pattern lengths (no brace expansion, no backtracking), and every
// construct we do not model precisely (extglobs, POSIX classes, negation, numeric
// ranges) is widened to "anything", so an unknown answer always comes out as overlap.

import { classEnd, closing, normalizedSegments, shapeOf, simplePathMatch, within } from "./glob-syntax.js";

type Label =
  | { k: "char"; c: number }
  /** any one character except `/` (from `*`, `?`) */
  | { k: "seg" }
  /** any one character including `/` (from `**`) */
  | { k: "any" }
  | { k: "class"; neg: boolean; ranges: Array<[number, number]> };

const SLASH = 47;
const SEG: Label = { k: "seg" };
const ANY: Label = { k: "any" };
// Beyond this many state pairs we stop looking and answer "overlap".
const MAX_PAIRS = 4_000_000;

class Automaton {
  readonly eps: number[][] = [];
  readonly edges: Array<Array<{ label: Label; to: number }>> = [];
  readonly start = this.state();
  end = this.start;

  state(): number {
    this.eps.push([]);
    this.edges.push([]);
    return this.eps.length - 1;
  }
  link(from: number, to: number): void {
    this.eps[from]!.push(to);
  }
  edge(from: number, label: Label, to?: number): number {
    const target = to ?? this.state();
    this.edges[from]!.push({ label, to: target });
    return target;
  }
  /** Zero or more of `label`. */
  repeat(from: number, label: Label): number {
    const s = this.state();
    this.link(from, s);
    this.edge(s, label, s);
    return s;
  }
  literal(from: number, text: string): number {
    let at = from;
    for (const ch of text) at = this.edge(at, { k: "char", c: ch.codePointAt(0)! });
    return at;
  }
}

function parseClass(body: string): Label {
  let i = 0;
  const neg = body[0] === "!" || body[0] === "^";
  if (neg) i++;
  if (body.includes("[:")) return SEG;
  // Only an unescaped `-` forms a range (`[a\-c]` is three members), so it is marked -1.
  const chars: number[] = [];
  for (; i < body.length; i++) {
    const escaped = body[i] === "\\" && i + 1 < body.length;
    if (escaped) i++;
    const cp = body.codePointAt(i)!;
    chars.push(cp === 45 && !escaped ? -1 : cp);
    if (cp > 0xffff) i++;
  }
  const ranges: Array<[number, number]> = [];
  for (let j = 0; j < chars.length; j++) {
    const lo = chars[j]! < 0 ? 45 : chars[j]!;
    if (chars[j + 1] === -1 && j + 2 < chars.length) {
      const hi = chars[j + 2]! < 0 ? 45 : chars[j + 2]!;
      ranges.push(lo <= hi ? [lo, hi] : [hi, lo]);
      j += 2;
    } else ranges.push([lo, lo]);
  }
  return { k: "class", neg, ranges };
}

/** Alternatives of a brace body split on top-level commas. */
function alternatives(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let j = 0; j < body.length; j++) {
    const ch = body[j];
    if (ch === "\\") j++;
    else if (ch === "[") {
      const end = classEnd(body, j);
      if (end > 0) j = end;
    } else if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      out.push(body.slice(from, j));
      from = j + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** Compiles glob text (possibly spanning `/` inside braces) from state `at`; returns the end state. */
function compileText(a: Automaton, text: string, at: number, inBrace: boolean): number {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if ("!?+*@".includes(ch) && text[i + 1] === "(") {
      const end = closing(text, i + 1, "(", ")");
      if (end > 0) {
        at = a.repeat(at, text.slice(i, end).includes("/") ? ANY : SEG);
        i = end;
        continue;
      }
    }
    if (ch === "\\" && i + 1 < text.length) {
      at = a.literal(at, String.fromCodePoint(text.codePointAt(++i)!));
      if (text.codePointAt(i)! > 0xffff) i++;
    } else if (ch === "*") {
      let run = 1;
      while (text[i + 1] === "*") {
        run++;
        i++;
      }
      // Outside braces `a**b` means `a*b`; inside one we cannot cheaply tell, so widen.
      at = a.repeat(at, run > 1 && inBrace ? ANY : SEG);
    } else if (ch === "?") {
      at = a.edge(at, SEG);
    } else if (ch === "[" && classEnd(text, i) > 0) {
      const end = classEnd(text, i);
      at = a.edge(at, parseClass(text.slice(i + 1, end)));
      i = end;
    } else if (ch === "{" && closing(text, i, "{", "}") > 0) {
      const end = closing(text, i, "{", "}");
      const body = text.slice(i + 1, end);
      const alts = alternatives(body);
      if (alts.length > 1) {
        const join = a.state();
        for (const alt of alts) a.link(compileText(a, alt, at, true), join);
        at = join;
      } else if (/^[^,]*\.\.[^,]*$/.test(body)) {
        at = a.repeat(at, SEG);
      } else {
        const join = a.state();
        a.link(a.literal(at, `{${body}}`), join);
        a.link(compileText(a, body, at, true), join);
        at = join;
      }
      i = end;
    } else {
      const cp = text.codePointAt(i)!;
      at = a.edge(at, { k: "char", c: cp });
      if (cp > 0xffff) i++;
    }
  }
  return at;
}

function compile(glob: string): Automaton {
  const a = new Automaton();
  const segs = normalizedSegments(glob);
  const n = segs.length;
  let at = a.start;
  segs.forEach((seg, i) => {
    if (seg === "**") {
      if (i > 0 && i < n - 1) at = a.edge(at, { k: "char", c: SLASH });
      const skip = at;
      if (n === 1) at = a.repeat(at, ANY);
      else if (i === n - 1) {
        // A fresh end state, so the skip path cannot reach the ANY loop without the `/`.
        const end = a.state();
        a.link(a.repeat(a.edge(at, { k: "char", c: SLASH }), ANY), end);
        at = end;
      } else at = a.edge(a.repeat(at, ANY), { k: "char", c: SLASH });
      a.link(skip, at);
      return;
    }
    if (i > 0 && segs[i - 1] !== "**") at = a.edge(at, { k: "char", c: SLASH });
    at = compileText(a, seg, at, false);
  });
  a.end = at;
  return a;
}

const inRanges = (ranges: Array<[number, number]>, c: number): boolean =>
  ranges.some(([lo, hi]) => lo <= c && c <= hi);

function accepts(label: Label, c: number): boolean {
  switch (label.k) {
    case "char":
      return label.c === c;
    case "seg":
      return c !== SLASH;
    case "any":
      return true;
    case "class":
      return c !== SLASH && inRanges(label.ranges, c) !== label.neg;
  }
}

/** Is there a character in the positive ranges `p` that `n` does not cover? */
function escapes(p: Array<[number, number]>, n: Array<[number, number]>): boolean {
  for (const [lo, hi] of p) {
    let c = lo;
    while (c <= hi) {
      const cover = n.find(([a, b]) => a <= c && c <= b);
      if (cover) c = cover[1] + 1;
      else if (c === SLASH) c++;
      else return true;
    }
  }
  return false;
}

function intersects(x: Label, y: Label): boolean {
  if (x.k === "char") return accepts(y, x.c);
  if (y.k === "char") return accepts(x, y.c);
  if (x.k !== "class" || y.k !== "class") return true;
  if (x.neg && y.neg) return true;
  if (x.neg) return escapes(y.ranges, x.ranges);
  if (y.neg) return escapes(x.ranges, y.ranges);
  return x.ranges.some(([lo, hi]) => y.ranges.some(([a, b]) => lo <= b && a <= hi));
}

// Compiled automata are pure functions of the glob text, so memoizing is safe; the
// bound keeps a long-running server from growing without limit.
const cache = new Map<string, Automaton>();
function compiled(glob: string): Automaton {
  let a = cache.get(glob);
  if (!a) {
    if (cache.size >= 2000) cache.clear();
    a = compile(glob);
    cache.set(glob, a);
  }
  return a;
}

/**
 * Could the repo-path globs `a` and `b` both match some path? Conservative: a
 * `true` may be a false alarm for exotic syntax, a `false` is always safe.
 */
export function globsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  // Every path a glob matches starts with its leading literal segments: two globs whose
  // literal heads diverge (src/api vs src/web) cannot meet, whatever follows.
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (!sa.head.startsWith(sb.head) && !sb.head.startsWith(sa.head)) return false;
  // `dir/**` meets every glob whose paths all lie in dir (any glob matches some path,
  // unless a character class makes it match none: those take the search below).
  if (sb.subtree && !sa.classes && within(sa.head, sb.head)) return true;
  if (sa.subtree && !sb.classes && within(sb.head, sa.head)) return true;
  // Repositories reuse a small vocabulary of paths, so `next` asks the same pairs again
  // and again (every candidate against every task in progress): remember the answers.
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  let answer = overlapAnswers.get(key);
  if (answer === undefined) {
    if (overlapAnswers.size >= 100_000) overlapAnswers.clear();
    answer =
      sa.literal || sb.literal
        ? pathOverlaps(sa.literal ? sa.head : sb.head, sa.literal ? b : a)
        : productOverlaps(a, b);
    overlapAnswers.set(key, answer);
  }
  return answer;
}

const overlapAnswers = new Map<string, boolean>();

/**
 * The leading segments of a glob that hold no glob syntax, joined by `/` ("" when none).
 * Every path the glob matches starts with these segments.
 */
export const literalHead = (glob: string): string => shapeOf(glob).head;

/**
 * The search for a literal glob (one path): does the other glob's automaton accept the
 * path? The same answer as productOverlaps, walking sets of states along the path.
 */
function pathOverlaps(path: string, glob: string): boolean {
  // within the search's bound (each automaton has at most a state per character, plus one)
  if ((path.length + 1) * (glob.length + 1) <= MAX_PAIRS) {
    const quick = simplePathMatch(path, shapeOf(glob));
    if (quick !== undefined) return quick;
  }
  const y = compiled(glob);
  const chars = [...path].map((ch) => ch.codePointAt(0)!);
  // the literal automaton has a state per character plus its start (as productOverlaps sees it)
  if ((chars.length + 1) * y.eps.length > MAX_PAIRS) return true;
  const seen = new Uint8Array(y.eps.length);
  let current = closure(y, [y.start], seen);
  for (const c of chars) {
    const next: number[] = [];
    for (const q of current) for (const e of y.edges[q]!) if (accepts(e.label, c)) next.push(e.to);
    if (next.length === 0) return false;
    seen.fill(0);
    current = closure(y, next, seen);
  }
  return current.includes(y.end);
}

/** The states reachable from `states` by epsilon links (`seen` is zeroed by the caller). */
function closure(a: Automaton, states: number[], seen: Uint8Array): number[] {
  const out: number[] = [];
  const stack = [...states];
  while (stack.length > 0) {
    const q = stack.pop()!;
    if (seen[q]) continue;
    seen[q] = 1;
    out.push(q);
    for (const to of a.eps[q]!) if (!seen[to]) stack.push(to);
  }
  return out;
}

/** The search itself: is some path accepted by both automata at once? */
function productOverlaps(a: string, b: string): boolean {
  const x = compiled(a);
  const y = compiled(b);
  const width = y.eps.length;
  if (x.eps.length * width > MAX_PAIRS) return true;
  const seen = new Uint8Array(x.eps.length * width);
  const stack: number[] = [x.start * width + y.start];
  seen[stack[0]!] = 1;
  const visit = (p: number, q: number) => {
    const key = p * width + q;
    if (!seen[key]) {
      seen[key] = 1;
      stack.push(key);
    }
  };
  while (stack.length > 0) {
    const key = stack.pop()!;
    const p = Math.floor(key / width);
    const q = key % width;
    if (p === x.end && q === y.end) return true;
    for (const to of x.eps[p]!) visit(to, q);
    for (const to of y.eps[q]!) visit(p, to);
    for (const ex of x.edges[p]!)
      for (const ey of y.edges[q]!) if (intersects(ex.label, ey.label)) visit(ex.to, ey.to);
  }
  return false;
}

/** The first pair of globs (in list order) that overlap, or null; blank entries are ignored. */
export function touchesConflict(a: string[], b: string[]): [string, string] | null {
  for (const x of a) {
    if (x.trim() === "") continue;
    for (const y of b) if (y.trim() !== "" && globsOverlap(x, y)) return [x, y];
  }
  return null;
}
