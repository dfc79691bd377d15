// A tiny block-style YAML writer for frontmatter.
//
// The generator must not depend on the project's packages (it also runs before
// `npm install`), and the files it writes should look like the seed: block style,
// `- ` items indented two spaces under their key, no folding, and quotes only where
// YAML would otherwise read something else than the intended string.

// Plain scalars that the YAML 1.2 core schema resolves to null, booleans or numbers.
const NON_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\d[\d_]*)?\.?\d*(?:[eE][-+]?\d+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

// Characters that give a scalar another meaning when they open it.
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;

/** True when `text` can be written without quotes and still reads back as that string. */
export function isPlainSafe(text) {
  if (text.length === 0 || text !== text.trim()) return false;
  if (INDICATOR_START.test(text)) return false;
  // ": " starts a mapping value, " #" a comment; control characters need escapes.
  if (/: |:$| #|[\u0000-\u001f\u007f]/.test(text)) return false;
  return !NON_STRING.test(text);
}

export function scalar(value) {
  if (value === null) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = String(value);
  // JSON escapes are valid inside YAML double quotes, and our text is ASCII.
  return isPlainSafe(text) ? text : JSON.stringify(text);
}

/**
 * Appends `key: value` lines for [key, value] pairs to `out`. Undefined values are
 * skipped so callers can pass optional keys without branching. `indent` is the column
 * of the keys.
 */
export function writeMapping(entries, indent, out) {
  const pad = " ".repeat(indent);
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.push(`${pad}${key}: []`);
        continue;
      }
      out.push(`${pad}${key}:`);
      for (const item of value) writeSequenceItem(item, indent + 2, out);
    } else if (value !== null && typeof value === "object") {
      out.push(`${pad}${key}:`);
      writeMapping(Object.entries(value), indent + 2, out);
    } else {
      out.push(`${pad}${key}: ${scalar(value)}`);
    }
  }
  return out;
}

function writeSequenceItem(item, indent, out) {
  const pad = " ".repeat(indent);
  if (item === null || typeof item !== "object") {
    out.push(`${pad}- ${scalar(item)}`);
    return;
  }
  // A mapping item: its first key shares the line with "- ", the rest align under it.
  const lines = writeMapping(Object.entries(item), indent + 2, []);
  lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
  out.push(...lines);
}
