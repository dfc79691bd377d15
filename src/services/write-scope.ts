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

/** The tasks the rules must see, as they are and as they would be, each list in repository order. */
export interface Scope {
  before: Slot[];
  after: Slot[];
}

/**
 * The tasks the rules must see for this change, or null when that cannot be told cheaply
 * (an id in scope that is used twice, ids that are not plain ids, a very deep
 * hierarchy): then every task must be checked. `before` and `after` are the repository's
 * task files as it is and as it would be (the order the full check uses; `after` holds
 * the very slots of `before` that the change leaves alone); `changedBefore` /
 * `changedAfter` the slots the change removes, rewrites or moves, in their old and new
 * versions (for one path, the last of `changedAfter` counts). Reads no file: cached
 * records are tested on their cached text, and only the tasks in scope are parsed.
 */
export function scopeOfChange(
  before: readonly Slot[],
  after: readonly Slot[],
  changedBefore: readonly Slot[],
  changedAfter: readonly Slot[],
): Scope | null {
  const was = indexIds(before);
  const gone = new Map(changedBefore.map((s) => [s.path, s]));
  const come = new Map<string, Slot>(); // the new version of each changed task, by id
  for (const s of new Map(changedAfter.map((c) => [c.path, c])).values()) {
    if (!after.includes(s)) continue;
    if (come.has(idOf(s))) return null; // one id twice
    come.set(idOf(s), s);
  }
  const willCount = (id: string): number => {
    let n = (was.count.get(id) ?? 0) + (come.has(id) ? 1 : 0);
    for (const s of gone.values()) if (idOf(s) === id) n -= 1;
    return n;
  };
  const slotBefore = (id: string): Slot | undefined => was.first.get(id);
  const slotAfter = (id: string): Slot | undefined => {
    const s = come.get(id) ?? was.first.get(id);
    return s && (s === come.get(id) || !gone.has(s.path)) ? s : undefined;
  };
  const changedTasks: Task[] = [...gone.values(), ...come.values()].map((s) => s.record.task);
  const versions = (id: string): Task[] => {
    const a = slotBefore(id)?.record.task;
    const b = slotAfter(id)?.record.task;
    return a && b && a !== b ? [a, b] : a ? [a] : b ? [b] : [];
  };
  /** Unchanged tasks with a link to one of `ids` that `links` gives (cached text tested first). */
  const pointingAt = (ids: ReadonlySet<string>, links: (t: Task) => string[]): Task[] | null => {
    const list = [...ids];
    if (list.some((id) => !ID_PATTERN.test(id))) return null;
    const out: Task[] = [];
    for (const s of before) {
      if (gone.has(s.path) || !mayMention(s.record, list)) continue;
      const t = s.record.task;
      if (links(t).some((id) => ids.has(id))) out.push(t);
    }
    for (const t of changedTasks) if (links(t).some((id) => ids.has(id))) out.push(t);
    return out;
  };
  const hierarchyLinks = (t: Task): string[] => (t.parent ? [...t.children, t.parent] : t.children);
  const listLinks = (t: Task): string[] => [...t.depends_on, ...t.blocks];
  const names = (ids: ReadonlySet<string>, links: (t: Task) => string[]) => (t: Task) =>
    links(t).some((id) => ids.has(id));

  const seeds = new Set(changedTasks.map((t) => t.id));
  // one pass for the tasks naming a changed task in any list (the first round below)
  const naming = pointingAt(seeds, (t) => [...hierarchyLinks(t), ...listLinks(t)]);
  if (!naming) return null;
  // tasks naming a changed task in depends_on or blocks
  const referrers = naming.filter(names(seeds, listLinks));

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
    const linking =
      round === 0 ? naming.filter(names(frontier, hierarchyLinks)) : pointingAt(frontier, hierarchyLinks);
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
  for (const id of scope) if ((was.count.get(id) ?? 0) > 1 || willCount(id) > 1) return null;
  const inOrder = (slots: (Slot | undefined)[], all: readonly Slot[]): Slot[] =>
    slots
      .filter((x): x is Slot => x !== undefined)
      .map((x) => [all.indexOf(x), x] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, x]) => x);
  return {
    before: inOrder([...scope].map(slotBefore), before),
    after: inOrder([...scope].map(slotAfter), after),
  };
}
