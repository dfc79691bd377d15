// A persistent cache of what reading a task file produced (the normalized task, its
// version, facts derived from it such as schema problems or validation findings),
// so repository-wide read-only commands skip reading and parsing files that did not
// change. It lives in the git directory (`.git/taskplain-cache.json`), is keyed by
// path + size + mtime + ctime + inode, is rebuilt when missing, corrupt or written by
// another build, and is never a source of truth: writes always read the files.
//
// Off outside git repositories, when running from source, and with TASKPLAIN_CACHE=0.
import {
  type BigIntStats,
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import type { Task } from "../domain/task.js";
import { gitDirOf } from "./git-dir.js";

declare const __TASKPLAIN_BUILD__: string;
/** Set by the bundler from the sources: another build never trusts this one's entries. */
const BUILD = typeof __TASKPLAIN_BUILD__ === "string" ? __TASKPLAIN_BUILD__ : undefined;
const FORMAT = 1;
export const CACHE_FILE_NAME = "taskplain-cache.json";
/** Beside it, a small index of who lists which children, for `show` (see ParentIndex). */
export const PARENTS_FILE_NAME = "taskplain-parents.json";

/**
 * Files changed this recently are not stored: a second change within the file system's
 * timestamp resolution could leave size and times as they were (git's "racy clean").
 */
const RACY_MS = 2000;
/** The cache file is rewritten once this share (1 / n) of its entries changed. */
const REWRITE_SHARE = 200;

export interface CachedEntry {
  version: string;
  /** the normalized task; absent when the file could not be parsed */
  task?: Task;
  broken?: { message: string; line?: number };
  /** derived facts, each a pure function of the file's content and path */
  facts: Record<string, unknown>;
}

type StatKey = [size: number, mtimeMs: number, ctimeMs: number, ino: number];
type Stored = [...StatKey, CachedEntry];

interface CacheFile<T> {
  format: number;
  build: string;
  root: string;
  files: Record<string, T>;
}

/** The directory the cache files of `root` live in, or null when caching is off there. */
function cacheDir(env: NodeJS.ProcessEnv, root: string): string | null {
  if (!BUILD || env.TASKPLAIN_CACHE === "0") return null;
  return gitDirOf(root);
}

/** The entries of a cache file written by this build for this root ({} when there is none). */
function readCacheFile<T>(file: string, root: string): Record<string, T> {
  try {
    const text = readFileSync(file, "utf8");
    // The header (format, build, root) comes first: a cache another build wrote (after
    // every upgrade) is dropped without parsing its 10,000 entries.
    const cut = text.indexOf(',"files":');
    if (cut > 0) {
      const header = JSON.parse(`${text.slice(0, cut)}}`) as Partial<CacheFile<T>>;
      if (header.format !== FORMAT || header.build !== BUILD || header.root !== root) return {};
    }
    const data = JSON.parse(text) as CacheFile<T>;
    if (data.format === FORMAT && data.build === BUILD && data.root === root && data.files) return data.files;
  } catch {
    // missing or unreadable: start empty, it is rebuilt on the way
  }
  return {};
}

/**
 * Atomic replace (temp file + rename), written in slices so a 10,000-entry cache never
 * sits in memory as one string; failing to write a cache is not an error.
 */
function writeCacheFile<T>(file: string, root: string, files: Iterable<[string, T]>): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, "w");
    const header = JSON.stringify({ format: FORMAT, build: BUILD, root });
    let chunk = `${header.slice(0, -1)},"files":{`;
    let first = true;
    for (const [key, value] of files) {
      chunk += `${first ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(value)}`;
      first = false;
      if (chunk.length > 1 << 16) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    writeSync(fd, `${chunk}}}`);
    closeSync(fd);
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

/** Removes temp files a killed writer left behind (older than a minute, so never a live one). */
function sweepLeftovers(dir: string): void {
  try {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(".tmp")) continue;
      if (!name.startsWith(`${CACHE_FILE_NAME}.`) && !name.startsWith(`${PARENTS_FILE_NAME}.`)) continue;
      const file = path.join(dir, name);
      if (Date.now() - statSync(file).mtimeMs > 60_000) unlinkSync(file);
    }
  } catch {
    // best effort
  }
}

/** Whether a stored key still describes the file (compared in place: this runs once per file). */
const sameKey = (stored: readonly unknown[], st: Stats): boolean =>
  stored[0] === st.size && stored[1] === st.mtimeMs && stored[2] === st.ctimeMs && stored[3] === st.ino;

