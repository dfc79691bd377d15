// A persistent cache of what reading a task file produced (the normalized task, its
// version, facts derived from it such as schema problems or validation findings),
// so repository-wide read-only commands skip reading and parsing files that did not
// change. It lives in the git directory (`.git/taskplain-cache`), is keyed by
// path + size + mtime + ctime + inode, is rebuilt when missing, corrupt or written by
// another build, and is never a source of truth: writes always read the files.
//
// Format 2, one line per file, ASCII only (read as Latin-1: no UTF-8 decoding):
//   relPath \t size \t mtimeMs \t ctimeMs \t ino \t version \t flags \t id \t state \t priority \t entry JSON
// Opening it only cuts lines; an entry's JSON is parsed when its task is first asked for,
// so a command that needs only ids, states and priorities (`list --output json`, whose
// text comes from the view cache) parses none.
//
// Off outside git repositories, when running from source, and with TASKPLAIN_CACHE=0.
import { type Stats, unlinkSync } from "node:fs";
import path from "node:path";
import type { Task } from "../domain/task.js";
import {
  asciiJson,
  cacheDir,
  headerLine,
  jsonSafe,
  REWRITE_SHARE,
  readCacheBytes,
  SAFE_PATH,
  sweepLeftovers,
  writeCacheFile,
} from "./cache-files.js";
import { PARENTS_FILE_NAME, type ParentEntry, ParentIndex } from "./parent-index.js";
import { settled, statKeyText } from "./stat-key.js";

const FORMAT = 2;
export const CACHE_FILE_NAME = "taskplain-cache";
/** Format 1's file name (one JSON document); removed when format 2 is written. */
const LEGACY_FILE_NAME = "taskplain-cache.json";

/** The id/state/priority fields must be this to sit in a line as they are. */
const SAFE_FIELD = /^[\x21-\x7e]+$/;

export interface CachedEntry {
  version: string;
  /** the normalized task; absent when the file could not be parsed */
  task?: Task;
  broken?: { message: string; line?: number };
  /** derived facts, each a pure function of the file's content and path */
  facts: Record<string, unknown>;
}

/** The fields of a cached task readable without parsing its entry (list's order needs no more). */
export interface Peek {
  id: string;
  state: string;
  priority: string;
}

/**
 * One file's cached entry: its stat key, version and flags, cut from its line; the entry
 * itself parsed on first use (`entry()`). Flags: `b` broken, `y` needs the full YAML
 * parser, `k` id/state/priority are valid (`peek`), `p` may list children (an epic or
 * story, or a task with `children`). Cheap to make: 10,000
 * are made per command.
 */
export class CacheHit implements Peek {
  private parsed: CachedEntry | null | undefined;

  constructor(
    /** `size \t mtimeMs \t ctimeMs \t ino \t` (statKeyText) */
    readonly key: string,
    readonly version: string,
    readonly flags: string,
    readonly id: string,
    readonly state: string,
    readonly priority: string,
    private json: string | undefined,
    entry?: CachedEntry,
  ) {
    this.parsed = entry;
  }

  /**
   * Cuts the line of `text` that starts at `from` (after its path) when its stat key is
   * `key` (statKeyText); undefined when the key differs or the line is malformed.
   */
  static fromLine(text: string, from: number, key: string): CacheHit | undefined {
    if (!text.startsWith(key, from)) return undefined;
    const v = from + key.length;
    const f = text.indexOf("\t", v) + 1;
    const i = f && text.indexOf("\t", f) + 1;
    const s = i && text.indexOf("\t", i) + 1;
    const p = s && text.indexOf("\t", s) + 1;
    const j = p && text.indexOf("\t", p) + 1;
    const end = j && text.indexOf("\n", j);
    if (!(end > 0)) return undefined;
    return new CacheHit(
      key,
      text.slice(v, f - 1),
      text.slice(f, i - 1),
      text.slice(i, s - 1),
      text.slice(s, p - 1),
      text.slice(p, j - 1),
      text.slice(j, end),
    );
  }

  /** id, state and priority as stored, when valid (without parsing the entry). */
  get peek(): Peek | undefined {
    return this.flags.includes("k") ? this : undefined;
  }

  private numbers: number[] | undefined;

  /** The stat key as numbers: size, mtimeMs, ctimeMs, inode. */
  get statKey(): number[] {
    this.numbers ??= this.key.split("\t", 4).map(Number);
    return this.numbers;
  }

  /** Whether `st` has this entry's stat key. */
  matches(st: Stats): boolean {
    const k = this.statKey;
    return k[0] === st.size && k[1] === st.mtimeMs && k[2] === st.ctimeMs && k[3] === st.ino;
  }

  get broken(): boolean {
    return this.flags.includes("b");
  }

  get needsYaml(): boolean {
    return this.flags.includes("y");
  }

  /**
   * False when the entry's JSON text, not yet parsed, contains none of `needles`; true
   * otherwise (a parsed entry: the caller tests the task itself).
   */
  mayContain(needles: readonly string[]): boolean {
    const { json } = this;
    return this.parsed !== undefined || json === undefined || needles.some((n) => json.includes(n));
  }

  /** Whether the entry was parsed (or built) by this process: it is then written anew. */
  get loaded(): boolean {
    return this.parsed !== undefined;
  }

