// A Workspace is one repository root as a long-lived caller sees it (quality.md, "Three
// front doors, one core"): it owns every piece of state that storage keeps — the file
// listing, the parse cache, the parent index, the view texts, the answers, the lock — and takes env, cwd and the clock
// explicitly. The CLI opens one per command and flushes it; the board and the MCP server
// keep one per root, refresh it (cheap stat checks, or watcher events) and flush it now
// and then. Nothing in src/storage/ keeps repository state at module level.
import { readdirSync, type Stats, statSync } from "node:fs";
import path from "node:path";
import { type Kind, STATE_FOLDERS, STATES, type State } from "../domain/enums.js";
import { namesOfKindsIn, unconventionalNamesIn } from "../domain/paths.js";
import { ParentIndex } from "./parent-index.js";
import { ParseCache } from "./parse-cache.js";
import type { BrokenFile, TaskFileRef, TaskRecord } from "./records.js";
import { ResultCache } from "./result-cache.js";
import { findRoot } from "./root.js";
import { settled } from "./stat-key.js";
import { ViewCache } from "./view-cache.js";

/** Where "now" comes from: milliseconds since the Unix epoch. Tests inject a fixed or stepped clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface WorkspaceOptions {
  /** --root (else TASKPLAIN_ROOT, else the nearest folder with tasks/ above cwd, else the git top level) */
  root?: string | undefined;
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock?: Clock;
  /** `init` (and `new` in a fresh git repository) may open a root that has no tasks/ yet. */
  allowMissingTasks?: boolean;
  /** see Workspace.watched: the caller reports every change through invalidate() */
  watched?: boolean;
}

interface FolderListing {
  /** the `.md` file names, sorted */
  names: string[];
  /** the names, each between two NULs (no file name holds one), made on first search */
  joined?: string;
  /** the folder's other entries (not `.md`): a killed writer's temp files, say */
  others: string[];
  /** `tasks/<folder>/` and the folder's absolute path with a trailing separator */
  rel: string;
  abs: string;
  /** their refs, made on first use (a single-task lookup makes only the ones it matches) */
  refs?: TaskFileRef[];
  /** the directory's stats when listed (undefined: the folder did not exist) */
  mtimeMs?: number;
  ctimeMs?: number;
  ino?: number;
  /** clock time of the listing, in ms */
  listedAt: number;
}

export class Workspace {
  private readonly folders = new Map<State, FolderListing>();
  private listing: TaskFileRef[] | undefined;
  private cache: ParseCache | null | undefined;
  private parents: ParentIndex | null | undefined;
  private views: ViewCache | null | undefined;
  private results: ResultCache | null | undefined;
  /** the records of the last repository-wide read through the parse cache (relPath → record) */
  private kept = new Map<string, TaskRecord | BrokenFile>();
  /** that read as a whole, with the listing it was made from (see keptRead) */
  private keptWhole:
    | { listing: TaskFileRef[]; records: readonly TaskRecord[]; broken: readonly BrokenFile[] }
    | undefined;

  /**
   * True when whoever holds this workspace watches tasks/ and calls `invalidate(paths)`
   * for every file that changes (a server with a file watcher). Repository-wide reads
   * then reuse the records of the previous read for every file not invalidated since,
   * without a `stat` per file: a warm read of 10,000 tasks touches no file at all.
   * False (the default, and the CLI's case): every read checks each file's stats.
   */
  watched = false;

  constructor(
    /** absolute path of the repository root (the folder holding tasks/) */
    readonly root: string,
    readonly env: NodeJS.ProcessEnv,
    readonly cwd: string,
    readonly clock: Clock = systemClock,
  ) {}

  /**
   * Opens the workspace of the repository that `options` point at (task-format.md,
   * "Where tasks live"). Throws `root_not_found` or `no_repository` (category io).
   */
  static open(options: WorkspaceOptions): Workspace {
    const { cwd, env } = options;
    const root = findRoot({ root: options.root, cwd, env, allowMissingTasks: options.allowMissingTasks });
    const ws = new Workspace(root, env, cwd, options.clock ?? systemClock);
    ws.watched = options.watched ?? false;
    return ws;
  }

  /** The current time as an ISO 8601 UTC string (for timestamps written into files). */
  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Every `.md` file under tasks/<state>/, by folder then name (listed once until something changed). */
  listTaskFiles(): TaskFileRef[] {
    if (this.listing) return this.listing;
    const out: TaskFileRef[] = [];
    for (const state of STATES) {
      const folder = this.folder(state);
      folder.refs ??= folder.names.map((name) => refOf(folder, state, name));
      for (const ref of folder.refs) out.push(ref);
    }
    this.listing = out;
    return out;
  }

