// A fast path for reading frontmatter. Repository-wide commands parse thousands of files;
// nearly all are the plain block YAML that Taskplain writes (block maps and sequences,
// plain and quoted one-line scalars). This reader handles exactly that subset and returns
// `undefined` for anything else — comments after values, multi-line scalars, anchors,
// tags, flow collections, odd numbers — so the caller falls back to the `yaml` package.
// When it does return a value, it is the value `yaml` (core schema) would give.

type Value = unknown;
const BAIL = Symbol("bail");
type Result = Value | typeof BAIL;

interface Line {
  indent: number;
  text: string; // without indentation
}

const KEY = /^([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +|$)/;
const INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const FLOAT = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
// Plain scalars that the core schema would not read as a string, or that need care.
const SPECIAL_START = /^[&*!|>%@`{[\],#?]/;
const NULLS = new Set(["null", "Null", "NULL", "~"]);
const TRUES = new Set(["true", "True", "TRUE"]);
const FALSES = new Set(["false", "False", "FALSE"]);
const NUMBERISH = /^[-+.]?[0-9.]|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;

function scalar(raw: string): Result {
  const text = raw.trimEnd();
  if (text === "") return null;
  const first = text[0]!;
  if (first === '"') {
    if (text.length < 2 || !text.endsWith('"') || text.endsWith('\\"')) return BAIL;
    const inner = text.slice(1, -1);
    // JSON and YAML agree on these escapes; anything else goes to the full parser.
    if (/\\[^"\\/bfnrtu]/.test(inner) || /(^|[^\\])"/.test(inner)) return BAIL;
    try {
      return JSON.parse(text);
    } catch {
      return BAIL;
    }
  }
  if (first === "'") {
    if (text.length < 2 || !text.endsWith("'")) return BAIL;
    const inner = text.slice(1, -1);
    if (inner.replace(/''/g, "").includes("'")) return BAIL;
    return inner.replace(/''/g, "'");
  }
  if (SPECIAL_START.test(text) || text.includes(": ") || text.includes(" #") || text.endsWith(":"))
    return BAIL;
  if (text.startsWith("- ") || text === "-" || text.includes("\t")) return BAIL;
  if (NULLS.has(text)) return null;
  if (TRUES.has(text)) return true;
  if (FALSES.has(text)) return false;
  if (INT.test(text)) return Number(text);
  if (FLOAT.test(text)) return Number(text);
  // Other number-like plain scalars (1e3, 0x1f, +1, .5, 007, .inf) resolve in ways best left to yaml.
  if (NUMBERISH.test(text) && /^[-+.0-9eEoOxXa-fA-FinfINFaN_]+$/.test(text)) return BAIL;
  return text;
}

class Reader {
  i = 0;
  constructor(readonly lines: Line[]) {}

  /** A block mapping whose keys sit at exactly `indent`. */
  map(indent: number, firstInline?: string): Result {
    const out: Record<string, Value> = {};
    let pending = firstInline;
    while (pending !== undefined || this.i < this.lines.length) {
      let text: string;
      if (pending !== undefined) {
        text = pending;
        pending = undefined;
      } else {
        const line = this.lines[this.i]!;
        if (line.indent < indent) break;
        if (line.indent > indent) return BAIL;
        text = line.text;
        this.i++;
      }
      const m = KEY.exec(text);
      if (!m) return BAIL;
      const key = m[1]!;
      if (Object.hasOwn(out, key) || key === "__proto__") return BAIL;
      const rest = text.slice(m[0].length);
      const value =
        rest === "" ? this.nested(indent) : rest === "[]" ? [] : rest === "{}" ? {} : scalar(rest);
      if (value === BAIL) return BAIL;
      out[key] = value;
    }
    return out;
  }

  /** What follows `key:` with nothing after it: a sequence, a deeper mapping, or null. */
  nested(parentIndent: number): Result {
    const next = this.lines[this.i];
    if (!next) return null;
    if (next.text.startsWith("- ") || next.text === "-") {
      // block sequences may sit at the key's own indentation or deeper
      if (next.indent < parentIndent) return null;
      return this.seq(next.indent);
    }
    if (next.indent > parentIndent) return this.map(next.indent);
    return null;
  }

  seq(indent: number): Result {
    const out: Value[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      if (line.indent < indent) break;
      if (line.indent > indent) return BAIL;
      if (!(line.text.startsWith("- ") || line.text === "-")) break;
      this.i++;
      const rest = line.text === "-" ? "" : line.text.slice(2).replace(/^ +/, "");
      const innerIndent = indent + (line.text.length - line.text.slice(1).replace(/^ +/, "").length);
      let value: Result;
      if (rest === "") {
        const next = this.lines[this.i];
        value = next && next.indent > indent ? this.map(next.indent) : null;
      } else if (KEY.test(rest)) {
        value = this.map(innerIndent, rest);
      } else if (rest.startsWith("- ")) {
        return BAIL;
      } else {
        value = rest === "[]" ? [] : rest === "{}" ? {} : scalar(rest);
      }
      if (value === BAIL) return BAIL;
      out.push(value);
    }
    return out;
  }
}

/** Parses frontmatter text (between the `---` lines), or returns undefined to ask for the full parser. */
export function fastParseFrontmatter(text: string): Record<string, unknown> | undefined {
  if (text.includes("\t") || text.includes("\r")) return undefined;
  const lines: Line[] = [];
  for (const rawLine of text.split("\n")) {
    const body = rawLine.trimStart();
    if (body === "") continue;
    if (body.startsWith("#")) continue; // whole-line comments carry no data
    lines.push({ indent: rawLine.length - body.length, text: body.trimEnd() });
  }
  if (lines.length === 0) return undefined;
  if (lines[0]!.indent !== 0) return undefined;
  const reader = new Reader(lines);
  const result = reader.map(0);
  if (result === BAIL || reader.i !== lines.length) return undefined;
  return result as Record<string, unknown>;
}
