// `list`: filtered, sorted tasks plus the files that could not be read.
import type { Priority, State } from "../domain/enums.js";
import {
  type ListFilters,
  listRank,
  matchesFilters,
  matchesStateAndPriority,
  selectsAll,
} from "../domain/listing.js";
import type { Task } from "../domain/task.js";
import { peekOf } from "../storage/records.js";
import type { BrokenFile, TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { acceptanceOf, loadAll } from "./repo.js";
import { type TaskView, taskObject, taskObjectsJson } from "./views.js";

export interface ListResult {
  /** the task objects in list order (built on first use) */
  readonly view: TaskView[];
  /** the ids in list order (`--output plain`), read without parsing cached tasks */
  ids(): string[];
  /**
   * `view` as `--output json` prints it (UTF-8): the same bytes as `JSON.stringify(view,
   * null, 2)` plus a newline, joined from the view cache's texts where they are fresh.
   */
  jsonText(): Uint8Array;
  /**
   * Acceptance progress of each listed task, index-aligned with `view` (human tables show
   * it). Computed on first call: JSON output never pays for scanning the bodies.
   */
  acceptance(): { checked: number; total: number }[];
  broken: BrokenFile[];
}

export async function listTasks(ws: Workspace, filters: ListFilters): Promise<ListResult> {
  const repo = await loadAll(ws, { cache: true });
  let records = repo.records;
  // Without filters, records from the parse cache are ordered by fields read from its
  // lines: no task is parsed, and `jsonText` joins stored texts.
  if (!selectsAll(filters)) {
    let childIds: Set<string> | undefined;
    if (filters.parent !== undefined) {
      const parent = records.find((r) => r.task.id === filters.parent);
      childIds = new Set(parent?.task.children ?? []);
    }
    // state and priority first, from the cache lines: only the tasks they let through are parsed
    records = records.filter(
      (r) =>
        matchesStateAndPriority(peekOf(r) as Pick<Task, "state" | "priority">, filters) &&
        matchesFilters(r.task, () => r.body, filters, childIds),
    );
  }
  records = sortForList(records);
  if (filters.limit !== undefined) records = records.slice(0, filters.limit);
  let view: TaskView[] | undefined;
  return {
    get view() {
      view ??= records.map((r) => taskObject(r));
      return view;
    },
    ids: () => records.map((r) => peekOf(r).id),
    jsonText: () => taskObjectsJson(records, ws.viewCache()),
    acceptance: () => records.map(acceptanceOf),
    broken: repo.broken,
  };
}

/**
 * Records in list order (listing.ts compareForList): each rank is computed once, not in
 * every comparison (10,000 tasks take ~130,000 comparisons).
 */
function sortForList(records: TaskRecord[]): TaskRecord[] {
  const keyed = records.map((r) => {
    const p = peekOf(r);
    return { r, rank: listRank(p as { state: State; priority: Priority }), id: p.id };
  });
  keyed.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.r);
}
