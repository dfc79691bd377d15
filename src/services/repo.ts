// Shared access to a repository for every front door (CLI, board, MCP).
import { acceptanceCriteria } from "../domain/body.js";
import { notFoundError, quoteInput, TaskplainError } from "../domain/errors.js";
import { taskMetaSchema } from "../domain/schema.js";
import { findTaskById } from "../storage/lookups.js";
import {
  type BrokenFile,
  type LoadedRepository,
  type LoadOptions,
  loadRepository,
  type TaskRecord,
} from "../storage/repository.js";
import { resultKey } from "../storage/result-cache.js";
import type { Workspace } from "../storage/workspace.js";

export type { BrokenFile, TaskRecord } from "../storage/repository.js";

/** Every task file; read-only callers pass `{ cache: true }` (see LoadOptions). */
export async function loadAll(ws: Workspace, options: LoadOptions = {}): Promise<LoadedRepository> {
  return loadRepository(ws, options);
}

/**
 * The answer of the read-only operation `operation` over `repo`, remembered by the
 * workspace's result cache under the operation, its `inputs` (JSON) and every file's
 * path and version: an unchanged repository is answered without computing again, and
 * any change to a task file asks `compute` anew (storage/result-cache.ts). `compute`
 * must be a pure function of the files and `inputs` — no clock, no environment, no
 * other file; a caller whose answer depends on such a thing puts it in `inputs`.
 */
export function remembered<V>(
  ws: Workspace,
  operation: string,
  inputs: unknown,
  repo: LoadedRepository,
  compute: () => V,
): V {
  const cache = ws.resultCache();
  if (!cache) return compute();
  const key = resultKey(operation, inputs, repo);
  const stored = cache.get(key);
  if (stored !== undefined) return stored as V;
  const value = compute();
  cache.put(key, value);
  return value;
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
