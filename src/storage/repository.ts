// The one repository loader every command goes through. Single-task commands find a
// file by its name (ids are in file names); repository-wide commands read everything.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Kind, STATE_FOLDERS, STATES, type State } from "../domain/enums.js";
import { parseFileName } from "../domain/paths.js";
import { normalizeTask, type Task } from "../domain/task.js";
import { fastParseFrontmatter } from "./fast-yaml.js";
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
  text: string;
  version: string;
  /** the Markdown after the frontmatter, exactly as in the file */
  body: string;
  /** the editable parsed file; built on first use (read-only commands never need it) */
  file: TaskFile;
  raw: Record<string, unknown>;
  task: Task;
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

/** Parses one file's text into a record, or a BrokenFile when it cannot be read as a task. */
export function parseRecord(ref: TaskFileRef, text: string): TaskRecord | BrokenFile {
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
  };
}

export const isBroken = (r: TaskRecord | BrokenFile): r is BrokenFile => !("task" in r);

export async function readRecord(ref: TaskFileRef): Promise<TaskRecord | BrokenFile> {
  return parseRecord(ref, await readFile(ref.absPath, "utf8"));
}

/** Reads and parses every task file (a bounded number at a time). */
export async function loadRepository(root: string): Promise<LoadedRepository> {
  const refs = await listTaskFiles(root);
  // Synchronous reads: for thousands of small files they beat a promise per file.
  const results = refs.map((ref): TaskRecord | BrokenFile => {
    try {
      return parseRecord(ref, readFileSync(ref.absPath, "utf8"));
    } catch (error) {
      return {
        ref,
        version: "",
        message: `could not read: ${(error as NodeJS.ErrnoException).code ?? error}`,
      };
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
