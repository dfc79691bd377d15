// Cross-file checks of a single write (task-format.md "Writes keep the repository
// valid"): a change whose result would name a missing task or close a depends_on cycle
// is refused before anything is written. Lookups go by file name (no full parse).
import { describeCycle } from "../domain/dependencies.js";
import { ID_PATTERN } from "../domain/enums.js";
import { quoteInput, TaskplainError } from "../domain/errors.js";
import { findTaskById } from "../storage/lookups.js";
import type { Workspace } from "../storage/workspace.js";

/** Keys whose values are ids of other tasks, and the finding a missing one would be. */
const REFERENCE_KEYS: Record<string, string> = {
  depends_on: "missing_dependency",
  blocks: "missing_block_target",
  children: "missing_child",
};

/**
 * Refuses (exit 1) when `ids` under `key` add a name of a task that does not exist, or
 * name the task itself where it cannot. Ids already in `current` are not new: keeping
 * them adds no error (the repair may be one step of several).
 */
export async function assertReferencesExist(
  ws: Workspace,
  id: string,
  key: string,
  ids: unknown,
  current: unknown = undefined,
): Promise<void> {
  const code = REFERENCE_KEYS[key];
  if (!code || !Array.isArray(ids)) return;
  const kept = new Set(Array.isArray(current) ? current : []);
  const missing: string[] = [];
  for (const ref of ids) {
    // not an id at all: the schema check refuses it with its own (clipped) message
    if (typeof ref !== "string" || kept.has(ref) || !ID_PATTERN.test(ref)) continue;
    if (ref === id && key !== "depends_on") {
      throw new TaskplainError("invalid_reference", `${id} cannot list itself in ${key}`, { id });
    }
    if (ref === id) continue; // a self-dependency is a cycle: reported by assertNoDependencyCycle
    const found = await findTaskById(ws, ref).catch(() => null);
    if (!found) missing.push(ref);
  }
  if (missing.length > 0) {
    throw new TaskplainError(
      code as "missing_dependency" | "missing_block_target" | "missing_child",
      `${key} of ${id} would name ${missing.length === 1 ? "a task that does not exist" : "tasks that do not exist"}: ${missing.map((m) => quoteInput(m)).join(", ")}`,
      { id, details: { missing } },
    );
  }
}

/**
 * Refuses (exit 1, `dependency_cycle`) when giving task `id` these `depends_on` would
 * make it wait on itself, directly or through other tasks.
 */
export async function assertNoDependencyCycle(
  ws: Workspace,
  id: string,
  dependsOn: unknown,
  /** "pickup" words the refusal for a task that already has the cycle */
  context: "write" | "pickup" = "write",
): Promise<void> {
  if (!Array.isArray(dependsOn)) return;
  const from = new Map<string, string>();
  const queue: string[] = [];
  for (const dep of dependsOn) {
    if (typeof dep !== "string" || from.has(dep)) continue;
    from.set(dep, id);
    queue.push(dep);
  }
  for (let k = 0; k < queue.length; k++) {
    const at = queue[k]!;
    if (at === id) {
      const path = [id];
      for (let p = from.get(id); p !== undefined && p !== id; p = from.get(p)) path.unshift(p);
      const cycle = [id, ...path];
      const deps = (dependsOn as unknown[]).filter((d): d is string => typeof d === "string");
      throw new TaskplainError(
        "dependency_cycle",
        context === "pickup"
          ? `${id} can never start: ${describeCycle(cycle)}`
          : `${id} cannot depend on ${[...new Set(deps)].join(", ")}: ${describeCycle(cycle)}`,
        {
          id,
          // what breaks the cycle: the task's own dependencies without the one that closes it
          details: {
            cycle,
            remaining_depends_on: deps.filter((d) => d !== cycle[1]),
            existing: context === "pickup",
          },
        },
      );
    }
    const found = await findTaskById(ws, at).catch(() => null);
    if (!found || !("record" in found)) continue;
    for (const dep of found.record.task.depends_on) {
      if (from.has(dep)) continue;
      from.set(dep, at);
      queue.push(dep);
    }
  }
}
