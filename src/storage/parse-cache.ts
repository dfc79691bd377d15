// A persistent cache of what reading a task file produced (the normalized task, its
// version, facts derived from it such as schema problems or validation findings),
// so repository-wide read-only commands skip reading and parsing files that did not
// change. It lives in the git directory (`.git/taskplain-cache.json`), is keyed by
// path + size + mtime + ctime + inode, is rebuilt when missing, corrupt or written by
// another build, and is never a source of truth: writes always read the files.
//
// Off outside git repositories, when running from source, and with TASKPLAIN_CACHE=0.
import { type BigIntStats, readFileSync, renameSync, type Stats, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Task } from "../domain/task.js";
import { gitDirOf } from "./git-dir.js";

declare const __TASKPLAIN_BUILD__: string;
/** Set by the bundler from the sources: another build never trusts this one's entries. */
const BUILD = typeof __TASKPLAIN_BUILD__ === "string" ? __TASKPLAIN_BUILD__ : undefined;
const FORMAT = 1;
export const CACHE_FILE_NAME = "taskplain-cache.json";

/**
 * Files changed this recently are not stored: a second change within the file system's
 * timestamp resolution could leave size and times as they were (git's "racy clean").
 */
const RACY_MS = 2000;

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

interface CacheFile {
  format: number;
  build: string;
  root: string;
  files: Record<string, Stored>;
}

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

/** One cache per repository per process, until saved. */
const open = new Map<string, ParseCache>();

export class ParseCache {
  private readonly seen = new Map<string, Stored>();
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly root: string,
    private readonly old: Record<string, Stored>,
  ) {}

  /** The cache of `root`, or null when caching is off there. */
  static open(root: string, env: NodeJS.ProcessEnv = process.env): ParseCache | null {
    if (!BUILD || env.TASKPLAIN_CACHE === "0") return null;
    const already = open.get(root);
    if (already) return already;
    const gitDir = gitDirOf(root);
    if (!gitDir) return null;
    const file = path.join(gitDir, CACHE_FILE_NAME);
    let files: Record<string, Stored> = {};
    try {
      const data = JSON.parse(readFileSync(file, "utf8")) as CacheFile;
      if (data.format === FORMAT && data.build === BUILD && data.root === root && data.files)
        files = data.files;
    } catch {
      // missing or unreadable: start empty, it is rebuilt on the way
    }
    const cache = new ParseCache(file, root, files);
    open.set(root, cache);
    return cache;
  }

  /** The entry stored for `relPath` when the file still has the size and times it had then. */
  get(relPath: string, st: Stats): CachedEntry | undefined {
    const stored = this.old[relPath];
    if (!stored) return undefined;
    const key = keyOf(st);
    if (stored[0] !== key[0] || stored[1] !== key[1] || stored[2] !== key[2] || stored[3] !== key[3]) {
      return undefined;
    }
    this.seen.set(relPath, stored);
    return stored[4];
  }

  /**
   * Remembers what reading `relPath` (with stats `st`, taken before the read) gave.
   * Returns false when the entry is not kept (changed too recently, or not plain data).
   */
  put(relPath: string, st: Stats, entry: CachedEntry): boolean {
    if (Date.now() - Math.max(st.mtimeMs, st.ctimeMs) < RACY_MS) return false;
    if (entry.task && !(jsonSafe(entry.task.extra) && jsonSafe(entry.task.execution ?? null))) return false;
    this.seen.set(relPath, [...keyOf(st), entry]);
    this.dirty = true;
    return true;
  }

  /** Marks the cache for writing (a fact was added to a kept entry). */
  touch(): void {
    this.dirty = true;
  }

  /** Writes the entries seen by this process (files gone since are dropped), if anything is new. */
  save(): void {
    open.delete(this.root);
    if (!this.dirty) return;
    const data: CacheFile = {
      format: FORMAT,
      build: BUILD!,
      root: this.root,
      files: Object.fromEntries(this.seen),
    };
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(data));
      renameSync(temp, this.file);
    } catch {
      // the cache is an optimisation: failing to write it is not an error
      try {
        unlinkSync(temp);
      } catch {
        // nothing was written
      }
    }
  }
}

/** Writes every cache opened by this process (the CLI calls it once its command is done). */
export function saveParseCaches(): void {
  for (const cache of [...open.values()]) cache.save();
}
