// Shared access to a repository for every front door (CLI, board, MCP).
import { acceptanceCriteria } from "../domain/body.js";
import { notFoundError, quoteInput, TaskplainError } from "../domain/errors.js";
import { taskMetaSchema } from "../domain/schema.js";
import { sha1Hex } from "../storage/file-version.js";
import { findTaskById } from "../storage/lookups.js";
import {
  type BrokenFile,
  type LoadedRepository,
  type LoadOptions,
  loadRepository,
  type TaskRecord,
} from "../storage/repository.js";
import { type RepositoryState, resultKey } from "../storage/result-cache.js";
import { type StatPass, statFiles } from "../storage/stat-key.js";
import type { Workspace } from "../storage/workspace.js";

export type { BrokenFile, TaskRecord } from "../storage/repository.js";

/** Every task file; read-only callers pass `{ cache: true }` (see LoadOptions). */
export async function loadAll(ws: Workspace, options: LoadOptions = {}): Promise<LoadedRepository> {
  return loadRepository(ws, options);
}

/** What an operation over the whole repository gave, and the files it could not read. */
export interface RepositoryAnswer<V> {
  view: V;
  broken: readonly BrokenFile[];
}

/** An answer as the result cache keeps it: the view, and each broken file as path, version, message, line. */
interface StoredAnswer {
  v: unknown;
  b: [string, string, string, number | null][];
}

const isStored = (value: unknown): value is StoredAnswer =>
  typeof value === "object" && value !== null && "v" in value && Array.isArray((value as StoredAnswer).b);

/**
 * The answer of the read-only operation `operation` over every task file, remembered by
 * the workspace's result cache (storage/result-cache.ts) under the operation, its
 * `inputs` (JSON) and every file's path and version: an unchanged repository is answered
 * without computing again, and any change to a task file asks `compute` anew. An
 * unchanged repository is first looked up by every file's stats alone (an alias of the
 * same answer, stat-key.ts), which needs no read of the parse cache.
 *
 * `compute` must be a pure function of the files and `inputs` — no clock, no environment,
 * no other file; a caller whose answer depends on such a thing puts it in `inputs`. It
 * throws what loading the repository throws.
 */
export function rememberedRead<V>(
  ws: Workspace,
  operation: string,
  inputs: unknown,
  compute: (repo: LoadedRepository) => V,
): Promise<RepositoryAnswer<V>> {
  return rememberedAnswer(
    ws,
    operation,
    inputs,
    (pass) => loadAll(ws, { cache: true, stats: pass?.stats }),
    compute,
  );
}

/**
 * How every remembered answer is found or made (rememberedRead, projected.ts): by the
 * alias of every file's stats when they can be trusted; else `read` gives the files'
 * paths and versions (handed the stats taken, undefined when none were) and the answer
 * is looked up by them, or computed by `compute` and stored. Without a result cache
 * (TASKPLAIN_CACHE=0, outside git) it only reads and computes.
 */
export async function rememberedAnswer<S extends RepositoryState & { broken: readonly BrokenFile[] }, V>(
  ws: Workspace,
  operation: string,
  inputs: unknown,
  read: (pass: StatPass | undefined) => Promise<S>,
  compute: (state: S) => V,
): Promise<RepositoryAnswer<V>> {
  const cache = ws.resultCache();
  // a watched workspace keeps its records and stats nothing: the versions are at hand
  const pass = cache && !ws.watched ? statFiles(ws.listTaskFiles(), ws.clock.now()) : undefined;
  const alias = pass?.text === undefined ? undefined : statsKey(operation, inputs, pass.text);
  if (alias !== undefined) {
    const found = answerOf<V>(cache!.getByAlias(alias), ws);
    if (found) return found;
  }
  const state = await read(pass);
  if (!cache) return { view: compute(state), broken: state.broken };
  const key = resultKey(operation, inputs, state);
  let answer = answerOf<V>(cache.get(key), ws);
  if (!answer) {
    answer = { view: compute(state), broken: state.broken };
    cache.put(key, storedAnswer(answer));
  }
  // the stats name this answer only if the read found the very files stat'ed
  if (alias !== undefined && readFilesStatted(state, pass!.stats)) cache.putAlias(alias, key);
  return answer;
}

/** An answer as the result cache stores it. */
const storedAnswer = (answer: RepositoryAnswer<unknown>): StoredAnswer => ({
  v: answer.view,
  b: answer.broken.map((f) => [f.ref.relPath, f.version, f.message, f.line ?? null]),
});

/** The key of an answer by the files' stats: `pass.text` holds every path and stat key. */
const statsKey = (operation: string, inputs: unknown, text: string): string =>
  sha1Hex(`stats\n${operation}\n${JSON.stringify(inputs ?? null)}\n${text}`);

const readFilesStatted = (repo: RepositoryState, stats: ReadonlyMap<string, unknown>): boolean =>
  repo.records.length + repo.broken.length === stats.size &&
  repo.records.every((r) => stats.has(r.ref.relPath)) &&
  repo.broken.every((b) => stats.has(b.ref.relPath));

/** A stored answer as returned; undefined when none, or when a broken file it names is not listed. */
function answerOf<V>(stored: unknown, ws: Workspace): RepositoryAnswer<V> | undefined {
  if (!isStored(stored)) return undefined;
  if (stored.b.length === 0) return { view: stored.v as V, broken: [] };
  const byPath = new Map(ws.listTaskFiles().map((ref) => [ref.relPath, ref]));
  const broken: BrokenFile[] = [];
  for (const [relPath, version, message, line] of stored.b) {
    const ref = byPath.get(relPath);
    if (!ref) return undefined;
    broken.push(line === null ? { ref, version, message } : { ref, version, message, line });
  }
  return { view: stored.v as V, broken };
}

export function brokenError(broken: BrokenFile): TaskplainError {
  const where = broken.line === undefined ? broken.ref.relPath : `${broken.ref.relPath}:${broken.line}`;
  return new TaskplainError("parse_error", `${where}: ${broken.message}`, {
    path: broken.ref.relPath,
  });
}

/** The record of task `id`, found by file name; exit 6 when absent, exit 3 when its file is broken. */
export async function getTask(ws: Workspace, id: string): Promise<TaskRecord> {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
    throw new TaskplainError(
      "invalid_id",
      `${quoteInput(id)} is not a task id (lowercase words joined by hyphens)`,
      {
        id,
      },
    );
  }
  const found = await findTaskById(ws, id);
  if (!found) throw notFoundError(id);
  if ("broken" in found) throw brokenError(found.broken);
  return found.record;
}

/** Schema problems of a record as short `field: message` strings (empty when valid). */
export function schemaProblems(record: TaskRecord): string[] {
  return record.fact("problems", (r) => {
    const result = taskMetaSchema.safeParse(r.raw);
    return result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join(".") || "frontmatter"}: ${i.message}`);
  });
}

export function acceptanceOf(record: TaskRecord): { checked: number; total: number } {
  return record.fact("acceptance", (r) => {
    const ac = acceptanceCriteria(r.body);
    return { checked: ac.checked, total: ac.total };
  });
}

/** Refuses with `stale_version` when the file changed since the version the caller read. */
export function checkVersion(record: TaskRecord, expected: string | undefined): void {
  if (expected !== undefined && expected !== record.version) {
    throw new TaskplainError(
      "stale_version",
      `${record.task.id} changed since version ${expected} (now ${record.version}); read it again before writing`,
      { path: record.ref.relPath, id: record.task.id },
    );
  }
}
