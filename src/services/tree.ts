// `tree`: the hierarchy with state and acceptance progress.
import { buildHierarchy } from "../domain/hierarchy.js";
import { compareForList } from "../domain/listing.js";
import { isOpen, type Task } from "../domain/task.js";
import type { TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { acceptanceOf, getTask, loadAll } from "./repo.js";

export interface TreeNode {
  id: string;
  title: string;
  kind: string;
  state: string;
  acceptance: { checked: number; total: number };
  /** the reason when the task is blocked */
  blocked?: string;
  children: TreeNode[];
  /** set on a node whose `children` lead back to a task already shown above it: where the cycle is */
  cycle?: string;
}

/** `tree`'s view: the hierarchy from the roots (or from `id`), nested; throws task_not_found for `id`. */
export async function buildTree(
  ws: Workspace,
  options: { id?: string; open?: boolean },
): Promise<TreeNode[]> {
  if (options.id) await getTask(ws, options.id); // exit 6 / 3 with the usual messages
  const repo = await loadAll(ws, { cache: true });
  const byTask = new Map<Task, TaskRecord>(repo.records.map((r) => [r.task, r]));
  const h = buildHierarchy(repo.records.map((r) => r.task));
  const seen = new Set<string>();
  const path: string[] = [];
  const node = (t: Task): TreeNode | null => {
    if (seen.has(t.id)) return null;
    seen.add(t.id);
    path.push(t.id);
    const rec = byTask.get(t)!;
    const ac = acceptanceOf(rec);
    const loops = t.children.filter((c) => path.includes(c));
    const kids = t.children
      .map((c) => h.byId.get(c))
      .filter((c): c is Task => c !== undefined)
      .map(node)
      .filter((n): n is TreeNode => n !== null)
      .filter((n) => !options.open || isOpen(n.state as Task["state"]) || n.children.length > 0);
    path.pop();
    const out: TreeNode = {
      id: t.id,
      title: t.title,
      kind: t.kind,
      state: t.state,
      acceptance: ac,
      ...(t.blocked ? { blocked: t.blocked } : {}),
      children: kids,
    };
    if (loops.length > 0)
      out.cycle = `children cycle: ${t.id} lists ${loops.join(", ")}, which ${loops.length === 1 ? "is" : "are"} above it`;
    return out;
  };
  const starts = options.id ? [h.byId.get(options.id)!] : [...h.roots].sort(compareForList);
  const rootSet = new Set(h.roots);
  // Tasks only reachable through a children cycle have no root: shown after the roots,
  // each cycle from its first task in list order, so every task appears once.
  const orphans = options.id ? [] : [...h.byId.values()].filter((t) => !rootSet.has(t)).sort(compareForList);
  return [...starts, ...orphans]
    .map(node)
    .filter((n): n is TreeNode => n !== null)
    .filter((n) => !options.open || isOpen(n.state as Task["state"]) || n.children.length > 0);
}
