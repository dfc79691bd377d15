// `delete`: remove a task file and the references other tasks hold to it.
import { TaskplainError } from "../domain/errors.js";
import { findMentioning } from "../storage/lookups.js";
import type { TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { removeReferences } from "./hierarchy.js";
import { guardLease } from "./lease-guard.js";
import { checkVersion, getTask } from "./repo.js";
import { type WrittenTask, writeTask } from "./task-write.js";
import { type Mutation, withView } from "./views.js";

export interface DeleteView {
  deleted: { id: string; path: string };
  cleaned: string[];
}

export interface DeleteInput {
  id: string;
  /** also remove references, and delete even under someone else's live lease */
  force?: boolean;
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
}

export interface DeleteResult {
  deleted: TaskRecord;
  cleaned: WrittenTask[];
}

/** `delete`: the JSON view is `{deleted: {id, path}, cleaned: [ids whose references were removed]}`. */
export async function deleteTask(
  ws: Workspace,
  input: DeleteInput,
): Promise<Mutation<DeleteResult, DeleteView>> {
  const now = input.now ?? ws.nowIso();
  await guardLease(ws, input.id, { force: input.force });
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const record = await getTask(ws, input.id);
    checkVersion(record, input.ifVersion);
    const id = record.task.id;
    const mentions = await findMentioning(ws, id, record.ref.relPath);
    const referrers = mentions.filter((m) => m.task.depends_on.includes(id) || m.task.blocks.includes(id));
    if (!input.force && (record.task.children.length > 0 || referrers.length > 0)) {
      const why = [
        record.task.children.length > 0 ? `it has children (${record.task.children.join(", ")})` : "",
        referrers.length > 0
          ? `${referrers.map((r) => r.task.id).join(", ")} name${referrers.length === 1 ? "s" : ""} it in depends_on or blocks`
          : "",
      ].filter(Boolean);
      throw new TaskplainError("task_referenced", `${id} cannot be deleted: ${why.join("; ")}`, {
        id,
      });
    }
    const cleaned: WrittenTask[] = [];
    for (const m of mentions) {
      if (![m.task.children, m.task.depends_on, m.task.blocks].some((list) => list.includes(id))) continue;
      cleaned.push(
        writeTask(
          changes,
          m,
          (file) => removeReferences(file, m.task, ["children", "depends_on", "blocks"], new Set([id])),
          { now, validate: false },
        ),
      );
    }
    changes.delete(record.ref.relPath);
    return { deleted: record, cleaned };
  });
  return withView(outcome, (r) => ({
    deleted: { id: r.deleted.task.id, path: r.deleted.ref.relPath },
    cleaned: r.cleaned.map((c) => c.task.id),
  }));
}
