// `show`: one task with its body, parent, children and telemetry figures.
import { CHILD_KIND, KINDS, type Kind } from "../domain/enums.js";
import { summarizeExecution } from "../domain/telemetry.js";
import { findListingParents, findMentioning, findTaskById, findTasksByIds } from "../storage/lookups.js";
import type { TaskRecord } from "../storage/repository.js";
import { acceptanceOf, getTask, taskObject } from "./repo.js";

const PARENT_KINDS = Object.fromEntries(
  KINDS.map((kind) => [kind, KINDS.filter((parent) => CHILD_KIND[parent] === kind)]),
) as Record<Kind, Kind[]>;

export interface ShowResult {
  record: TaskRecord;
  parent: TaskRecord | null;
  children: TaskRecord[];
}

/**
 * The parent of a task: whoever lists it in `children` (or its legacy `parent` key).
 * Read-only callers pass `readOnly` to let the parent index skip unchanged stories.
 */
export async function findParent(
  root: string,
  record: TaskRecord,
  options: { readOnly?: boolean } = {},
): Promise<TaskRecord | null> {
  // Only an epic can hold a story and only a story a task; ids and kinds are in file names.
  const parentKinds = PARENT_KINDS[record.task.kind];
  if (parentKinds.length === 0 && !record.task.parent) return null;
  const { id } = record.task;
  const listing = options.readOnly
    ? (await findListingParents(root, id, record.ref.relPath, parentKinds))[0]
    : (await findMentioning(root, id, record.ref.relPath, parentKinds)).find((m) =>
        m.task.children.includes(id),
      );
  if (listing) return listing;
  if (record.task.parent) {
    const found = await findTaskById(root, record.task.parent);
    return found && "record" in found ? found.record : null;
  }
  return null;
}

export async function childrenOf(root: string, record: TaskRecord): Promise<TaskRecord[]> {
  return record.task.children.length === 0 ? [] : findTasksByIds(root, record.task.children);
}

export async function showTask(root: string, id: string): Promise<ShowResult> {
  const record = await getTask(root, id);
  const [parent, children] = await Promise.all([
    findParent(root, record, { readOnly: true }),
    childrenOf(root, record),
  ]);
  return { record, parent, children };
}

const brief = (r: TaskRecord) => ({
  id: r.task.id,
  title: r.task.title,
  kind: r.task.kind,
  state: r.task.state,
});

export function showObject(result: ShowResult): Record<string, unknown> {
  const { record } = result;
  return taskObject(record, {
    body: record.body,
    parent: result.parent ? brief(result.parent) : null,
    children: result.children.map(brief),
    acceptance: acceptanceOf(record),
    execution_summary: record.task.execution ? summarizeExecution(record.task.execution) : null,
  });
}
