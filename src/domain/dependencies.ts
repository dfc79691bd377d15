// `depends_on` as a graph: cycles (task-format.md "Files as people really write them":
// a dependency cycle is an error, a write that would make one is refused, and `next`
// and `pickup` explain it instead of waiting forever).

/** The part of a task this module needs. */
export interface DependencyNode {
  id: string;
  depends_on: readonly string[];
}

/**
 * Every dependency cycle, one per strongly connected group of tasks, each as a path
 * that starts and ends on the same id (`["a", "b", "a"]`; a task depending on itself
 * is `["c", "c"]`). Ids that name no task are ignored (that is `missing_dependency`).
 * Deterministic: groups and paths start at their smallest id. Linear in tasks + edges.
 * `byId`, when the caller has it, is the first task of each id among `tasks`.
 */
export function dependencyCycles(
  tasks: readonly DependencyNode[],
  byId?: ReadonlyMap<string, DependencyNode>,
): string[][] {
  return cycleGroups(tasks, byId).map((g) => g.path);
}

/** Tasks by id, the first of each id (as Hierarchy.byId holds them). */
function indexById(tasks: readonly DependencyNode[]): Map<string, DependencyNode> {
  const byId = new Map<string, DependencyNode>();
  for (const t of tasks) if (!byId.has(t.id)) byId.set(t.id, t);
  return byId;
}

function cycleGroups(
  tasks: readonly DependencyNode[],
  byId: ReadonlyMap<string, DependencyNode> = indexById(tasks),
): { path: string[]; members: string[] }[] {
  // A task with no dependency can close no cycle: it is left out of the graph entirely
  // (most tasks), so the search costs little more than one pass over the tasks.
  const inGraph = (id: string): boolean => (byId.get(id)?.depends_on.length ?? 0) > 0;

  const edgeCache = new Map<string, string[]>();
  const edges = (id: string): string[] => {
    let out = edgeCache.get(id);
    if (!out) {
      out = byId.get(id)!.depends_on.filter(inGraph);
      edgeCache.set(id, out);
    }
    return out;
  };
  // Only a task with an edge inside the graph can start a cycle (a few in most repositories)
  const starts: string[] = [];
  for (const t of tasks)
    if (t.depends_on.length > 0 && byId.get(t.id) === t && edges(t.id).length > 0) starts.push(t.id);
  // Tarjan's strongly connected components, iteratively (long chains must not overflow the stack).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let next = 0;
  for (const start of starts.sort()) {
    if (index.has(start)) continue;
    const work: { id: string; deps: string[]; i: number }[] = [];
    const open = (id: string) => {
      index.set(id, next);
      low.set(id, next);
      next += 1;
      stack.push(id);
      onStack.add(id);
      work.push({ id, deps: edges(id), i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      if (top.i < top.deps.length) {
        const dep = top.deps[top.i++]!;
        if (!index.has(dep)) open(dep);
        else if (onStack.has(dep)) low.set(top.id, Math.min(low.get(top.id)!, index.get(dep)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(top.id)!));
      if (low.get(top.id) === index.get(top.id)) {
        const group: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          group.push(member);
        } while (member !== top.id);
        if (group.length > 1 || edges(top.id).includes(top.id)) groups.push(group.sort());
      }
    }
  }
  return groups
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
    .map((members) => ({ path: cyclePath(members, edges), members }));
}

/** A shortest cycle through the group's smallest id, staying inside the group. */
function cyclePath(group: string[], edges: (id: string) => string[]): string[] {
  const members = new Set(group);
  const start = group[0]!;
  const from = new Map<string, string>();
  const queue = [start];
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k]!;
    for (const dep of edges(id)) {
      if (!members.has(dep)) continue;
      if (dep === start) {
        const path = [start];
        for (let at: string | undefined = id; at !== undefined && at !== start; at = from.get(at))
          path.splice(1, 0, at);
        return [...path, start];
      }
      if (!from.has(dep)) {
        from.set(dep, id);
        queue.push(dep);
      }
    }
  }
  return [start, start];
}

/** "a → b → a", or "c depends on itself" wording for a one-task cycle. */
export function describeCycle(cycle: readonly string[]): string {
  return cycle.length === 2 ? `${cycle[0]} depends on itself` : `depends_on cycle ${cycle.join(" → ")}`;
}

/**
 * The command that breaks a cycle: drop the edge from the cycle's first task to the
 * next one, keeping that task's other dependencies.
 */
export function breakCycleHint(cycle: readonly string[], dependsOnOfFirst: readonly string[]): string {
  const [first, second] = cycle as [string, string];
  const rest = dependsOnOfFirst.filter((d) => d !== second);
  return rest.length === 0
    ? `taskplain update ${first} --unset depends_on`
    : `taskplain update ${first} --meta depends_on=${rest.join(",")}`;
}

/**
 * Each task caught in a dependency cycle → that cycle's path (every member of its group).
 * `byId`, when the caller has it, is the first task of each id among `tasks`.
 */
export function cycleMembership(
  tasks: readonly DependencyNode[],
  byId?: ReadonlyMap<string, DependencyNode>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { path, members } of cycleGroups(tasks, byId)) for (const id of members) out.set(id, path);
  return out;
}
