// The one repository loader every command goes through. Single-task commands find a
// file by its name (ids are in file names); repository-wide commands read everything.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Kind, STATE_FOLDERS, STATES, type State } from "../domain/enums.js";
import { parseFileName } from "../domain/paths.js";
import { normalizeTask, type Task } from "../domain/task.js";
import { fastParseFrontmatter } from "./fast-yaml.js";
import { type CachedEntry, ParseCache } from "./parse-cache.js";
import { splitFile, TaskFile, TaskFileParseError } from "./taskFile.js";

export interface TaskFileRef {
  /** state of the folder the file sits in */
  folderState: State;
  name: string;
  /** repo-relative, always with `/` */
  relPath: string;
  absPath: string;
  /** id and kind as the file name gives them (undefined for unconventional names) */
  id?: string | undefined;
  kind?: Kind | undefined;
}

export interface TaskRecord {
  ref: TaskFileRef;
  version: string;
  task: Task;
  /** the file's text (read on first use when the record came from the parse cache) */
  readonly text: string;
  /** the Markdown after the frontmatter, exactly as in the file */
  readonly body: string;
  /** the editable parsed file; built on first use (read-only commands never need it) */
  readonly file: TaskFile;
  readonly raw: Record<string, unknown>;
  /**
   * A fact derived from this version of the file (schema problems, criteria counts,
   * findings), computed once and kept by the parse cache. `compute` must depend only
   * on the file's content and path.
   */
  fact<T>(name: string, compute: (record: TaskRecord) => T): T;
}

/** Where a record keeps its facts: a plain object, and what to call when one is added. */
interface FactStore {
  facts: Record<string, unknown>;
  added?: () => void;
}

export interface BrokenFile {
  ref: TaskFileRef;
  version: string;
  message: string;
  line?: number;
}

export interface LoadedRepository {
  root: string;
  records: TaskRecord[];
  broken: BrokenFile[];
}

export const fileVersion = (text: string): string =>
  createHash("sha1").update(text).digest("hex").slice(0, 12);

// One listing per process until something is written: every write goes through
// ChangeSet.apply (or init), which calls forgetListing().
const listings = new Map<string, Promise<TaskFileRef[]>>();

export function forgetListing(): void {
  listings.clear();
}

export function listTaskFiles(root: string): Promise<TaskFileRef[]> {
  let listing = listings.get(root);
  if (!listing) {
    listing = readListing(root);
    listings.set(root, listing);
  }
  return listing;
}

async function readListing(root: string): Promise<TaskFileRef[]> {
  const lists = await Promise.all(
    STATES.map(async (state) => {
      const folder = STATE_FOLDERS[state];
      const dir = path.join(root, "tasks", folder);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return [];
      }
      const out: TaskFileRef[] = [];
      for (const name of names.sort()) {
        if (!name.endsWith(".md")) continue;
        const parsed = parseFileName(name);
        out.push({
          folderState: state,
          name,
          relPath: `tasks/${folder}/${name}`,
          absPath: `${dir}${path.sep}${name}`,
          id: parsed?.id,
          kind: parsed?.kind,
        });
      }
      return out;
    }),
  );
  return lists.flat();
}

function factOf(store: FactStore) {
  return function fact<T>(this: TaskRecord, name: string, compute: (record: TaskRecord) => T): T {
    if (name in store.facts) return store.facts[name] as T;
    const value = compute(this);
    store.facts[name] = value;
    store.added?.();
    return value;
  };
}

/** Parses one file's text into a record, or a BrokenFile when it cannot be read as a task. */
export function parseRecord(
  ref: TaskFileRef,
  text: string,
  store: FactStore = { facts: {} },
): TaskRecord | BrokenFile {
  const version = fileVersion(text);
  let file: TaskFile | undefined;
  let raw: Record<string, unknown> | undefined;
  let body: string;
  try {
    const split = splitFile(text);
    body = split.body;
    raw = fastParseFrontmatter(split.frontmatter);
    if (raw === undefined) {
      file = TaskFile.parse(text);
      raw = file.data();
    }
  } catch (error) {
    if (error instanceof TaskFileParseError) {
      return {
        ref,
        version,
        message: error.message,
        ...(error.line === undefined ? {} : { line: error.line }),
      };
    }
    return { ref, version, message: `could not parse: ${(error as Error).message}` };
  }
  const fromName = parseFileName(ref.name);
  const task = normalizeTask(raw, {
    id: fromName?.id ?? ref.name.replace(/\.md$/, ""),
    kind: fromName?.kind ?? "task",
    state: ref.folderState,
  });
  return {
    ref,
    text,
    version,
    body,
    raw,
    task,
    get file(): TaskFile {
      file ??= TaskFile.parse(text);
      return file;
    },
    fact: factOf(store),
  };
}

/** A record rebuilt from the parse cache; the file is read only if text, body or raw are asked for. */
function cachedRecord(ref: TaskFileRef, entry: CachedEntry & { task: Task }, store: FactStore): TaskRecord {
  let read: TaskRecord | undefined;
  const fromDisk = (): TaskRecord => {
    if (!read) {
      const r = parseRecord(ref, readFileSync(ref.absPath, "utf8"));
      if (isBroken(r)) throw new TaskFileParseError(`${ref.relPath}: ${r.message}`, r.line);
      read = r;
    }
    return read;
  };
  return {
    ref,
    version: entry.version,
    task: entry.task,
    get text() {
      return fromDisk().text;
    },
    get body() {
      return fromDisk().body;
    },
    get raw() {
      return fromDisk().raw;
    },
    get file() {
      return fromDisk().file;
    },
    fact: factOf(store),
  };
}

export const isBroken = (r: TaskRecord | BrokenFile): r is BrokenFile => !("task" in r);