  /**
   * The files of `listTaskFiles()` whose names end with `suffix`, in the same order: one
   * string search a folder instead of a test per name.
   */
  findTaskFilesEndingWith(suffix: string): TaskFileRef[] {
    if (this.listing || suffix.includes("\0")) return this.findTaskFiles((name) => name.endsWith(suffix));
    const out: TaskFileRef[] = [];
    const needle = `${suffix}\0`;
    for (const state of STATES) {
      const folder = this.folder(state);
      if (folder.refs) {
        for (const ref of folder.refs) if (ref.name.endsWith(suffix)) out.push(ref);
        continue;
      }
      const joined = joinedNames(folder);
      for (let at = joined.indexOf(needle); at >= 0; at = joined.indexOf(needle, at + 1)) {
        out.push(refOf(folder, state, joined.slice(joined.lastIndexOf("\0", at) + 1, at + suffix.length)));
      }
    }
    return out;
  }

  /**
   * The files whose names are conventional names of `kinds` (paths.ts), and every file
   * named otherwise (its kind is unknown until read), in the order of `listTaskFiles()`.
   */
  findTaskFilesOfKinds(kinds: readonly Kind[]): TaskFileRef[] {
    const out: TaskFileRef[] = [];
    for (const state of STATES) {
      const folder = this.folder(state);
      const joined = joinedNames(folder);
      const names = namesOfKindsIn(joined, kinds);
      const odd = unconventionalNamesIn(joined);
      if (odd.length > 0) {
        names.push(...odd);
        names.sort();
      }
      if (folder.refs) {
        const wanted = new Set(names);
        for (const ref of folder.refs) if (wanted.has(ref.name)) out.push(ref);
      } else {
        for (const name of names) out.push(refOf(folder, state, name));
      }
    }
    return out;
  }

  /** Absolute paths of the entries of the state folders that are not `.md` files (the folders are listed if need be). */
  otherFiles(): string[] {
    return STATES.flatMap((state) => {
      const folder = this.folder(state);
      return folder.others.map((name) => folder.abs + name);
    });
  }

  /**
   * The files of `listTaskFiles()` whose names pass `test`, in the same order — without
   * making a ref for every other file (a lookup by id among 10,000 names makes one).
   */
  findTaskFiles(test: (name: string) => boolean): TaskFileRef[] {
    if (this.listing) return this.listing.filter((ref) => test(ref.name));
    const out: TaskFileRef[] = [];
    for (const state of STATES) {
      const folder = this.folder(state);
      if (folder.refs) {
        for (const ref of folder.refs) if (test(ref.name)) out.push(ref);
      } else {
        for (const name of folder.names) if (test(name)) out.push(refOf(folder, state, name));
      }
    }
    return out;
  }

  private folder(state: State): FolderListing {
    let folder = this.folders.get(state);
    if (!folder) {
      folder = this.listFolder(state);
      this.folders.set(state, folder);
    }
    return folder;
  }

  /**
   * Brings the listing up to date with the disk: each state folder whose stats changed
   * since it was listed is listed again (five `stat` calls when nothing changed). Files
   * edited in place need nothing here: reads check each file (see the parse cache).
   * Returns true when some folder was listed again.
   */
  refresh(): boolean {
    let changed = false;
    for (const state of STATES) {
      const folder = this.folders.get(state);
      if (!folder) continue;
      const st = statDir(this.folderPath(state));
      const same =
        st === undefined
          ? folder.mtimeMs === undefined
          : folder.mtimeMs === st.mtimeMs && folder.ctimeMs === st.ctimeMs && folder.ino === st.ino;
      // trusted while the directory's stats are unchanged, unless it changed just before it was listed
      const racy = st !== undefined && !settled(st, folder.listedAt);
      if (!same || racy) {
        this.folders.delete(state);
        changed = true;
      }
    }
    if (changed) this.listing = undefined;
    return changed;
  }

  /**
   * Forgets what is known about the listing (all of it, or the folders holding `paths`,
   * repository-relative): for writers, and for a watcher that saw files come and go.
   */
  invalidate(paths?: readonly string[]): void {
    this.listing = undefined;
    this.keptWhole = undefined;
    if (!paths) {
      this.folders.clear();
      this.kept.clear();
      return;
    }
    for (const p of paths) {
      this.kept.delete(p.replaceAll("\\", "/"));
      const folder = p.split(/[\\/]/)[1];
      const state = STATES.find((s) => STATE_FOLDERS[s] === folder);
      if (state) this.folders.delete(state);
      else this.folders.clear();
    }
  }

