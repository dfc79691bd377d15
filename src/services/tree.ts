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
  const node = (t: Task): TreeNode | null => {
    if (seen.has(t.id)) return null;
    seen.add(t.id);
    const rec = byTask.get(t)!;
    const ac = acceptanceOf(rec);
    const kids = t.children
      .map((c) => h.byId.get(c))
      .filter((c): c is Task => c !== undefined)
      .map(node)
      .filter((n): n is TreeNode => n !== null)
      .filter((n) => !options.open || isOpen(n.state as Task["state"]) || n.children.length > 0);
    return {
      id: t.id,
      title: t.title,
      kind: t.kind,
      state: t.state,
      acceptance: ac,
      ...(t.blocked ? { blocked: t.blocked } : {}),
      children: kids,
    };
  };
  const starts = options.id ? [h.byId.get(options.id)!] : [...h.roots].sort(compareForList);
  return starts
    .map(node)
    .filter((n): n is TreeNode => n !== null)
    .filter((n) => !options.open || isOpen(n.state as Task["state"]) || n.children.length > 0);
}
