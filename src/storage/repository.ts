// The one repository loader every command goes through. Single-task commands find a
// file by its name (ids are in file names); repository-wide commands read everything.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Kind, STATE_FOLDERS, STATES, type State } from "../domain/enums.js";
import { isFileNameOfKind, isTaskFileName, parseFileName } from "../domain/paths.js";
import { normalizeTask, type Task } from "../domain/task.js";
import { fastParseFrontmatter } from "./fast-yaml.js";
import { splitFile, TaskFileParseError } from "./frontmatter.js";
import { type CachedEntry, ParentIndex, ParseCache } from "./parse-cache.js";
import type { TaskFile } from "./taskFile.js";

// The `yaml` library (behind TaskFile) is loaded only when a command needs it: every
// writer (mutate() loads it first) and files the fast path cannot read. Read-only
// commands on ordinary files never pay for it.
let fullYaml: typeof import("./taskFile.js") | undefined;

export async function loadFullYaml(): Promise<void> {
  fullYaml ??= await import("./taskFile.js");
}

class FullYamlNeeded extends Error {
  constructor() {
    super("internal error: the YAML library is needed but was not loaded (call loadFullYaml first)");
  }
}

function parseTaskFile(text: string): TaskFile {
  if (!fullYaml) throw new FullYamlNeeded();
  return fullYaml.TaskFile.parse(text);
}

/** Runs a synchronous read; when some file needed the full YAML parser, loads it and runs it again. */
async function withFullYaml<T>(work: () => T): Promise<T> {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof FullYamlNeeded)) throw error;
    await loadFullYaml();
    return work();
  }
}

export interface TaskFileRef {
  /** state of the folder the file sits in */
  folderState: State;
  name: string;
  /** repo-relative, always with `/` */
  relPath: string;
  absPath: string;
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
const listings = new Map<string, TaskFileRef[]>();

export function forgetListing(): void {
  listings.clear();
}

/** Every `.md` file under tasks/<state>/, by folder then name. */
export async function listTaskFiles(root: string): Promise<TaskFileRef[]> {
  return listTaskFilesSync(root);
}

function listTaskFilesSync(root: string): TaskFileRef[] {
  let listing = listings.get(root);
  if (!listing) {
    listing = readListing(root);
    listings.set(root, listing);
  }
  return listing;
}

// Synchronous: five directory reads are faster than five promises, and the listing of
// 10,000 files is on the path of every single-task command, so it stays lean (names are
// parsed only for the files a command looks at).
function readListing(root: string): TaskFileRef[] {
  const out: TaskFileRef[] = [];
  for (const state of STATES) {
    const folder = STATE_FOLDERS[state];
    const dir = path.join(root, "tasks", folder);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    names.sort();
    const rel = `tasks/${folder}/`;
    const abs = `${dir}${path.sep}`;
    for (const name of names) {
      if (name.endsWith(".md")) {
        out.push({ folderState: state, name, relPath: rel + name, absPath: abs + name });
      }
    }
  }
  return out;
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
      store.facts.yaml = true; // remembered, so records from the cache know to load it
      file = parseTaskFile(text);
      raw = file.data();
    }
  } catch (error) {
    if (error instanceof FullYamlNeeded) throw error;
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
      file ??= parseTaskFile(text);
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
  const text = await readFile(ref.absPath, "utf8");
  return withFullYaml(() => parseRecord(ref, text));
}

function unreadable(ref: TaskFileRef, error: unknown): BrokenFile {
  return { ref, version: "", message: `could not read: ${(error as NodeJS.ErrnoException).code ?? error}` };
}

/** Reads one file through the parse cache: unchanged files are not read at all. */
function readThroughCache(
  ref: TaskFileRef,
  cache: ParseCache,
  needs: { fullYaml: boolean },
): TaskRecord | BrokenFile {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(ref.absPath);
  } catch (error) {
    return unreadable(ref, error);
  }
  const hit = cache.get(ref.relPath, st!);
  if (hit) {
    if (hit.facts.yaml) needs.fullYaml = true; // its text, once read, needs the full parser
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
  const refs = listTaskFilesSync(root);
  const cache = options.cache ? ParseCache.open(root) : null;
  const needs = { fullYaml: false };
  const read = (ref: TaskFileRef): TaskRecord | BrokenFile => {
    if (cache) return readThroughCache(ref, cache, needs);
    let text: string;
    try {
      text = readFileSync(ref.absPath, "utf8");
    } catch (error) {
      return unreadable(ref, error);
    }
    return parseRecord(ref, text);
  };
  // Synchronous reads: for thousands of small files they beat a promise per file. Files
  // the fast path cannot read wait for the YAML library and are read again.
  const later: number[] = [];
  const results = refs.map((ref, i): TaskRecord | BrokenFile | undefined => {
    try {
      return read(ref);
    } catch (error) {
      if (!(error instanceof FullYamlNeeded)) throw error;
      later.push(i);
      return undefined;
    }
  });
  if (later.length > 0 || needs.fullYaml) await loadFullYaml();
  for (const i of later) results[i] = read(refs[i]!);
  const records: TaskRecord[] = [];
  const broken: BrokenFile[] = [];
  for (const r of results) (isBroken(r!) ? broken : records).push(r as never);
  return { root, records, broken };
}