  /**
   * The record kept from the previous repository-wide read for `relPath`, when it may be
   * used without looking at the file again (only in a `watched` workspace).
   */
  keptRecord(relPath: string): TaskRecord | BrokenFile | undefined {
    return this.watched ? this.kept.get(relPath) : undefined;
  }

  /**
   * Keeps the records of a whole read for the next one (files no longer listed are
   * dropped); with `whole`, also the read as returned, frozen (see keptRead).
   */
  keepRecords(
    records: Map<string, TaskRecord | BrokenFile>,
    whole?: { records: TaskRecord[]; broken: BrokenFile[] },
  ): void {
    this.kept = records;
    this.keptWhole =
      whole && this.listing
        ? {
            listing: this.listing,
            records: Object.freeze(whole.records),
            broken: Object.freeze(whole.broken),
          }
        : undefined;
  }

  /**
   * The last whole read kept, when nothing was invalidated and no folder changed since
   * (the listing it was made from is still the listing): a watched workspace then answers
   * a repository-wide read with the very same records, in the same order. Undefined in an
   * unwatched workspace.
   */
  keptRead(): { records: readonly TaskRecord[]; broken: readonly BrokenFile[] } | undefined {
    const whole = this.keptWhole;
    return this.watched && whole && whole.listing === this.listing ? whole : undefined;
  }

  /** The parse cache of this root (null when caching is off: outside git, TASKPLAIN_CACHE=0, from source). */
  parseCache(): ParseCache | null {
    if (this.cache === undefined) this.cache = ParseCache.open(this.root, this.env, this.clock);
    return this.cache;
  }

  /** The parent index last written beside the parse cache (null when caching is off). */
  parentIndex(): ParentIndex | null {
    if (this.parents === undefined) this.parents = ParentIndex.open(this.root, this.env);
    return this.parents;
  }

  /** Each task's printed JSON text, by path and version (null when caching is off; see view-cache.ts). */
  viewCache(): ViewCache | null {
    if (this.views === undefined) this.views = ViewCache.open(this.root, this.env);
    return this.views;
  }

  /** Answers of read-only repository-wide operations, by inputs and file versions (null when caching is off; see result-cache.ts). */
  resultCache(): ResultCache | null {
    if (this.results === undefined) this.results = ResultCache.open(this.root, this.env);
    return this.results;
  }

  /** Persists what reads learnt (parse cache, parent index, view texts, answers); the workspace stays usable. */
  flush(): void {
    this.parents = undefined;
    this.results?.save();
    if (!this.cache && !this.views) return; // single-task commands open neither: no live set to build
    const live = this.listing && new Set(this.listing.map((ref) => ref.relPath));
    this.cache?.save(live);
    this.views?.save(live);
  }

  /** Runs `fn` holding the repository lock (exit-4 `lock_timeout` when it cannot be had in time). */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const { withRepositoryLock } = await import("./lock.js"); // writers only: readers never load it
    return withRepositoryLock(this.root, fn, this.env);
  }

  private folderPath(state: State): string {
    return path.join(this.root, "tasks", STATE_FOLDERS[state]);
  }

  // Synchronous: five directory reads are faster than five promises, and the listing of
  // 10,000 files is on the path of every single-task command, so it stays lean (names are
  // parsed only for the files a command looks at).
  private listFolder(state: State): FolderListing {
    const dir = this.folderPath(state);
    const listedAt = this.clock.now();
    const where = { rel: `tasks/${STATE_FOLDERS[state]}/`, abs: `${dir}${path.sep}`, others: [] };
    const st = statDir(dir);
    if (!st) return { names: [], ...where, listedAt };
    let all: string[];
    try {
      all = readdirSync(dir);
    } catch {
      return { names: [], ...where, listedAt };
    }
    const names = all.filter((name) => name.endsWith(".md")).sort();
    const others = names.length === all.length ? [] : all.filter((name) => !name.endsWith(".md"));
    return { names, ...where, others, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, listedAt };
  }
}

/** The folder's names joined for string searches (findTaskFilesEndingWith, findTaskFilesOfKinds). */
const joinedNames = (folder: FolderListing): string => {
  folder.joined ??= `\0${folder.names.join("\0")}\0`;
  return folder.joined;
};

function statDir(dir: string): Stats | undefined {
  try {
    const st = statSync(dir);
    return st.isDirectory() ? st : undefined;
  } catch {
    return undefined;
  }
}

const refOf = (folder: FolderListing, state: State, name: string): TaskFileRef => ({
  folderState: state,
  name,
  relPath: folder.rel + name,
  absPath: folder.abs + name,
});
