// The answers of read-only, repository-wide operations (`validate`, `stats`, `recommend`,
// `next`, `list --output json`'s selection), remembered beside the parse cache. Each of
// them is a pure function of the task files (every path and version, i.e. content
// hash), of its own inputs, and of the build that computed it, so an answer is stored
// under a key derived from exactly those: when any file changes, is added, removed or
// renamed, the key changes and the answer is computed again. Like `tsc --incremental`'s
// build info, the files only save work; they are never a source of truth.
//
// An answer may also be found by an alias: the key of the files' paths and stat keys
// (stat-key.ts) instead of their versions, so an unchanged repository is answered after
// one `stat` per file, without reading the parse cache for the versions.
//
// One file per answer, so a hit reads only what it prints and a new answer writes only
// itself, in `.git/taskplain-answers/`:
//   `<key>.json`   header line (format, build, root) + `sha1 \n` + the answer's JSON (UTF-8)
//   `<alias>.alias` header line + `key \n`
// An answer whose bytes no longer hash to its SHA-1 (a hand edit) is dropped. The newest
// MAX_ANSWERS answers (by when stored), MAX_TOTAL_BYTES in all, and MAX_ALIASES aliases
// are kept; an answer larger than MAX_ANSWER_BYTES is not stored.
import { mkdirSync, readdirSync, readFileSync, type Stats, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import { cacheDir, headerEnd, headerLine, jsonSafe, writeCacheFile } from "./cache-files.js";
import { sha1Hex } from "./file-version.js";

const FORMAT = 1;
/** The folder of the answers, in the git directory. */
export const ANSWERS_DIR_NAME = "taskplain-answers";
/** The single file that held the answers before (format ≤ 3): removed when answers are written. */
const LEGACY_FILE_NAME = "taskplain-results";
/** Answers kept: one per operation and inputs an agent loop, a script or a board asks for in turn. */
export const MAX_ANSWERS = 24;
/** Larger answers (bytes of JSON) are not kept: reading them back would cost what computing does. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
/** Older answers are removed once all of them would hold more bytes than this. */
export const MAX_TOTAL_BYTES = 32 * 1024 * 1024;
/** Aliases kept: a few stat states per answer (a `touch` changes the stats, not the answer). */
export const MAX_ALIASES = 2 * MAX_ANSWERS;

/** What a repository-wide read gave: every file's path and version (broken ones included). */
export interface RepositoryState {
  records: readonly { ref: { relPath: string }; version: string }[];
  broken: readonly { ref: { relPath: string }; version: string; message: string }[];
}

/**
 * The key of an answer (40 hex digits, SHA-1): the operation's name, its inputs (as JSON)
 * and every file's path and version in `state`, in the order read. A file that could not
 * be read has no version; its message stands in for it.
 */
export function resultKey(operation: string, inputs: unknown, state: RepositoryState): string {
  const parts: string[] = [operation, JSON.stringify(inputs ?? null)];
  for (const r of state.records) parts.push(`${r.ref.relPath}\t${r.version}`);
  for (const b of state.broken) parts.push(`!${b.ref.relPath}\t${b.version || b.message}`);
  return sha1Hex(parts.join("\n"));
}

const KEY = /^[0-9a-f]{40}$/;

export class ResultCache {
  /** answers stored by this process, not written yet: key → JSON text */
  private readonly answers = new Map<string, string>();
  /** aliases made by this process, not written yet: alias → key */
  private readonly aliases = new Map<string, string>();

  private constructor(
    readonly dir: string,
    private readonly root: string,
  ) {}

  /** The result cache of `root`, or null when caching is off there (as the parse cache). */
  static open(root: string, env: NodeJS.ProcessEnv): ResultCache | null {
    const dir = cacheDir(env, root);
    return dir ? new ResultCache(path.join(dir, ANSWERS_DIR_NAME), root) : null;
  }

  /**
   * The answer stored under `key`, parsed; undefined when there is none, or when its
   * bytes are not what was stored (its file is then removed).
   */
  get(key: string): unknown {
    if (!KEY.test(key)) return undefined;
    const pending = this.answers.get(key);
    if (pending !== undefined) return JSON.parse(pending);
    const file = path.join(this.dir, `${key}.json`);
    const body = this.body(file);
    if (body === undefined) return undefined;
    const eol = body.indexOf("\n");
    // the SHA-1 of the UTF-8 bytes: bytes that are not UTF-8 decode to other text and fail
    if (eol === 40 && body.slice(0, 40) === sha1Hex(body.slice(41))) {
      try {
        return JSON.parse(body.slice(41));
      } catch {
        // not JSON: removed below
      }
    }
    remove(file);
    return undefined;
  }

  /** The answer that `alias` names (see get); undefined when there is none. */
  getByAlias(alias: string): unknown {
    if (!KEY.test(alias)) return undefined;
    const key = this.aliases.get(alias) ?? this.body(path.join(this.dir, `${alias}.alias`))?.trimEnd();
    return key === undefined ? undefined : this.get(key);
  }

  /**
   * Stores `value` under `key` (written by save). Values that would not come back the
   * same from JSON (non-finite numbers, class instances, `undefined` in arrays) or are
   * too large are not kept. Returns whether it was kept.
   */
  put(key: string, value: unknown): boolean {
    if (!KEY.test(key) || !jsonSafe(value, true)) return false;
    const json = JSON.stringify(value);
    if (Buffer.byteLength(json, "utf8") > MAX_ANSWER_BYTES) return false;
    this.answers.set(key, json);
    return true;
  }

  /**
   * Makes `alias` name the answer stored under `key` (when there is one). Returns whether
   * it does. The alias must be derived from what makes the answer (see the module comment).
   */
  putAlias(alias: string, key: string): boolean {
    if (!KEY.test(alias) || !KEY.test(key)) return false;
    if (!this.answers.has(key) && !isFile(path.join(this.dir, `${key}.json`))) return false;
    this.aliases.set(alias, key);
    return true;
  }

  /** Writes the answers and aliases stored since opening, then removes the oldest beyond the limits. */
  save(): void {
    if (this.answers.size === 0 && this.aliases.size === 0) return;
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch {
      return; // a read-only git directory: nothing is remembered
    }
    const header = headerLine(FORMAT, this.root);
    for (const [key, json] of this.answers)
      writeCacheFile(path.join(this.dir, `${key}.json`), [header, `${sha1Hex(json)}\n`, json]);
    for (const [alias, key] of this.aliases)
      writeCacheFile(path.join(this.dir, `${alias}.alias`), [header, `${key}\n`]);
    this.answers.clear();
    this.aliases.clear();
    prune(this.dir);
    remove(path.join(path.dirname(this.dir), LEGACY_FILE_NAME));
  }

  /** The text after the header of one of our files; undefined when missing or not ours (this format, build and root). */
  private body(file: string): string | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined;
    }
    const start = headerEnd(bytes, FORMAT, this.root);
    return start === undefined ? undefined : bytes.toString("utf8", start);
  }
}

/** Removes the oldest answers beyond MAX_ANSWERS or MAX_TOTAL_BYTES, the oldest aliases beyond MAX_ALIASES, and stale temp files. */
function prune(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  const answers: [string, Stats][] = [];
  const aliases: [string, Stats][] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const st = statOf(file);
    if (!st) continue;
    if (name.endsWith(".json")) answers.push([file, st]);
    else if (name.endsWith(".alias")) aliases.push([file, st]);
    else if (name.endsWith(".tmp") && now - st.mtimeMs > 60_000) remove(file); // a killed writer's
  }
  const newestFirst = (a: [string, Stats], b: [string, Stats]) => b[1].mtimeMs - a[1].mtimeMs;
  answers.sort(newestFirst);
  let bytes = 0;
  answers.forEach(([file, st], i) => {
    bytes += st.size;
    if (i >= MAX_ANSWERS || bytes > MAX_TOTAL_BYTES) remove(file);
  });
  aliases.sort(newestFirst);
  for (const [file] of aliases.slice(MAX_ALIASES)) remove(file);
}

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

const isFile = (file: string): boolean => statOf(file)?.isFile() ?? false;

function remove(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // gone already, or a read-only git directory
  }
}
