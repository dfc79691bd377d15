// Which tasks the cross-file rules must see to tell whether a planned change adds an
// error (write-checks.ts): the change's own tasks and everything their findings can
// depend on, so a write at 10,000 tasks runs validate's rules on a few dozen of them.
//
// The scope is the union of:
// - the hierarchy around the changed tasks: every task linked to them, in either
//   version, by `children` or a legacy `parent` key, followed both ways until closed
//   (ancestors, descendants, siblings: depth, hierarchy cycles, second parents and done
//   parents with open descendants are decided inside it);
// - tasks that name a changed task in depends_on or blocks (missing targets);
// - every task the changed tasks' depends_on reach (any new dependency cycle goes
//   through a changed task, so its whole group is among them);
// - every task named by the tasks above (whether a listed id exists, a child's kind).
// A finding the change adds on the whole repository is then added on the scope too; the
// scope may add findings the whole repository would not (the tasks at its edge miss
// their neighbours in both runs alike, or not quite): the caller then checks everything.
import { ID_PATTERN } from "../domain/enums.js";
import type { Task } from "../domain/task.js";
import { mayMention, peekOf, type TaskRecord } from "../storage/records.js";

/** One task file in repository order: where it is (or will be), and its record. */
export interface Slot {
  path: string;
  record: TaskRecord;
}

/** More rounds than a hierarchy three levels deep needs: something unusual, check everything. */
const MAX_ROUNDS = 12;

const idOf = (s: Slot): string => peekOf(s.record).id;

/** The first slot of each id, and how many slots carry it. */
function indexIds(slots: readonly Slot[]): { first: Map<string, Slot>; count: Map<string, number> } {
  const first = new Map<string, Slot>();
  const count = new Map<string, number>();
  for (const s of slots) {
    const id = idOf(s);
    const n = count.get(id);
    if (n === undefined) {
      first.set(id, s);
      count.set(id, 1);
    } else count.set(id, n + 1);
  }
  return { first, count };
}

/**
 * The ids of the tasks the rules must see for this change, or null when that cannot be
 * told cheaply (an id in scope that is used twice, ids that are not plain ids, a very
 * deep hierarchy): then every task must be checked. `before` and `after` are the
 * repository's task files as it is and as it would be (same order rules as the full
 * check); `changedBefore` / `changedAfter` the slots the change removes, rewrites or
 * moves, in their old and new versions. Reads no file: cached records are tested on
 * their cached text first, and only the tasks in scope are parsed.
 */
export function scopeOfChange(
  before: readonly Slot[],
  after: readonly Slot[],
  changedBefore: readonly Slot[],
  changedAfter: readonly Slot[],
): Set<string> | null {
  const was = indexIds(before);
  const will = indexIds(after);
  const changedPaths = new Set(changedBefore.map((s) => s.path));
  // the slots both versions share: the only ones that must be searched for links
  const unchanged = before.filter((s) => !changedPaths.has(s.path));
  const changedTasks: Task[] = [...changedBefore, ...changedAfter].map((s) => s.record.task);
  const versions = (id: string): Task[] => {
    const a = was.first.get(id)?.record.task;
    const b = will.first.get(id)?.record.task;
    return [a, b].filter((t, i, all): t is Task => t !== undefined && all.indexOf(t) === i);
  };
  /** Unchanged tasks with a link to one of `ids` that `links` accepts (cached text tested first). */
  const pointingAt = (ids: ReadonlySet<string>, links: (t: Task) => string[]): Task[] | null => {
    if ([...ids].some((id) => !ID_PATTERN.test(id))) return null;
    const pattern = new RegExp(`"(?:${[...ids].join("|")})"`);
    const out: Task[] = [];
    for (const s of unchanged) {
      if (!mayMention(s.record, pattern)) continue;
      const t = s.record.task;
      if (links(t).some((id) => ids.has(id))) out.push(t);
    }
    for (const t of changedTasks) if (links(t).some((id) => ids.has(id))) out.push(t);
    return out;
  };
  const hierarchyLinks = (t: Task): string[] => (t.parent ? [...t.children, t.parent] : t.children);
  const listLinks = (t: Task): string[] => [...t.depends_on, ...t.blocks];

  const seeds = new Set(changedTasks.map((t) => t.id));
  // tasks naming a changed task in depends_on or blocks
  const referrers = pointingAt(seeds, listLinks);
  if (!referrers) return null;

  // the hierarchy around the changed tasks, closed both ways
  const component = new Set(seeds);
  let frontier = new Set(seeds);
  for (let round = 0; frontier.size > 0; round++) {
    if (round === MAX_ROUNDS) return null;
    const next = new Set<string>();
    const add = (id: string) => {
      if (component.has(id)) return;
      component.add(id);
      next.add(id);
    };
    for (const id of frontier) for (const t of versions(id)) hierarchyLinks(t).forEach(add);
    const linking = pointingAt(frontier, hierarchyLinks);
    if (!linking) return null;
    for (const t of linking) add(t.id);
    frontier = next;
  }

  const scope = new Set(component);
  for (const t of referrers) scope.add(t.id);
  // everything the changed tasks' dependencies reach
  const queue = [...seeds];
  const queued = new Set(seeds);
  for (let k = 0; k < queue.length; k++) {
    for (const t of versions(queue[k]!))
      for (const dep of t.depends_on) {
        scope.add(dep);
        if (queued.has(dep)) continue;
        queued.add(dep);
        queue.push(dep);
      }
  }
  // and every task they name
  for (const id of [...scope])
    for (const t of versions(id))
      for (const named of [...hierarchyLinks(t), ...listLinks(t)]) scope.add(named);
  for (const id of scope) if ((was.count.get(id) ?? 0) > 1 || (will.count.get(id) ?? 0) > 1) return null;
  return scope;
}
