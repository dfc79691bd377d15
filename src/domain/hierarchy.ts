// The task hierarchy, indexed once: who is whose parent, ancestors, descendants.
import type { Task } from "./task.js";

export interface Hierarchy {
  byId: Map<string, Task>;
  /** child id → parent id (first parent listing it; legacy `parent` when no list names it) */
  parentOf: Map<string, string>;
  /** ids listed as a child by more than one parent → every parent naming it */
  parentsOf: Map<string, string[]>;
  roots: Task[];
}

export function buildHierarchy(tasks: Task[]): Hierarchy {
  const byId = new Map<string, Task>();
  for (const t of tasks) if (!byId.has(t.id)) byId.set(t.id, t);
  const parentOf = new Map<string, string>();
  const parentsOf = new Map<string, string[]>();
  for (const t of tasks) {
    if (t.children.length === 0) continue;
    for (const child of t.children.length === 1 ? t.children : new Set(t.children)) {
      const list = parentsOf.get(child);
      if (list) list.push(t.id);
      else parentsOf.set(child, [t.id]);
      if (!parentOf.has(child)) parentOf.set(child, t.id);
    }
  }
  for (const t of tasks)
    if (t.parent && !parentOf.has(t.id) && byId.has(t.parent)) parentOf.set(t.id, t.parent);
  const roots = tasks.filter((t) => !parentOf.has(t.id));
  return { byId, parentOf, parentsOf, roots };
}

/** Ancestors nearest first; stops on a cycle. */
export function ancestorsOf(h: Hierarchy, id: string): Task[] {
  const out: Task[] = [];
  const seen = new Set([id]);
  for (let p = h.parentOf.get(id); p && !seen.has(p); p = h.parentOf.get(p)) {
    seen.add(p);
    const t = h.byId.get(p);
    if (!t) break;
    out.push(t);
  }
  return out;
}

/** Children in their listed order (missing ids skipped). */
export const childrenOf = (h: Hierarchy, task: Task): Task[] =>
  task.children.map((c) => h.byId.get(c)).filter((t): t is Task => t !== undefined);

/** All descendants, depth first, each once (cycle-safe). */
export function descendantsOf(h: Hierarchy, task: Task): Task[] {
  const out: Task[] = [];
  const seen = new Set([task.id]);
  const walk = (t: Task) => {
    for (const c of childrenOf(h, t)) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push(c);
      walk(c);
    }
  };
  walk(task);
  return out;
}
