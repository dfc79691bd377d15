// `list`: filtered, sorted tasks plus the files that could not be read.
import { compareForList, type ListFilters, matchesFilters } from "../domain/listing.js";
import type { BrokenFile } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { acceptanceOf, loadAll } from "./repo.js";
import { type TaskView, taskObject } from "./views.js";

export interface ListResult {
  /** what `list --output json` prints: task objects in list order */
  view: TaskView[];
  /**
   * Acceptance progress of each listed task, index-aligned with `view` (human tables show
   * it). Computed on first call: JSON output never pays for scanning the bodies.
   */
  acceptance(): { checked: number; total: number }[];
  broken: BrokenFile[];
}

export async function listTasks(ws: Workspace, filters: ListFilters): Promise<ListResult> {
  const repo = await loadAll(ws, { cache: true });
  let childIds: Set<string> | undefined;
  if (filters.parent !== undefined) {
    const parent = repo.records.find((r) => r.task.id === filters.parent);
    childIds = new Set(parent?.task.children ?? []);
  }
  let records = repo.records
    .filter((r) => matchesFilters(r.task, () => r.body, filters, childIds))
    .sort((a, b) => compareForList(a.task, b.task));
  if (filters.limit !== undefined) records = records.slice(0, filters.limit);
  return {
    view: records.map((r) => taskObject(r)),
    acceptance: () => records.map(acceptanceOf),
    broken: repo.broken,
  };
}
