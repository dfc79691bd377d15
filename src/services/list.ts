// `list`: filtered, sorted tasks plus the files that could not be read.
import { compareForList, type ListFilters, matchesFilters } from "../domain/listing.js";
import type { BrokenFile, TaskRecord } from "../storage/repository.js";
import { loadAll } from "./repo.js";

export interface ListResult {
  records: TaskRecord[];
  broken: BrokenFile[];
}

export async function listTasks(root: string, filters: ListFilters): Promise<ListResult> {
  const repo = await loadAll(root, { cache: true });
  let childIds: Set<string> | undefined;
  if (filters.parent !== undefined) {
    const parent = repo.records.find((r) => r.task.id === filters.parent);
    childIds = new Set(parent?.task.children ?? []);
  }
  const records = repo.records
    .filter((r) => matchesFilters(r.task, () => r.body, filters, childIds))
    .sort((a, b) => compareForList(a.task, b.task));
  return {
    records: filters.limit !== undefined ? records.slice(0, filters.limit) : records,
    broken: repo.broken,
  };
}