  /** The entry, parsed on first call; undefined when its JSON is corrupt. */
  entry(): CachedEntry | undefined {
    if (this.parsed === undefined) {
      try {
        const value = JSON.parse(this.json!) as CachedEntry;
        this.parsed = value && typeof value === "object" && value.facts ? value : null;
      } catch {
        this.parsed = null;
      }
      this.json = undefined;
    }
    return this.parsed ?? undefined;
  }

  /** This entry's line after its path (without the newline); undefined for a corrupt entry. */
  line(): string | undefined {
    const { key, version } = this;
    if (this.parsed === undefined) {
      return `${key}${version}\t${this.flags}\t${this.id}\t${this.state}\t${this.priority}\t${this.json}`;
    }
    const entry = this.parsed;
    if (entry === null) return undefined;
    const d = describe(entry);
    return `${key}${version}\t${d.flags}\t${d.id}\t${d.state}\t${d.priority}\t${asciiJson(entry)}`;
  }
}

/** The flags and peek fields of an entry (see CacheHit): what its line holds besides its JSON. */
function describe(entry: CachedEntry): { flags: string } & Peek {
  const task = entry.task;
  let flags = "";
  if (!task) flags += "b";
  if (entry.facts.yaml) flags += "y";
  let peek: Peek = { id: "", state: "", priority: "" };
  if (task && SAFE_FIELD.test(task.id) && SAFE_FIELD.test(task.state) && SAFE_FIELD.test(task.priority)) {
    flags += "k";
    peek = task;
  }
  if (task && (task.kind !== "task" || task.children.length > 0)) flags += "p";
  return { flags, id: peek.id, state: peek.state, priority: peek.priority };
}

export class ParseCache {
  private readonly seen = new Map<string, CacheHit>();
  /** entries stored and facts added by this process */
  private changes = 0;

  private constructor(
    readonly file: string,
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
    /** the file as opened (Latin-1 of its ASCII bytes), and where each path's line goes on */
    private readonly text: string,
    private readonly old: Map<string, number>,
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
    const old = new Map<string, number>();
    const bytes = readCacheBytes(file, FORMAT, root, true);
    const text = bytes ? bytes.toString("latin1") : "";
    for (let at = 0; at < text.length; ) {
      const end = text.indexOf("\n", at);
      const tab = text.indexOf("\t", at);
      if (end < 0 || tab < 0 || tab > end) break; // a torn tail: keep what came before
      old.set(text.slice(at, tab), tab + 1);
      at = end + 1;
    }
    return new ParseCache(file, root, env, text, old, clock);
  }

  /** The entry stored for `relPath` when the file still has the size and times it had then. */
  get(relPath: string, st: Stats): CacheHit | undefined {
    // what this process stored first (a long-lived workspace reads the same files again)
    let hit = this.seen.get(relPath);
    if (hit) {
      // a long-lived workspace asks again and again: compared as numbers, nothing allocated
      if (!hit.matches(st)) return undefined;
    } else {
      const at = this.old.get(relPath);
      // the stored key is compared as text: no field is cut from a line that does not match
      hit = at === undefined ? undefined : CacheHit.fromLine(this.text, at, statKeyText(st));
      if (!hit) return undefined;
    }
    this.seen.set(relPath, hit);
    return hit;
  }

  /**
   * Remembers what reading `relPath` (with stats `st`, taken before the read) gave.
   * Returns false when the entry is not kept (changed too recently, a path a line cannot
   * hold, or not plain data).
   */
  put(relPath: string, st: Stats, entry: CachedEntry): boolean {
    if (!settled(st, this.clock.now())) return false; // changed too recently to trust its stats
    if (!SAFE_PATH.test(relPath)) return false;
    if (entry.task && !(jsonSafe(entry.task.extra) && jsonSafe(entry.task.execution ?? null))) return false;
    // flagged as its line will be: a long-lived workspace asks this entry again (broken or not)
    const d = describe(entry);
    this.seen.set(
      relPath,
      new CacheHit(statKeyText(st), entry.version, d.flags, d.id, d.state, d.priority, undefined, entry),
    );
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
    const dir = path.dirname(this.file);
    sweepLeftovers(dir, [CACHE_FILE_NAME, PARENTS_FILE_NAME]);
    const { seen, root } = this;
    writeCacheFile(
      this.file,
      (function* lines() {
        yield headerLine(FORMAT, root);
        for (const [relPath, hit] of seen) {
          const line = hit.line();
          if (line !== undefined) yield `${relPath}\t${line}\n`;
        }
      })(),
    );
    try {
      unlinkSync(path.join(dir, LEGACY_FILE_NAME));
    } catch {
      // there was none
    }
    this.saveParents();
  }

  /** The parent index: children lists of the entries that may have some, reusing the old index where unchanged. */
  private saveParents(): void {
    let previous: ParentIndex | null | undefined;
    const parents: [string, ParentEntry][] = [];
    for (const [relPath, hit] of this.seen) {
      if (!hit.loaded && !hit.flags.includes("p")) continue;
      let children: string[] | undefined;
      if (!hit.loaded) {
        previous ??= ParentIndex.open(this.root, this.env);
        children = previous?.childrenFor(relPath, hit.statKey);
      }
      if (children === undefined) {
        const task = hit.entry()?.task;
        if (!task || (task.kind === "task" && task.children.length === 0)) continue;
        children = task.children;
      }
      const [size, mtimeMs, ctimeMs, ino] = hit.statKey as [number, number, number, number];
      parents.push([relPath, [size, mtimeMs, ctimeMs, ino, children]]);
    }
    ParentIndex.write(this.root, this.env, parents);
  }
}
