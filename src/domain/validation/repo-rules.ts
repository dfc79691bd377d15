// Rules across files: ids, references and the hierarchy. Every check is linear in the
// number of tasks and references (ids are indexed once).
import { breakCycleHint, dependencyCycles, describeCycle } from "../dependencies.js";
import { CHILD_KIND, KIND_ARTICLE, KIND_PLURAL } from "../enums.js";
import { buildHierarchy } from "../hierarchy.js";
import { isOpen, type Task } from "../task.js";
import { type Finding, finding, withArticle } from "./finding.js";

/**
 * Every task field the rules across files read. A service may validate tasks holding
 * only these (a projection kept per file, services/projected.ts).
 */
export const REPO_RULE_FIELDS = [
  "id",
  "kind",
  "parent",
  "children",
  "state",
  "depends_on",
  "blocks",
] as const;
/** A task as the rules across files see it. */
export type RepoTask = Pick<Task, (typeof REPO_RULE_FIELDS)[number]>;

export interface RepoEntry {
  path: string;
  task: RepoTask;
}

/** The id lists whose every entry must name a task, and the finding a missing one gives. */
const MISSING_REFERENCE = [
  ["depends_on", "missing_dependency"],
  ["blocks", "missing_block_target"],
] as const;

/** The end of the message of a reference to an id no task holds (missing_child, missing_parent, …). */
const noTaskWith = (id: string): string => `no task with id ${JSON.stringify(id)}`;
const NO_TASK_WITH = /no task with id ("(?:[^"\\]|\\.)*")$/;

/** The id a finding says no task holds, when it is such a finding; undefined otherwise. */
export function missingReferenceId(f: Finding): string | undefined {
  const m = NO_TASK_WITH.exec(f.message);
  return m ? (JSON.parse(m[1]!) as string) : undefined;
}

