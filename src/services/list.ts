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
import { isBroken, peekOf, readRecord } from "../storage/records.js";
import type { BrokenFile, TaskFileRef, TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { acceptanceOf, loadAll, rememberedRead } from "./repo.js";
import { storedObjectsJson, type TaskView, taskObject, taskObjectsJson } from "./views.js";

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
  broken: readonly BrokenFile[];
}

export async function listTasks(ws: Workspace, filters: ListFilters): Promise<ListResult> {
  const repo = await loadAll(ws, { cache: true });
  const records = listedRecords(repo.records, filters);
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
 * `list --output json`'s text (what `listTasks(…).jsonText()` gives) and the files that
 * could not be read. Which tasks are listed, as paths and versions, is remembered as an
 * answer (services/repo.ts rememberedRead), and their texts come from the view cache:
 * an unchanged repository is listed without parsing or sorting anything.
 */
export async function listJson(
  ws: Workspace,
  filters: ListFilters,
): Promise<{ text: Uint8Array; broken: readonly BrokenFile[] }> {
  let computed: readonly TaskRecord[] | undefined;
  // a RegExp is `{}` to JSON: the search is part of the question as its source and flags
  const inputs = { ...filters, search: filters.search && String(filters.search) };
  const answer = await rememberedRead(ws, "list", inputs, (repo) => {
    computed = listedRecords(repo.records, filters);
    return computed.map((r): [string, string] => [r.ref.relPath, r.version]);
  });
  const views = ws.viewCache();
  if (computed) return { text: taskObjectsJson(computed, views), broken: answer.broken };
  // only a text the view cache lacks needs its file: the paths are indexed then, once
  let refs: Map<string, TaskFileRef> | undefined;
  const read = async (relPath: string) => {
    refs ??= new Map(ws.listTaskFiles().map((ref) => [ref.relPath, ref]));
    const ref = refs.get(relPath);
    const record = ref && (await readRecord(ref).catch(() => undefined));
    return record && !isBroken(record) ? record : undefined;
  };
  const text = await storedObjectsJson(answer.view, views, read);
  if (text) return { text, broken: answer.broken };
  const result = await listTasks(ws, filters); // a file changed meanwhile: read them all
  return { text: result.jsonText(), broken: result.broken };
}

/** The records `filters` select, in list order, `limit` at most. */
function listedRecords(all: readonly TaskRecord[], filters: ListFilters): readonly TaskRecord[] {
  let records = all;
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
  const sorted = sortForList(records);
  return filters.limit === undefined ? sorted : sorted.slice(0, filters.limit);
}

/**
 * The list order of a repository read, remembered while the read is: a watched workspace
 * answers repeated reads with the same records array (Workspace.keptRead).
 */
const sortedReads = new WeakMap<readonly TaskRecord[], readonly TaskRecord[]>();

/**
 * Records in list order (listing.ts compareForList): each rank is computed once, not in
 * every comparison (10,000 tasks take ~130,000 comparisons).
 */
function sortForList(records: readonly TaskRecord[]): readonly TaskRecord[] {
  const known = sortedReads.get(records);
  if (known) return known;
  const keyed = records.map((r) => {
    const p = peekOf(r);
    return { r, rank: listRank(p as { state: State; priority: Priority }), id: p.id };
  });
  keyed.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sorted = Object.freeze(keyed.map((k) => k.r));
  // only a frozen read can be remembered: nothing can reorder it behind our back
  if (Object.isFrozen(records)) sortedReads.set(records, sorted);
  return sorted;
}
