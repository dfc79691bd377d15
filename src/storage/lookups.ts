// Finding tasks by id without reading the repository: ids are in file names, so a
// lookup lists the folders and reads only the files whose names match.
import { statSync } from "node:fs";
import type { Kind } from "../domain/enums.js";
import { parseFileName } from "../domain/paths.js";
import { compareText } from "../domain/text-order.js";
import { isGone, readTaskText } from "./read-text.js";
import {
  type BrokenFile,
  isBroken,
  parseRecord,
  readRecord,
  type TaskFileRef,
  type TaskRecord,
  withFullYaml,
} from "./records.js";
import { ListedFileGone, relisting } from "./relist.js";
import { loadRepository } from "./repository.js";
import type { Workspace } from "./workspace.js";

/** A test of whether some file name carries an id (one listing, no parsing of the others). */
export function idsInFileNames(ws: Workspace): (id: string) => boolean {
  return (id) => refsNamedFor(ws, id).length > 0;
}

/** The refs whose file name carries `id` (a search for the suffix, confirmed by the name rules). */
const refsNamedFor = (ws: Workspace, id: string): TaskFileRef[] =>
  ws.findTaskFilesEndingWith(`-${id}.md`).filter((ref) => parseFileName(ref.name)?.id === id);

export type FoundTask = { record: TaskRecord } | { broken: BrokenFile } | null;

/**
 * Several tasks by id with one directory listing (missing ids are left out); a file moved
 * meanwhile is read at its new place (relist.ts). Ids no file name carries are looked up
 * in every file's frontmatter, as `findTaskById` does.
 */
export async function findTasksByIds(ws: Workspace, ids: readonly string[]): Promise<TaskRecord[]> {
  const byName = await relisting(ws, () =>
    withFullYaml(() => {
      const out = new Map<string, TaskRecord>();
      for (const id of ids) {
        for (const ref of refsNamedFor(ws, id)) {
          const r = parseRecord(ref, readTaskText(ref.absPath));
          if (!isBroken(r) && r.task.id === id) {
            out.set(id, r);
            break;
          }
        }
      }
      return out;
    }),
  );
  const missing = ids.filter((id) => !byName.has(id));
  if (missing.length > 0) {
    for (const record of await recordsWithIds(ws, missing)) byName.set(record.task.id, record);
  }
  return ids.flatMap((id) => byName.get(id) ?? []);
}

/**
 * Name-based lookup (ids are in file names: quality.md), falling back to the ids inside
 * every file (the repository read, parse cache and all) when no file name holds the task —
 * a hand-named file, or one whose frontmatter id differs from its name — so a task that
 * `list` shows is always found. A file moved or removed by another process meanwhile is
 * looked for again (relist.ts).
 */
export async function findTaskById(ws: Workspace, id: string): Promise<FoundTask> {
  const named = await relisting(ws, async (): Promise<FoundTask> => {
    // By file name only; every match is read, so a duplicate id is not hidden.
    for (const ref of refsNamedFor(ws, id)) {
      const r = await readRecord(ref);
      if (isBroken(r)) return { broken: r };
      if (r.task.id === id) return { record: r };
    }
    return null;
  });
  if (named) return named;
  const [record] = await recordsWithIds(ws, [id]);
  return record ? { record } : null;
}

/**
 * The records whose frontmatter id is one of `ids` (the first file wins): the files are
 * found through the repository read with its parse cache, then each is read afresh, so a
 * writer never gets a cached record.
 */
async function recordsWithIds(ws: Workspace, ids: readonly string[]): Promise<TaskRecord[]> {
  const wanted = new Set(ids);
  const refs = new Map<string, TaskFileRef>();
  for (const r of (await loadRepository(ws, { cache: true })).records) {
    if (wanted.has(r.task.id) && !refs.has(r.task.id)) refs.set(r.task.id, r.ref);
  }
  const out: TaskRecord[] = [];
  for (const [id, ref] of refs) {
    // (a file moved or removed since the read is not found: the race a reader always has)
    const r = await readRecord(ref).catch((error) => {
      if (isGone(error)) return undefined;
      throw error;
    });
    if (r && !isBroken(r) && r.task.id === id) out.push(r);
  }
  return out;
}