export function validateRepository(entries: readonly RepoEntry[]): Finding[] {
  const out: Finding[] = [];
  const pathOf = new Map<string, string>();
  for (const { path, task } of entries) {
    const first = pathOf.get(task.id);
    if (first) {
      out.push(
        finding("duplicate_id", "error", path, `id "${task.id}" is also used by ${first}`, {
          field: "id",
          hint: "rename one of the two tasks' id and file",
        }),
      );
    } else pathOf.set(task.id, path);
  }
  const tasks = entries.map((e) => e.task);
  const h = buildHierarchy(tasks);
  // the file of a task, for findings about cycles and depth (few): indexed when first asked
  let byPath: Map<RepoTask, string> | undefined;
  const fileOf = (t: RepoTask) => {
    byPath ??= new Map(entries.map((e) => [e.task, e.path]));
    return byPath.get(t) ?? pathOf.get(t.id) ?? "";
  };

  for (const { path, task } of entries) {
    const seen = task.children.length > 0 ? new Set<string>() : undefined;
    if (seen)
      task.children.forEach((childId, i) => {
        const field = `children.${i}`;
        if (seen.has(childId)) {
          out.push(
            finding("duplicate_child", "error", path, `${field}: "${childId}" is listed twice`, {
              field,
              hint: `taskplain update ${task.id} --meta children=${[...new Set(task.children)].join(",")}`,
            }),
          );
          return;
        }
        seen.add(childId);
        const child = h.byId.get(childId);
        if (!child) {
          out.push(
            finding("missing_child", "error", path, `${field}: ${noTaskWith(childId)}`, {
              field,
              hint: dropListHint(task, "children", ...task.children.filter((c) => !h.byId.has(c))),
            }),
          );
          return;
        }
        const expected = CHILD_KIND[task.kind];
        if (child.kind !== expected) {
          const why = expected
            ? `${KIND_ARTICLE[task.kind]} ${task.kind}'s children must be ${KIND_PLURAL[expected]}`
            : "tasks have no children";
          out.push(
            finding(
              "invalid_child_kind",
              "error",
              path,
              `${field}: "${childId}" is ${withArticle(child.kind)}; ${why}`,
              {
                field,
                hint: dropChildHint(task, childId),
              },
            ),
          );
        }
      });
    const parents = h.parentsOf.get(task.id);
    if (parents && parents.length > 1) {
      out.push(
        finding(
          "multiple_parents",
          "error",
          path,
          `listed as a child by ${parents.join(", ")}; a task has at most one parent`,
          { hint: `taskplain adopt <parent> ${task.id}` },
        ),
      );
    }
    // a legacy `parent:` naming another task than the one listing it: two parents
    const listedBy = parents?.[0];
    if (task.parent && listedBy && task.parent !== listedBy && h.byId.has(task.parent)) {
      out.push(
        finding(
          "multiple_parents",
          "error",
          path,
          `listed as a child by ${listedBy}, but its legacy parent key names ${task.parent}; a task has at most one parent`,
          { field: "parent", hint: `taskplain update ${task.id} --unset parent` },
        ),
      );
    }
    if (task.parent && !h.byId.has(task.parent)) {
      out.push(
        finding("missing_parent", "error", path, `parent: ${noTaskWith(task.parent)}`, {
          field: "parent",
          hint: `taskplain update ${task.id} --unset parent`,
        }),
      );
    }
    for (const [key, code] of MISSING_REFERENCE) {
      const ids = task[key];
      for (let i = 0; i < ids.length; i++) {
        if (h.byId.has(ids[i]!)) continue;
        out.push(
          finding(code, "error", path, `${key}.${i}: ${noTaskWith(ids[i]!)}`, {
            field: `${key}.${i}`,
            hint: dropListHint(task, key, ...ids.filter((id) => !h.byId.has(id))),
          }),
        );
      }
    }
  }

  // depends_on cycles: reported once each, on the file of the cycle's first task.
  for (const cycle of dependencyCycles(tasks, h.byId)) {
    const first = h.byId.get(cycle[0]!)!;
    out.push(
      finding(
        "dependency_cycle",
        "error",
        fileOf(first),
        `${describeCycle(cycle)}: ${cycle.length === 2 ? "it" : "none of them"} can ever start`,
        { field: "depends_on", hint: breakCycleHint(cycle, first.depends_on) },
      ),
    );
  }

  // Cycles and depth: walk up from every task once, memoizing depth.
  const depth = new Map<string, number>();
  const reported = new Set<string>();
  const chain: string[] = [];
  const onChain = new Set<string>(); // the ids of `chain`, emptied after each walk
  for (const task of tasks) {
    chain.length = 0;
    let cur: string | undefined = task.id;
    while (cur && !depth.has(cur) && !onChain.has(cur)) {
      chain.push(cur);
      onChain.add(cur);
      cur = h.parentOf.get(cur);
    }
    const closesCycle = cur ? onChain.has(cur) : false;
    for (const id of chain) onChain.delete(id);
    let base = cur && depth.has(cur) ? depth.get(cur)! : 0;
    if (cur && closesCycle) {
      const cycle = chain.slice(chain.indexOf(cur));
      const key = [...cycle].sort().join(",");
      if (!reported.has(key)) {
        reported.add(key);
        const t = h.byId.get(cur)!;
        out.push(
          finding(
            "hierarchy_cycle",
            "error",
            fileOf(t),
            `children form a cycle: ${[...cycle, cur].join(" → ")}`,
            { field: "children", hint: dropChildHint(h.byId.get(cycle[1] ?? cur), cur) },
          ),
        );
      }
      for (const id of cycle) depth.set(id, 1);
      chain.length = chain.indexOf(cur);
      base = 1;
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      base += 1;
      depth.set(chain[k]!, base);
      if (base === 4) {
        const t = h.byId.get(chain[k]!)!;
        out.push(
          finding(
            "hierarchy_too_deep",
            "error",
            fileOf(t),
            "sits deeper than three levels (epic → story → task)",
            { hint: dropChildHint(h.byId.get(h.parentOf.get(t.id) ?? ""), t.id) },
          ),
        );
      }
    }
  }

  // State consistency between parents and children.
  for (const { path, task } of entries) {
    if (task.kind === "task" || task.children.length === 0) continue;
    const kids = task.children.map((c) => h.byId.get(c)).filter((t): t is RepoTask => t !== undefined);
    if (task.state === "done") {
      const open = descendantsOpen(task, h.byId);
      if (open.length > 0) {
        out.push(
          finding(
            "incomplete_descendant",
            "error",
            path,
            `is done while ${open
              .slice(0, 3)
              .map((t) => `${t.id} (${t.state})`)
              .join(
                ", ",
              )}${open.length > 3 ? " and more" : ""} ${open.length === 1 ? "is" : "are"} still open`,
            { hint: `taskplain move ${open[0]!.id} done` },
          ),
        );
      }
      const canceled = kids.filter((k) => k.state === "canceled");
      if (canceled.length > 0)
        out.push(
          finding(
            "state_drift",
            "warning",
            path,
            `is done but has canceled children: ${canceled.map((t) => t.id).join(", ")}`,
          ),
        );
    } else if (task.state === "idea") {
      const moving = kids.filter((k) => k.state === "done" || k.state === "in-progress");
      if (moving.length > 0)
        out.push(
          finding(
            "state_drift",
            "warning",
            path,
            `is still an idea while ${moving.map((t) => `${t.id} (${t.state})`).join(", ")} moved on`,
            { hint: `taskplain move ${task.id} ready` },
          ),
        );
    } else if (task.state === "canceled") {
      const active = kids.filter((k) => k.state === "ready" || k.state === "in-progress");
      if (active.length > 0)
        out.push(
          finding(
            "state_drift",
            "warning",
            path,
            `is canceled while ${active.map((t) => `${t.id} (${t.state})`).join(", ")} ${active.length === 1 ? "is" : "are"} active`,
          ),
        );
    }
  }
  return out;
}

function descendantsOpen(task: RepoTask, byId: Map<string, RepoTask>): RepoTask[] {
  const out: RepoTask[] = [];
  const seen = new Set([task.id]);
  const stack = [...task.children];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const t = byId.get(id);
    if (!t) continue;
    if (isOpen(t.state)) out.push(t);
    stack.push(...t.children);
  }
  return out;
}

/** The command that removes `child` from `parent`'s children (keeping the others). */
function dropChildHint(parent: RepoTask | undefined, child: string): string | undefined {
  return parent ? dropListHint(parent, "children", child) : undefined;
}

/** The command that removes `values` from a task's id list under `key`, keeping the rest. */
function dropListHint(
  task: RepoTask,
  key: "children" | "depends_on" | "blocks",
  ...values: string[]
): string {
  const rest = [...new Set(task[key].filter((v) => !values.includes(v)))];
  return rest.length === 0
    ? `taskplain update ${task.id} --unset ${key}`
    : `taskplain update ${task.id} --meta ${key}=${rest.join(",")}`;
}
