// Turning `--meta key=value` / `--unset key` / JSON patches into frontmatter values,
// checked against the single definition of keys and enums.
import { ENUM_KEYS, IMMUTABLE_KEYS, LIST_KEYS, META_KEY_ORDER } from "./enums.js";
import { quoteInput, usageError } from "./errors.js";

const KNOWN = new Set<string>(META_KEY_ORDER);
const LISTS = new Set<string>(LIST_KEYS);
const REQUIRED = new Set(["id", "title", "kind", "state", "priority", "created_at", "updated_at"]);

/**
 * `key=value` → [key, parsed value]. Lists take `a,b` or JSON `["a","b"]`; enums are checked
 * (exit 5). An empty value (`key=`) is null: it unsets the key, like `--unset key`.
 */
export function parseMetaAssignment(text: string): [string, unknown] {
  const eq = text.indexOf("=");
  if (eq <= 0)
    throw usageError(`metadata is given as key=value (got ${quoteInput(text)})`, {
      hint: "e.g. priority=high",
    });
  const key = text.slice(0, eq).trim();
  const rawValue = text.slice(eq + 1);
  if (rawValue.trim() === "") return [key, null];
  return [key, parseMetaValue(key, rawValue)];
}

export function parseMetaValue(key: string, rawValue: string): unknown {
  const enumValues = (ENUM_KEYS as Record<string, readonly string[]>)[key];
  if (enumValues && !enumValues.includes(rawValue)) {
    throw usageError(`${key} must be one of ${enumValues.join(", ")} (got ${quoteInput(rawValue)})`);
  }
  if (LISTS.has(key)) {
    const trimmed = rawValue.trim();
    if (trimmed.startsWith("[")) {
      try {
        const parsed = JSON.parse(trimmed);
        if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) return parsed;
      } catch {
        // fall through to the error below
      }
      throw usageError(`${key} must be a JSON array of strings or a comma list (got ${trimmed})`);
    }
    return trimmed === ""
      ? []
      : trimmed
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  }
  if (key === "links" || key === "execution") {
    try {
      return JSON.parse(rawValue);
    } catch {
      throw usageError(`${key} must be given as JSON`);
    }
  }
  if (!KNOWN.has(key)) {
    // unknown keys: accept JSON scalars/objects, else the string as given
    try {
      return JSON.parse(rawValue);
    } catch {
      return rawValue;
    }
  }
  return rawValue;
}

/** Refuses keys that only `move`/`new` may set, and required keys on unset. */
export function assertChangeable(key: string, action: "set" | "unset"): void {
  if ((IMMUTABLE_KEYS as readonly string[]).includes(key)) {
    const hint =
      key === "state"
        ? "taskplain move <id> <state>"
        : key === "kind"
          ? "create a new task of the right kind"
          : "ids never change";
    throw usageError(`${key} cannot be changed as metadata`, { hint });
  }
  if (action === "unset" && REQUIRED.has(key)) throw usageError(`${key} is required and cannot be unset`);
  // The hierarchy lives in the parent's children (task-format.md); the legacy `parent:` key
  // is read, repaired by validate --fix and may be unset, but never written anew — it
  // would give a task a second parent behind its listed one's back.
  if (key === "parent" && action === "set") {
    throw usageError("parent is not set on the child: a task's parent lists it in its children", {
      hint: "taskplain adopt <parent> <id>",
    });
  }
  if (["created_at", "updated_at", "last_activity_at", "completed_at"].includes(key) && action === "set") {
    throw usageError(
      `${key} is managed by taskplain`,
      key === "completed_at" ? { hint: "complete the task" } : {},
    );
  }
}

/**
 * Refuses (exit 5) a key given twice in one command: two `--meta` values, or `--meta`
 * and `--unset` together, would silently let one of them lose.
 */
export function assertOneChangePerKey(meta: readonly [string, unknown][], unset: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of [...meta.map(([k]) => k), ...unset]) {
    if (seen.has(key))
      throw usageError(`${key} is given more than once (--meta/--unset); say what it should be once`);
    seen.add(key);
  }
}