export async function readRecord(ref: TaskFileRef): Promise<TaskRecord | BrokenFile> {
  return parseRecord(ref, await readFile(ref.absPath, "utf8"));
}

function unreadable(ref: TaskFileRef, error: unknown): BrokenFile {
  return { ref, version: "", message: `could not read: ${(error as NodeJS.ErrnoException).code ?? error}` };
}

/** Reads one file through the parse cache: unchanged files are not read at all. */
function readThroughCache(ref: TaskFileRef, cache: ParseCache): TaskRecord | BrokenFile {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(ref.absPath);
  } catch (error) {
    return unreadable(ref, error);
  }
  const hit = cache.get(ref.relPath, st!);
  if (hit) {
    const store: FactStore = { facts: hit.facts, added: () => cache.touch() };
    if (hit.task) return cachedRecord(ref, hit as CachedEntry & { task: Task }, store);
    return { ref, version: hit.version, ...hit.broken! };
  }
  let text: string;
  try {
    text = readFileSync(ref.absPath, "utf8");
  } catch (error) {
    return unreadable(ref, error);
  }
  const entry: CachedEntry = { version: "", facts: {} };
  const store: FactStore = { facts: entry.facts };
  const r = parseRecord(ref, text, store);
  entry.version = r.version;
  if (isBroken(r))
    entry.broken = r.line === undefined ? { message: r.message } : { message: r.message, line: r.line };
  else entry.task = r.task;
  if (cache.put(ref.relPath, st!, entry)) store.added = () => cache.touch();
  return r;
}

export interface LoadOptions {
  /**
   * Use the parse cache (read-only commands): records of unchanged files come from it
   * and read their file only when text, body or raw are asked for. Writers load fresh.
   */
  cache?: boolean;
}

/** Reads and parses every task file. */
export async function loadRepository(root: string, options: LoadOptions = {}): Promise<LoadedRepository> {
  const refs = await listTaskFiles(root);
  const cache = options.cache ? ParseCache.open(root) : null;
  // Synchronous reads: for thousands of small files they beat a promise per file.
  const results = refs.map((ref): TaskRecord | BrokenFile => {
    if (cache) return readThroughCache(ref, cache);
    try {
      return parseRecord(ref, readFileSync(ref.absPath, "utf8"));
    } catch (error) {
      return unreadable(ref, error);
    }
  });
  const records: TaskRecord[] = [];
  const broken: BrokenFile[] = [];
  for (const r of results) (isBroken(r) ? broken : records).push(r as never);
  return { root, records, broken };
}

/**
 * Finds the files of task `id` by file name only (no parsing). Returns every match, so
 * callers can report duplicates. Files whose name does not follow the convention are
 * found by `findTaskById`'s fallback.
 */
export async function findTaskFilesByName(root: string, id: string): Promise<TaskFileRef[]> {
  const refs = await listTaskFiles(root);
  return refs.filter((ref) => ref.id === id);
}

export type FoundTask = { record: TaskRecord } | { broken: BrokenFile } | null;

/** Several tasks by id with one directory listing (missing ids are left out). */
export async function findTasksByIds(root: string, ids: readonly string[]): Promise<TaskRecord[]> {
  const refs = await listTaskFiles(root);
  const byId = new Map<string, TaskFileRef>();
  for (const ref of refs) {
    if (ref.id && !byId.has(ref.id)) byId.set(ref.id, ref);
  }
  const out: TaskRecord[] = [];
  for (const id of ids) {
    const ref = byId.get(id);
    if (!ref) continue;
    const r = parseRecord(ref, readFileSync(ref.absPath, "utf8"));
    if (!isBroken(r) && r.task.id === id) out.push(r);
  }
  return out;
}

/** Name-based lookup, falling back to reading every file only when no name matches. */
export async function findTaskById(root: string, id: string): Promise<FoundTask> {
  const byName = await findTaskFilesByName(root, id);
  for (const ref of byName) {
    const r = await readRecord(ref);
    if (isBroken(r)) return { broken: r };
    if (r.task.id === id) return { record: r };
  }
  // Every id lives in its file name unless a file is named otherwise: only then read them all.
  const refs = await listTaskFiles(root);
  if (refs.every((ref) => ref.id !== undefined)) return null;
  const all = await loadRepository(root);
  const record = all.records.find((r) => r.task.id === id);
  return record ? { record } : null;
}

/**
 * Tasks whose frontmatter may mention `id` (a cheap text scan of every file, then a
 * parse of the few candidates) — how single-task commands find parents and referrers
 * without parsing the whole repository.
 */
export async function findMentioning(
  root: string,
  id: string,
  exclude?: string,
  /** only files named for these kinds (files with other names are always read) */
  kinds?: readonly Kind[],
): Promise<TaskRecord[]> {
  const all = await listTaskFiles(root);
  const refs = kinds
    ? all.filter((ref) => {
        return ref.kind === undefined || kinds.includes(ref.kind);
      })
    : all;
  const out: TaskRecord[] = [];
  const word = new RegExp(`(^|[\\s\\[,"'])${id}($|[\\s\\],"'])`, "m");
  for (const ref of refs) {
    if (ref.relPath === exclude) continue;
    {
      let text: string;
      try {
        text = readFileSync(ref.absPath, "utf8");
      } catch {
        continue;
      }
      const end = text.indexOf("\n---", 3);
      const fm = end > 0 ? text.slice(0, end) : text;
      if (!fm.includes(id) || !word.test(fm)) continue;
      const r = parseRecord(ref, text);
      if (!isBroken(r)) out.push(r);
    }
  }
  return out.sort((a, b) => a.ref.relPath.localeCompare(b.ref.relPath));
}
