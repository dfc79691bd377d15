// Hierarchy queries and edits shared by every operation (quality.md, "Services are
// leaves"): finding a task's parent, children, ancestors and descendants by file name
// (no full repository parse), and removing ids from reference lists.
import { CHILD_KIND, KINDS, type Kind } from "../domain/enums.js";
import { findListingParents, findMentioning, findTaskById, findTasksByIds } from "../storage/lookups.js";
import type { TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { getTask } from "./repo.js";

const PARENT_KINDS = Object.fromEntries(
  KINDS.map((kind) => [kind, KINDS.filter((parent) => CHILD_KIND[parent] === kind)]),
) as Record<Kind, Kind[]>;

/**
 * The parent of a task: whoever lists it in `children` (or its legacy `parent` key).
 * Read-only callers pass `readOnly` to let the parent index skip unchanged stories.
 */
export async function findParent(
  ws: Workspace,
  record: TaskRecord,
  options: { readOnly?: boolean } = {},
): Promise<TaskRecord | null> {
  // Only an epic can hold a story and only a story a task; ids and kinds are in file names.
  const parentKinds = PARENT_KINDS[record.task.kind];
  if (parentKinds.length === 0 && !record.task.parent) return null;
  const { id } = record.task;
  const listing = options.readOnly
    ? (await findListingParents(ws, id, record.ref.relPath, parentKinds))[0]
    : (await findMentioning(ws, id, record.ref.relPath, parentKinds)).find((m) =>
        m.task.children.includes(id),
      );
  if (listing) return listing;
  if (record.task.parent) {
    const found = await findTaskById(ws, record.task.parent);
    return found && "record" in found ? found.record : null;
  }
  return null;
}

/**
 * Every task whose `children` list `record`, for a writer that re-parents it. Files named
 * for another kind than a parent's are read only with `anyName` (a story in `task-x.md`).
 */
export async function listingParents(
  ws: Workspace,
  record: TaskRecord,
  options: { anyName?: boolean } = {},
): Promise<TaskRecord[]> {
  const { id, kind } = record.task;
  const kinds = options.anyName ? undefined : PARENT_KINDS[kind];
  return (await findMentioning(ws, id, record.ref.relPath, kinds)).filter((m) =>
    m.task.children.includes(id),
  );
}

export async function childrenOf(ws: Workspace, record: TaskRecord): Promise<TaskRecord[]> {
  return record.task.children.length === 0 ? [] : findTasksByIds(ws, record.task.children);
}

/** All descendants of a record, read by file name (no full repository parse). */
export async function descendantRecords(ws: Workspace, record: TaskRecord): Promise<TaskRecord[]> {
  const out: TaskRecord[] = [];
  const seen = new Set([record.task.id]);
  const queue = [...record.task.children];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    try {
      const child = await getTask(ws, id);
      out.push(child);
      queue.push(...child.task.children);
    } catch {
      // a missing child is validate's business (missing_child); the move itself can proceed
    }
  }
  return out;
}

/** Ancestors of a record, nearest first (a cycle in the data stops the walk). */
export async function ancestorsOf(ws: Workspace, record: TaskRecord): Promise<TaskRecord[]> {
  const out: TaskRecord[] = [];
  const seen = new Set([record.task.id]);
  for (let p = await findParent(ws, record); p && !seen.has(p.task.id); p = await findParent(ws, p)) {
    seen.add(p.task.id);
    out.push(p);
  }
  return out;
}

export type ReferenceKey = "children" | "depends_on" | "blocks";

/** Removes `ids` from the reference lists `keys` of a parsed file (a list left empty is dropped). */
export function removeReferences(
  file: TaskRecord["file"],
  task: TaskRecord["task"],
  keys: readonly ReferenceKey[],
  ids: ReadonlySet<string>,
): void {
  for (const key of keys) {
    if (!task[key].some((id) => ids.has(id))) continue;
    const rest = task[key].filter((id) => !ids.has(id));
    if (rest.length > 0) file.set(key, rest);
    else file.delete(key);
  }
}