const keyOf = (st: Stats | BigIntStats): StatKey => [
  Number(st.size),
  Number(st.mtimeMs),
  Number(st.ctimeMs),
  Number(st.ino),
];

/** True when `value` survives a JSON round trip unchanged (plain data, finite numbers). */
function jsonSafe(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(jsonSafe);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((v) => v !== undefined && jsonSafe(v));
  }
  return false;
}

export class ParseCache {
  private readonly seen = new Map<string, Stored>();
  /** entries stored and facts added by this process */
  private changes = 0;

  private constructor(
    readonly file: string,
    private readonly root: string,
    private readonly old: Record<string, Stored>,
    private readonly clock: { now(): number },
  ) {}

  /**
   * The cache of `root`, or null when caching is off there. One per Workspace: the
   * workspace opens it on first use and saves it on flush. `clock.now()` is in ms.
   */
  static open(root: string, env: NodeJS.ProcessEnv, clock: { now(): number }): ParseCache | null {
    const dir = cacheDir(env, root);
    if (!dir) return null;
    const file = path.join(dir, CACHE_FILE_NAME);
    return new ParseCache(file, root, readCacheFile<Stored>(file, root), clock);
  }

  /** The entry stored for `relPath` when the file still has the size and times it had then. */
  get(relPath: string, st: Stats): CachedEntry | undefined {
    // what this process stored first (a long-lived workspace reads the same files again)
    const stored = this.seen.get(relPath) ?? this.old[relPath];
    if (!stored || !sameKey(stored, st)) return undefined;
    this.seen.set(relPath, stored);
    return stored[4];
  }

  /**
   * Remembers what reading `relPath` (with stats `st`, taken before the read) gave.
   * Returns false when the entry is not kept (changed too recently, or not plain data).
   */
  put(relPath: string, st: Stats, entry: CachedEntry): boolean {
    if (this.clock.now() - Math.max(st.mtimeMs, st.ctimeMs) < RACY_MS) return false;
    if (entry.task && !(jsonSafe(entry.task.extra) && jsonSafe(entry.task.execution ?? null))) return false;
    this.seen.set(relPath, [...keyOf(st), entry]);
    this.changes += 1;
    return true;
  }

  /** Marks the cache for writing (a fact was added to a kept entry). */
  touch(): void {
    this.changes += 1;
  }

  /**
   * Writes the entries seen by this process (files gone since are dropped), if anything
   * is new, and the parent index derived from them.
   */
  save(live?: ReadonlySet<string>): void {
    if (live) {
      for (const relPath of this.seen.keys()) if (!live.has(relPath)) this.seen.delete(relPath);
    }
    // Rewriting a 10,000-task cache costs more than reading a few changed files again:
    // wait until 1 entry in 200 is new (an agent's edit between two reads is not).
    if (this.changes === 0 || this.changes * REWRITE_SHARE < this.seen.size) return;
    this.changes = 0;
    sweepLeftovers(path.dirname(this.file));
    writeCacheFile(this.file, this.root, this.seen);
    const parents: [string, ParentEntry][] = [];
    for (const [relPath, stored] of this.seen) {
      const task = stored[4].task;
      if (task && (task.kind !== "task" || task.children.length > 0)) {
        parents.push([relPath, [stored[0], stored[1], stored[2], stored[3], task.children]]);
      }
    }
    writeCacheFile(path.join(path.dirname(this.file), PARENTS_FILE_NAME), this.root, parents);
  }
}

type ParentEntry = [...StatKey, children: string[]];

/**
 * The `children` lists of epics and stories as the parse cache last saw them, so `show`
 * finds a task's parent without reading every story: a file whose size and times are
 * unchanged and whose list lacks the id is skipped; every other candidate is read.
 */
export class ParentIndex {
  private constructor(private readonly files: Record<string, ParentEntry>) {}

  static open(root: string, env: NodeJS.ProcessEnv): ParentIndex | null {
    const dir = cacheDir(env, root);
    return dir ? new ParentIndex(readCacheFile<ParentEntry>(path.join(dir, PARENTS_FILE_NAME), root)) : null;
  }

  /** The children `relPath` lists, when the file is unchanged since indexed; else undefined. */
  children(relPath: string, st: Stats): string[] | undefined {
    const entry = this.files[relPath];
    return entry && sameKey(entry, st) ? entry[4] : undefined;
  }
}
