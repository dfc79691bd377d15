// The task hierarchy, indexed once: who is whose parent, ancestors, descendants.
import type { Task } from "./task.js";

/** The fields a hierarchy is built from; any task shape holding them can be indexed. */
export type HierarchyTask = Pick<Task, "id" | "parent" | "children">;

export interface Hierarchy<T extends HierarchyTask = Task> {
  byId: Map<string, T>;
  /** child id → parent id (first parent listing it; legacy `parent` when no list names it) */
  parentOf: Map<string, string>;
  /** child id → every parent listing it, in task order (validate reports more than one) */
  readonly parentsOf: Map<string, string[]>;
  /** tasks without a parent, in task order */
  readonly roots: T[];
}

/** The index; the lists few callers need (parentsOf, roots) are built on first use. */
class TaskHierarchy<T extends HierarchyTask> implements Hierarchy<T> {
  readonly byId = new Map<string, T>();
  readonly parentOf = new Map<string, string>();
  private parents: Map<string, string[]> | undefined;
  private rootList: T[] | undefined;

  constructor(private readonly tasks: readonly T[]) {
    const { byId, parentOf } = this;
    for (const t of tasks) if (!byId.has(t.id)) byId.set(t.id, t);
    for (const t of tasks) {
      for (const child of t.children) if (!parentOf.has(child)) parentOf.set(child, t.id);
    }
    for (const t of tasks)
      if (t.parent && !parentOf.has(t.id) && byId.has(t.parent)) parentOf.set(t.id, t.parent);
  }

  get parentsOf(): Map<string, string[]> {
    if (!this.parents) {
      this.parents = new Map();
      for (const t of this.tasks) {
        if (t.children.length === 0) continue;
        for (const child of t.children.length === 1 ? t.children : new Set(t.children)) {
          const list = this.parents.get(child);
          if (list) list.push(t.id);
          else this.parents.set(child, [t.id]);
        }
      }
    }
    return this.parents;
  }

  get roots(): T[] {
    this.rootList ??= this.tasks.filter((t) => !this.parentOf.has(t.id));
    return this.rootList;
  }
}

/** Indexes `tasks` (the array is kept: parentsOf and roots read it when first asked). */
export function buildHierarchy<T extends HierarchyTask>(tasks: readonly T[]): Hierarchy<T> {
  return new TaskHierarchy(tasks);
}

/** Ancestors nearest first; stops on a cycle. */
export function ancestorsOf<T extends HierarchyTask>(h: Hierarchy<T>, id: string): T[] {
  const out: T[] = [];
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
export const childrenOf = <T extends HierarchyTask>(h: Hierarchy<T>, task: T): T[] =>
  task.children.map((c) => h.byId.get(c)).filter((t): t is T => t !== undefined);

/** All descendants, depth first, each once (cycle-safe). */
export function descendantsOf<T extends HierarchyTask>(h: Hierarchy<T>, task: T): T[] {
  const out: T[] = [];
  const seen = new Set([task.id]);
  const walk = (t: T) => {
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
