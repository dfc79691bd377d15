// `adopt`: re-parent or reorder a child (kind pairing enforced, old parent updated).
import { CHILD_KIND, KIND_ARTICLE, KIND_PLURAL } from "../domain/enums.js";
import { TaskplainError, usageError } from "../domain/errors.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { descendantRecords, findParent, listingParents, removeReferences } from "./hierarchy.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";
import { type Mutation, type TaskView, withView, writtenView } from "./views.js";

export interface AdoptView {
  parent: TaskView;
  child: TaskView;
  previous_parent: string | null;
}

export interface AdoptInput {
  parent: string;
  child: string;
  /** refuse when the child changed since this version was read */
  ifVersion?: string;
  before?: string;
  after?: string;
  dryRun?: boolean;
  now?: string;
}

export interface AdoptResult {
  parent: WrittenTask;
  child: WrittenTask;
  previousParent: string | null;
}

/** `adopt`: the JSON view is `{parent, child, previous_parent}` (task objects after the change). */
export async function adoptTask(ws: Workspace, input: AdoptInput): Promise<Mutation<AdoptResult, AdoptView>> {
  if (input.before && input.after) throw usageError("give a sibling to go before or after, not both");
  if (input.parent === input.child) throw usageError("a task cannot adopt itself");
  const now = input.now ?? ws.nowIso();
  // Old parents are looked for among files named for a parent's kind (hierarchy.ts). One
  // whose file name names another kind is missed, and the write checks then refuse the
  // change as a second parent: look through every file and plan again.
  const plan = (wide: boolean) =>
    mutate(ws, { dryRun: input.dryRun }, async (changes) => {
      const parent = await loadForWrite(ws, input.parent);
      const child = await loadForWrite(ws, input.child, input.ifVersion);
      const expected = CHILD_KIND[parent.task.kind];
      if (expected !== child.task.kind) {
        throw new TaskplainError(
          "invalid_child_kind",
          expected
            ? `${KIND_ARTICLE[parent.task.kind]} ${parent.task.kind}'s children must be ${KIND_PLURAL[expected]}; ${child.task.id} is ${KIND_ARTICLE[child.task.kind]} ${child.task.kind}`
            : `${parent.task.id} is a task; tasks have no children`,
          { hint: "epic → story → task" },
        );
      }
      const below = await descendantRecords(ws, child);
      if (below.some((d) => d.task.id === parent.task.id)) {
        throw new TaskplainError(
          "hierarchy_cycle",
          `${parent.task.id} sits under ${child.task.id}; adopting would make a cycle`,
        );
      }
      // every other task listing the child lets go of it: a task has one parent
      const others = (await listingParents(ws, child, { anyName: wide })).filter(
        (m) => m.task.id !== parent.task.id,
      );
      const old = others[0] ?? (await findParent(ws, child)); // else the legacy `parent` key's
      const sibling = input.before ?? input.after;
      if (sibling && !parent.task.children.includes(sibling)) {
        throw usageError(`${sibling} is not a child of ${parent.task.id}`, { id: parent.task.id });
      }
      for (const other of others) {
        writeTask(
          changes,
          other,
          (file) => removeReferences(file, other.task, ["children"], new Set([child.task.id])),
          { now },
        );
      }
      const list = parent.task.children.filter((id) => id !== child.task.id);
      let at = list.length;
      if (sibling) at = list.indexOf(sibling) + (input.after ? 1 : 0);
      list.splice(at, 0, child.task.id);
      const writtenParent = writeTask(
        changes,
        parent,
        (file) => {
          if (JSON.stringify(list) !== JSON.stringify(parent.task.children)) file.set("children", list);
        },
        { now },
      );
      const writtenChild = writeTask(
        changes,
        child,
        (file) => {
          if (file.has("parent")) file.delete("parent");
        },
        { now },
      );
      return { parent: writtenParent, child: writtenChild, previousParent: old?.task.id ?? null };
    });
  const outcome = await plan(false).catch((error) => {
    if (error instanceof TaskplainError && error.code === "multiple_parents") return plan(true);
    throw error;
  });
  return withView(outcome, (r) => ({
    parent: writtenView(r.parent),
    child: writtenView(r.child),
    previous_parent: r.previousParent,
  }));
}
