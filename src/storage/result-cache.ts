// The answers of read-only, repository-wide operations (`validate`, `stats`, `recommend`,
// `next`), remembered beside the parse cache (`.git/taskplain-results`). Each of them is
// a pure function of the task files (every path and version, i.e. content hash), of its
// own inputs, and of the build that computed it, so an answer is stored under a key
// derived from exactly those: when any file changes, is added, removed or renamed, the
// key changes and the answer is computed again. Like `tsc --incremental`'s build info,
// the file only saves work; it is never a source of truth.
//
// An answer may also be found by an alias: the key of the files' paths and stat keys
// (stat-key.ts) instead of their versions, so an unchanged repository is answered after
// one `stat` per file, without reading the parse cache for the versions.
//
// Format 3: a header line (format, build, root), then per answer
// `key \t byteLength \t sha1 \n` + the answer's JSON (UTF-8) + `\n`, newest first; an
// answer whose bytes no longer hash to its SHA-1 (a hand edit) is dropped. At most
// MAX_ANSWERS answers are kept, each at most MAX_ANSWER_BYTES, MAX_FILE_BYTES in all.
// Then per alias `alias \t = \t key \n`, newest first, MAX_ALIASES at most, each naming
// a kept answer.
import path from "node:path";
import {
  cacheDir,
  headerLine,
  jsonSafe,
  readCacheBytes,
  sweepLeftovers,
  writeCacheFile,
} from "./cache-files.js";
import { sha1Hex } from "./file-version.js";

const FORMAT = 3;
export const RESULTS_FILE_NAME = "taskplain-results";
/** Answers kept: one per operation and inputs an agent loop, a script or a board asks for in turn. */
export const MAX_ANSWERS = 24;
/** Larger answers (bytes of JSON) are not kept: reading them back would cost what computing does. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
/** Older answers are dropped once the file would hold more bytes than this (every use reads it whole). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
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

export class ResultCache {
  /** key → JSON text, newest first (by when stored: a hit does not rewrite the file) */
  private answers = new Map<string, Uint8Array>();
  /** alias → key of an answer, newest first */
  private aliases = new Map<string, string>();
  private changed = false;

  private constructor(
    readonly file: string,
    private readonly root: string,
  ) {}

  /** The result cache of `root`, or null when caching is off there (as the parse cache). */
  static open(root: string, env: NodeJS.ProcessEnv): ResultCache | null {
    const dir = cacheDir(env, root);
    if (!dir) return null;
    const cache = new ResultCache(path.join(dir, RESULTS_FILE_NAME), root);
    const bytes = readCacheBytes(cache.file, FORMAT, root, false);
    if (bytes) cache.index(bytes);
    return cache;
  }

  /** the SHA-1 each answer was stored with, checked when it is used */
  private readonly sums = new Map<string, string>();

  private index(bytes: Buffer): void {
    for (let at = 0; at < bytes.length; ) {
      const eol = bytes.indexOf(10, at);
      if (eol < 0) return;
      const [key, sizeText, sum] = bytes.toString("latin1", at, eol).split("\t");
      if (sizeText === "=") {
        if (key && sum) this.aliases.set(key, sum);
        at = eol + 1;
        continue;
      }
      const size = Number(sizeText);
      const end = eol + 1 + size;
      // a torn or foreign tail: keep what came before
      if (!key || !sum || !Number.isSafeInteger(size) || end >= bytes.length || bytes[end] !== 10) return;
      this.answers.set(key, bytes.subarray(eol + 1, end));
      this.sums.set(key, sum);
      at = end + 1;
    }
  }

  /**
   * The answer stored under `key`, parsed; undefined when there is none, or when its
   * bytes are not what was stored (they are then dropped).
   */
  get(key: string): unknown {
    const stored = this.answers.get(key);
    if (stored === undefined) return undefined;
    const text = Buffer.from(stored.buffer, stored.byteOffset, stored.length).toString("utf8");
    const sum = this.sums.get(key);
    try {
      // the SHA-1 of the UTF-8 bytes: bytes that are not UTF-8 decode to other text and fail
      if (sum !== undefined && sum === sha1Hex(text)) return JSON.parse(text);
    } catch {
      // not JSON: dropped below
    }
    this.answers.delete(key);
    this.changed = true;
    return undefined;
  }

  /** The answer that `alias` names (see get); undefined when there is none. */
  getByAlias(alias: string): unknown {
    const key = this.aliases.get(alias);
    return key === undefined ? undefined : this.get(key);
  }

  /**
   * Makes `alias` name the answer stored under `key` (when there is one). Returns whether
   * it does. The alias must be derived from what makes the answer (see the module comment).
   */
  putAlias(alias: string, key: string): boolean {
    if (!/^[0-9a-f]+$/.test(alias) || !this.answers.has(key)) return false;
    if (this.aliases.get(alias) === key) return true;
    const aliases = new Map<string, string>([[alias, key]]);
    for (const [a, k] of this.aliases) {
      if (aliases.size === MAX_ALIASES) break;
      if (a !== alias) aliases.set(a, k);
    }
    this.aliases = aliases;
    this.changed = true;
    return true;
  }

  /**
   * Stores `value` under `key` (dropping the oldest answers beyond MAX_ANSWERS). Values
   * that would not come back the same from JSON (non-finite numbers, class instances,
   * `undefined` in arrays) or are too large are not kept. Returns whether it was kept.
   */
  put(key: string, value: unknown): boolean {
    if (!/^[0-9a-f]+$/.test(key) || !jsonSafe(value, true)) return false;
    const json = JSON.stringify(value);
    const text = Buffer.from(json, "utf8");
    if (text.length > MAX_ANSWER_BYTES) return false;
    const answers = new Map<string, Uint8Array>([[key, text]]);
    let bytes = text.length;
    for (const [k, v] of this.answers) {
      if (k === key) continue;
      if (answers.size === MAX_ANSWERS || bytes + v.length > MAX_FILE_BYTES) break;
      answers.set(k, v);
      bytes += v.length;
    }
    this.answers = answers;
    this.sums.set(key, sha1Hex(json));
    this.changed = true;
    return true;
  }

  /** Writes the answers if one was added or dropped since opening. */
  save(): void {
    if (!this.changed) return;
    this.changed = false;
    sweepLeftovers(path.dirname(this.file), [RESULTS_FILE_NAME]);
    const { answers, aliases, sums, root } = this;
    writeCacheFile(
      this.file,
      (function* pieces() {
        yield headerLine(FORMAT, root);
        for (const [key, text] of answers) {
          yield `${key}\t${text.length}\t${sums.get(key)}\n`;
          yield text;
          yield "\n";
        }
        for (const [alias, key] of aliases) if (answers.has(key)) yield `${alias}\t=\t${key}\n`;
      })(),
    );
  }
}