/**
 * Finds the files of task `id` by file name only (no parsing). Returns every match, so
 * callers can report duplicates. Files whose name does not follow the convention are
 * found by `findTaskById`'s fallback.
 */
export async function findTaskFilesByName(root: string, id: string): Promise<TaskFileRef[]> {
  return refsNamedFor(listTaskFilesSync(root), id);
}

/** A test of whether some file name carries an id (one listing, no parsing of the others). */
export async function idsInFileNames(root: string): Promise<(id: string) => boolean> {
  const refs = listTaskFilesSync(root);
  return (id) => refsNamedFor(refs, id).length > 0;
}

/** The refs whose file name carries `id` (a cheap suffix test, confirmed by the name rules). */
function refsNamedFor(refs: readonly TaskFileRef[], id: string): TaskFileRef[] {
  const suffix = `-${id}.md`;
  return refs.filter((ref) => ref.name.endsWith(suffix) && parseFileName(ref.name)?.id === id);
}

export type FoundTask = { record: TaskRecord } | { broken: BrokenFile } | null;

/** Several tasks by id with one directory listing (missing ids are left out). */
export async function findTasksByIds(root: string, ids: readonly string[]): Promise<TaskRecord[]> {
  const refs = listTaskFilesSync(root);
  return withFullYaml(() => {
    const out: TaskRecord[] = [];
    for (const id of ids) {
      const ref = refsNamedFor(refs, id)[0];
      if (!ref) continue;
      const r = parseRecord(ref, readFileSync(ref.absPath, "utf8"));
      if (!isBroken(r) && r.task.id === id) out.push(r);
    }
    return out;
  });
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
  const refs = listTaskFilesSync(root);
  if (refs.every((ref) => isTaskFileName(ref.name))) return null;
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
  const word = mentionPattern(id);
  return withFullYaml(() => {
    const out: TaskRecord[] = [];
    for (const ref of refsOfKinds(listTaskFilesSync(root), kinds)) {
      if (ref.relPath === exclude) continue;
      const r = readIfMentioned(ref, id, word);
      if (r) out.push(r);
    }
    return out.sort(byPath);
  });
}

/**
 * The tasks whose `children` list `id`, among files named for `kinds` — for read-only
 * callers (`show`): files the parent index knows unchanged and without `id` are not read.
 */
export async function findListingParents(
  root: string,
  id: string,
  exclude: string,
  kinds: readonly Kind[],
): Promise<TaskRecord[]> {
  const index = ParentIndex.open(root);
  const word = mentionPattern(id);
  const candidates = refsOfKinds(listTaskFilesSync(root), kinds).filter((ref) => {
    if (ref.relPath === exclude) return false;
    if (!index) return true;
    try {
      const listed = index.children(ref.relPath, statSync(ref.absPath));
      return !listed || listed.includes(id);
    } catch {
      return false; // gone since the listing
    }
  });
  return withFullYaml(() => {
    const out: TaskRecord[] = [];
    for (const ref of candidates) {
      const r = readIfMentioned(ref, id, word);
      if (r?.task.children.includes(id)) out.push(r);
    }
    return out.sort(byPath);
  });
}

const byPath = (a: TaskRecord, b: TaskRecord) => a.ref.relPath.localeCompare(b.ref.relPath);

const mentionPattern = (id: string) => new RegExp(`(^|[\\s\\[,"'])${id}($|[\\s\\],"'])`, "m");

function refsOfKinds(refs: TaskFileRef[], kinds: readonly Kind[] | undefined): TaskFileRef[] {
  if (!kinds) return refs;
  return refs.filter((ref) => isFileNameOfKind(ref.name, kinds) || !isTaskFileName(ref.name));
}

/** The parsed file when its frontmatter mentions `id` as a word (a cheap text test first). */
function readIfMentioned(ref: TaskFileRef, id: string, word: RegExp): TaskRecord | undefined {
  let text: string;
  try {
    text = readFileSync(ref.absPath, "utf8");
  } catch {
    return undefined;
  }
  const end = text.indexOf("\n---", 3);
  const fm = end > 0 ? text.slice(0, end) : text;
  if (!fm.includes(id) || !word.test(fm)) return undefined;
  const r = parseRecord(ref, text);
  return isBroken(r) ? undefined : r;
}
