// The one repository loader every command goes through. Single-task commands find a
// file by its name (ids are in file names, see lookups.ts); repository-wide commands
// read everything, read-only ones through the parse cache.
import { type Stats, statSync } from "node:fs";
import type { State } from "../domain/enums.js";
import type { CachedEntry, ParseCache } from "./parse-cache.js";
import {
  type BrokenFile,
  cachedRecord,
  type FactStore,
  FullYamlNeeded,
  isBroken,
  loadFullYaml,
  parseRecord,
  type TaskFileRef,
  type TaskRecord,
  unreadable,
} from "./records.js";
import { RELIST_ATTEMPTS } from "./relist.js";
import type { Workspace } from "./workspace.js";

export {
  type BrokenFile,
  isBroken,
  loadFullYaml,
  parseRecord,
  type TaskFileRef,
  type TaskRecord,
} from "./records.js";

import { seenByFolderWatch } from "./folder-events.js";
import { isGone, readTaskText } from "./read-text.js";

export interface LoadedRepository {
  root: string;
  records: readonly TaskRecord[];
  broken: readonly BrokenFile[];
}

/** Stands for a listed file found gone (moved or removed by another process meanwhile). */
const GONE = Symbol("gone");
type Read = TaskRecord | BrokenFile | typeof GONE;

/** A file's text, or the BrokenFile that says why it could not be read (GONE when it is gone, unless `skipGone`). */
function readText(ref: TaskFileRef, skipGone: boolean): string | BrokenFile | typeof GONE {
  try {
    return readTaskText(ref.absPath);
  } catch (error) {
    return isGone(error) && !skipGone ? GONE : unreadable(ref, error);
  }
}

/** Reads one file through the parse cache: unchanged files are not read at all. */
function readThroughCache(
  ref: TaskFileRef,
  cache: ParseCache,
  needs: { fullYaml: boolean },
  touch: () => void,
  skipGone: boolean,
  taken: Stats | undefined,
): Read {
  let st: Stats;
  try {
    st = taken ?? statSync(ref.absPath);
  } catch (error) {
    return isGone(error) && !skipGone ? GONE : unreadable(ref, error);
  }
  const hit = cache.get(ref.relPath, st!);
  if (hit) {
    if (hit.needsYaml) needs.fullYaml = true; // its text, once read, needs the full parser
    if (!hit.broken) return cachedRecord(ref, hit, touch);
    const broken = hit.entry()?.broken;
    if (broken) return { ref, version: hit.version, ...broken };
    // a corrupt entry: read the file as if it were not cached
  }
  const text = readText(ref, skipGone);
  if (typeof text !== "string") return text;
  const entry: CachedEntry = { version: "", facts: {} };
  const store: FactStore = { facts: entry.facts };
  const r = parseRecord(ref, text, store);
  entry.version = r.version;
  if (isBroken(r))
    entry.broken = r.line === undefined ? { message: r.message } : { message: r.message, line: r.line };
  else entry.task = r.task;
  if (cache.put(ref.relPath, st!, entry)) store.added = touch;
  return r;
}

export interface LoadOptions {
  /**
   * Use the parse cache (read-only commands): records of unchanged files come from it
   * and read their file only when text, body or raw are asked for. Writers load fresh.
   */
  cache?: boolean;
  /** only the task files of these state folders (default: every folder) */
  states?: readonly State[];
  /**
   * Stats already taken of the listed files, before any of them is read (statFiles): used
   * by the parse cache instead of a second `stat` of each file.
   */
  stats?: ReadonlyMap<string, Stats>;
}

/**
 * Reads and parses every task file (of `options.states` only, when given). A listed file
 * that another process moved or removed meanwhile is looked for again: the folders are
 * listed anew and the files not read yet are read (relist.ts), so a moved task is read at
 * its new place, once.
 */
export async function loadRepository(ws: Workspace, options: LoadOptions = {}): Promise<LoadedRepository> {
  const { states } = options;
  // stats taken before the first listing read: a file found gone is stat'ed afresh at its new place
  let taken = options.stats;
  const listed = () =>
    states ? ws.listTaskFiles().filter((ref) => states.includes(ref.folderState)) : ws.listTaskFiles();
  const cache = options.cache ? ws.parseCache() : null;
  const needs = { fullYaml: false };
  const touch = () => cache?.touch();
  // A watched workspace (a server told of every change) keeps the records of read-only
  // reads and reuses them next time without even a stat.
  // (a partial read keeps nothing: what it kept would replace the whole set)
  const keep = Boolean(options.cache && ws.watched && !states);
  const fresh = (ref: TaskFileRef, skipGone: boolean): Read => {
    if (cache) return readThroughCache(ref, cache, needs, touch, skipGone, taken?.get(ref.relPath));
    const text = readText(ref, skipGone);
    return typeof text === "string" ? parseRecord(ref, text) : text;
  };
  /** files read this time that a folder watch may not see change (kept never: read every time) */
  const unseen = new Set<string>();
  const read = (ref: TaskFileRef, skipGone: boolean): Read => {
    if (!keep) return fresh(ref, skipGone);
    const kept = ws.keptRecord(ref.relPath);
    if (kept) return kept;
    const r = fresh(ref, skipGone);
    if (r !== GONE && !seenByFolderWatch(ref.absPath)) unseen.add(ref.relPath);
    return r;
  };
  // Synchronous reads: for thousands of small files they beat a promise per file. Files
  // the fast path cannot read wait for the YAML library and are read again.
  const pass = async (refs: TaskFileRef[], skipGone: boolean): Promise<Read[]> => {
    const later: number[] = [];
    const results = refs.map((ref, i): Read | undefined => {
      try {
        return read(ref, skipGone);
      } catch (error) {
        if (!(error instanceof FullYamlNeeded)) throw error;
        later.push(i);
        return undefined;
      }
    });
    if (later.length > 0 || needs.fullYaml) await loadFullYaml();
    for (const i of later) results[i] = read(refs[i]!, skipGone);
    return results as Read[];
  };
  let refs = listed();
  const whole = keep ? ws.keptRead() : undefined;
  if (whole) return { root: ws.root, records: whole.records, broken: whole.broken };
  let results = await pass(refs, false);
  for (let attempt = 2; results.includes(GONE); attempt++) {
    const done = new Map<string, Read>();
    refs.forEach((ref, i) => {
      if (results[i] !== GONE) done.set(ref.relPath, results[i]!);
    });
    ws.invalidate();
    taken = undefined;
    refs = listed();
    const todo = refs.filter((ref) => !done.has(ref.relPath));
    const more = await pass(todo, attempt === RELIST_ATTEMPTS);
    for (let i = 0; i < todo.length; i++) done.set(todo[i]!.relPath, more[i]!);
    results = refs.map((ref) => done.get(ref.relPath)!);
  }
  const records: TaskRecord[] = [];
  const broken: BrokenFile[] = [];
  for (const r of results as (TaskRecord | BrokenFile)[]) (isBroken(r) ? broken : records).push(r as never);
  if (keep) {
    const byPath = new Map<string, TaskRecord | BrokenFile>();
    refs.forEach((ref, i) => {
      if (!unseen.has(ref.relPath)) byPath.set(ref.relPath, results[i] as TaskRecord | BrokenFile);
    });
    // the whole read is kept only when every file in it may be trusted until reported
    ws.keepRecords(byPath, unseen.size === 0 ? { records, broken } : undefined);
  }
  return { root: ws.root, records, broken };
}
