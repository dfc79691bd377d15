// `adopt` and `delete`: changes to the hierarchy and to references between tasks.
import { CHILD_KIND, KIND_ARTICLE, KIND_PLURAL } from "../domain/enums.js";
import { EXIT, TaskplainError, usageError } from "../domain/errors.js";
import { findMentioning } from "../storage/lookups.js";
import type { TaskRecord } from "../storage/repository.js";
import { type MutationOutcome, mutate } from "./changes.js";
import { descendantRecords } from "./move.js";
import { getTask } from "./repo.js";
import { findParent } from "./show.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";

export interface AdoptInput {
  parent: string;
  child: string;
  before?: string;
  after?: string;
  dryRun?: boolean;
  now?: string;
}

export async function adoptTask(
  root: string,
  input: AdoptInput,
): Promise<MutationOutcome<{ parent: WrittenTask; child: WrittenTask; previousParent: string | null }>> {
  if (input.before && input.after) throw usageError("give --before or --after, not both");
  if (input.parent === input.child) throw usageError("a task cannot adopt itself");
  const now = input.now ?? new Date().toISOString();
  return mutate(root, { dryRun: input.dryRun }, async (changes) => {
    const parent = await loadForWrite(root, input.parent);
    const child = await loadForWrite(root, input.child);
    const expected = CHILD_KIND[parent.task.kind];
    if (expected !== child.task.kind) {
      throw new TaskplainError(
        "invalid_child_kind",
        expected
          ? `${KIND_ARTICLE[parent.task.kind]} ${parent.task.kind}'s children must be ${KIND_PLURAL[expected]}; ${child.task.id} is ${KIND_ARTICLE[child.task.kind]} ${child.task.kind}`
          : `${parent.task.id} is a task; tasks have no children`,
        EXIT.refused,
        { hint: "epic → story → task" },
      );
    }
    const below = await descendantRecords(root, child);
    if (below.some((d) => d.task.id === parent.task.id)) {
      throw new TaskplainError(
        "hierarchy_cycle",
        `${parent.task.id} sits under ${child.task.id}; adopting would make a cycle`,
        EXIT.refused,
      );
    }
    const old = await findParent(root, child);
    const sibling = input.before ?? input.after;
    if (sibling && !parent.task.children.includes(sibling)) {
      throw usageError(`${sibling} is not a child of ${parent.task.id}`, `taskplain show ${parent.task.id}`);
    }
    if (old && old.task.id !== parent.task.id) {
      writeTask(
        changes,
        old,
        (file) => {
          const rest = old.task.children.filter((id) => id !== child.task.id);
          if (rest.length > 0) file.set("children", rest);
          else file.delete("children");
        },
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
}

export interface DeleteInput {
  id: string;
  force?: boolean;
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
}

export interface DeleteResult {
  deleted: TaskRecord;
  cleaned: WrittenTask[];
}

export async function deleteTask(root: string, input: DeleteInput): Promise<MutationOutcome<DeleteResult>> {
  const now = input.now ?? new Date().toISOString();
  return mutate(root, { dryRun: input.dryRun }, async (changes) => {
    const record = await getTask(root, input.id);
    const { checkVersion } = await import("./repo.js");
    checkVersion(record, input.ifVersion);
    const id = record.task.id;
    const mentions = await findMentioning(root, id, record.ref.relPath);
    const referrers = mentions.filter((m) => m.task.depends_on.includes(id) || m.task.blocks.includes(id));
    if (!input.force && (record.task.children.length > 0 || referrers.length > 0)) {
      const why = [
        record.task.children.length > 0 ? `it has children (${record.task.children.join(", ")})` : "",
        referrers.length > 0
          ? `${referrers.map((r) => r.task.id).join(", ")} name${referrers.length === 1 ? "s" : ""} it in depends_on or blocks`
          : "",
      ].filter(Boolean);
      throw new TaskplainError(
        "task_referenced",
        `${id} cannot be deleted: ${why.join("; ")}`,
        EXIT.refused,
        {
          hint: `taskplain delete ${id} --force   (also removes those references; children become roots)`,
        },
      );
    }
    const cleaned: WrittenTask[] = [];
    for (const m of mentions) {
      const inChildren = m.task.children.includes(id);
      const inDeps = m.task.depends_on.includes(id);
      const inBlocks = m.task.blocks.includes(id);
      if (!inChildren && !inDeps && !inBlocks) continue;
      cleaned.push(
        writeTask(
          changes,
          m,
          (file) => {
            for (const [key, has] of [
              ["children", inChildren],
              ["depends_on", inDeps],
              ["blocks", inBlocks],
            ] as const) {
              if (!has) continue;
              const rest = (m.task[key] as string[]).filter((x) => x !== id);
              if (rest.length > 0) file.set(key, rest);
              else file.delete(key);
            }
          },
          { now, validate: false },
        ),
      );
    }
    changes.delete(record.ref.relPath);
    return { deleted: record, cleaned };
  });
}