/**
 * Tasks whose frontmatter may mention `id` (a cheap text scan of every file, then a
 * parse of the few candidates) — how single-task commands find parents and referrers
 * without parsing the whole repository.
 */
export async function findMentioning(
  ws: Workspace,
  id: string,
  exclude?: string,
  /** only files named for these kinds (files with other names are always read) */
  kinds?: readonly Kind[],
): Promise<TaskRecord[]> {
  const word = mentionPattern(id);
  return relisting(ws, (lastTry) =>
    withFullYaml(() => {
      const out: TaskRecord[] = [];
      for (const ref of refsOfKinds(ws, kinds)) {
        if (ref.relPath === exclude) continue;
        const r = readIfMentioned(ref, id, word, lastTry);
        if (r) out.push(r);
      }
      return out.sort(byPath);
    }),
  );
}

/**
 * The tasks whose `children` list `id`, among files named for `kinds` — for read-only
 * callers (`show`): files the parent index knows unchanged and without `id` are not read.
 */
export async function findListingParents(
  ws: Workspace,
  id: string,
  exclude: string,
  kinds: readonly Kind[],
): Promise<TaskRecord[]> {
  const index = ws.parentIndex();
  const word = mentionPattern(id);
  return relisting(ws, (lastTry) => {
    const candidates = refsOfKinds(ws, kinds).filter((ref) => {
      if (ref.relPath === exclude) return false;
      if (!index) return true;
      try {
        const listed = index.children(ref.relPath, statSync(ref.absPath));
        return !listed || listed.includes(id);
      } catch (error) {
        if (isGone(error) && !lastTry) throw new ListedFileGone(ref.relPath);
        return false;
      }
    });
    return withFullYaml(() => {
      const out: TaskRecord[] = [];
      for (const ref of candidates) {
        const r = readIfMentioned(ref, id, word, lastTry);
        if (r?.task.children.includes(id)) out.push(r);
      }
      return out.sort(byPath);
    });
  });
}

const byPath = (a: TaskRecord, b: TaskRecord) => compareText(a.ref.relPath, b.ref.relPath);

const mentionPattern = (id: string) => new RegExp(`(^|[\\s\\[,"'])${id}($|[\\s\\],"'])`, "m");

function refsOfKinds(ws: Workspace, kinds: readonly Kind[] | undefined): TaskFileRef[] {
  return kinds ? ws.findTaskFilesOfKinds(kinds) : ws.listTaskFiles();
}

/**
 * The parsed file when its frontmatter mentions `id` as a word (a cheap text test first).
 * Throws ListedFileGone when the file is no longer there, unless `skipGone`.
 */
function readIfMentioned(
  ref: TaskFileRef,
  id: string,
  word: RegExp,
  skipGone: boolean,
): TaskRecord | undefined {
  let text: string;
  try {
    text = readTaskText(ref.absPath);
  } catch (error) {
    if (isGone(error) && !skipGone) throw new ListedFileGone(ref.relPath);
    return undefined;
  }
  const end = text.indexOf("\n---", 3);
  const fm = end > 0 ? text.slice(0, end) : text;
  const literal = fm.includes(id) && word.test(fm);
  // A double-quoted YAML string may spell the id with escapes ("dark\x2dmode"): the text
  // cannot tell, so a frontmatter with a backslash is judged by its parsed values.
  if (!literal && !fm.includes("\\")) return undefined;
  const r = parseRecord(ref, text);
  if (isBroken(r)) return undefined;
  return literal || namesId(r, id) ? r : undefined;
}

/** Whether a task's parsed references (children, depends_on, blocks, legacy parent) name `id`. */
function namesId({ task }: TaskRecord, id: string): boolean {
  return (
    task.parent === id || [task.children, task.depends_on, task.blocks].some((list) => list.includes(id))
  );
}
