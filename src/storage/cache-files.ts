// The files taskplain keeps beside a repository to avoid work (parse cache, parent index,
// list views): where they live, who may trust them, and how they are written. They are
// never a source of truth: a missing, corrupt or foreign file is rebuilt on the way.
import { isAscii } from "node:buffer";
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { gitDirOf } from "./git-dir.js";

declare const __TASKPLAIN_BUILD__: string;
/** Set by the bundler from the sources: another build never trusts this one's files. */
export const BUILD = typeof __TASKPLAIN_BUILD__ === "string" ? __TASKPLAIN_BUILD__ : undefined;

/**
 * A cache file is rewritten once this share (1 / n) of its entries is new: rewriting a
 * 10,000-task cache costs more than reading a few changed files again.
 */
export const REWRITE_SHARE = 200;

/** A repo-relative path a line-oriented cache file can hold as it is (printable ASCII, no tab). */
export const SAFE_PATH = /^[\x20-\x7e]+$/;

/** The header every cache file starts with; a file whose header differs is ignored. */
export interface CacheHeader {
  format: number;
  build: string;
  root: string;
}

/** The directory the cache files of `root` live in (its git dir), or null when caching is off there. */
export function cacheDir(env: NodeJS.ProcessEnv, root: string): string | null {
  if (!BUILD || env.TASKPLAIN_CACHE === "0") return null;
  return gitDirOf(root);
}

/** `JSON.stringify(value)` with every character outside ASCII written as `\uXXXX` (same value when parsed). */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  return /[^\x00-\x7f]/.test(text)
    ? text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    : text;
}

/**
 * True when `value` survives a JSON round trip unchanged: plain objects and arrays,
 * strings, booleans, null and finite numbers. With `dropsUndefined`, object properties
 * that are `undefined` are allowed too (JSON leaves them out, as printing does).
 */
export function jsonSafe(value: unknown, dropsUndefined = false): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => jsonSafe(v, dropsUndefined));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((v) =>
      v === undefined ? dropsUndefined : jsonSafe(v, dropsUndefined),
    );
  }
  return false;
}

/** The first line of a line-oriented cache file, identifying format, build and root. */
export const headerLine = (format: number, root: string): string =>
  `${asciiJson({ format, build: BUILD, root } satisfies Partial<CacheHeader>)}\n`;

/**
 * Reads a line-oriented cache file written by `headerLine` + records: returns its bytes
 * after the header, or undefined when it is missing, unreadable, not this format, build
 * and root — or, with `ascii`, when it holds any byte beyond ASCII (it was not written
 * by us: reading it as Latin-1 would then misread characters).
 */
export function readCacheBytes(
  file: string,
  format: number,
  root: string,
  ascii: boolean,
): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const start = headerEnd(bytes, format, root);
  if (start === undefined) return undefined;
  const rest = bytes.subarray(start);
  if (ascii && !isAscii(rest)) return undefined;
  return rest;
}

/**
 * Where the bytes after the header line of a cache file start, or undefined when the
 * header is not that of `format`, this build and `root`.
 */
export function headerEnd(bytes: Buffer, format: number, root: string): number | undefined {
  const end = bytes.indexOf(10);
  if (end < 0) return undefined;
  try {
    const header = JSON.parse(bytes.toString("utf8", 0, end)) as Partial<CacheHeader>;
    if (header.format !== format || header.build !== BUILD || header.root !== root) return undefined;
  } catch {
    return undefined;
  }
  return end + 1;
}

/**
 * Replaces `file` atomically (temp file + rename) with the given pieces, written as
 * they come so a large cache never sits in memory as one string. Failing to write a
 * cache is not an error: the old file (or none) stays.
 */
export function writeCacheFile(file: string, pieces: Iterable<string | Uint8Array>): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let fd: number | undefined;
  try {
    const out = openSync(temp, "w");
    fd = out;
    // pieces are gathered into writes of ~64 KiB (10,000 small writes cost more than the bytes)
    const batch: Uint8Array[] = [];
    let size = 0;
    const write = () => {
      if (size > 0) writeSync(out, batch.length === 1 ? batch[0]! : Buffer.concat(batch, size));
      batch.length = 0;
      size = 0;
    };
    for (const piece of pieces) {
      const bytes = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
      batch.push(bytes);
      size += bytes.length;
      if (size >= 1 << 16) write();
    }
    write();
    closeSync(out);
    fd = undefined;
    renameSync(temp, file);
  } catch {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // nothing was written
    }
  }
}

/** Removes temp files a killed writer of `names` left in `dir` (older than a minute, so never a live one). */
export function sweepLeftovers(dir: string, names: readonly string[]): void {
  try {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(".tmp") || !names.some((n) => name.startsWith(`${n}.`))) continue;
      const file = path.join(dir, name);
      if (Date.now() - statSync(file).mtimeMs > 60_000) unlinkSync(file);
    }
  } catch {
    // best effort
  }
}
