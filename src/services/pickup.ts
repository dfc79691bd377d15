// `pickup`: an agent's entry point — checks, promotes idea ancestors, starts the task and
// returns everything the agent needs to work (the context bundle).

import { EXIT, TaskplainError } from "../domain/errors.js";
import { compareForList } from "../domain/listing.js";
import { findTaskById } from "../storage/lookups.js";
import type { TaskRecord } from "../storage/repository.js";
import { type MutationOutcome, mutate } from "./changes.js";
import { applyState } from "./move.js";
import { assertNoDependencyCycle } from "./references.js";
import { getTask } from "./repo.js";
import { findParent } from "./show.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";

export interface PickupInput {
  id: string;
  force?: boolean;
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
}

export interface PickupResult {
  task: WrittenTask;
  ancestors: WrittenTask[];
  children: TaskRecord[];
  dependencies: { id: string; state: string | null; title?: string }[];
}

export async function pickupTask(root: string, input: PickupInput): Promise<MutationOutcome<PickupResult>> {
  const now = input.now ?? new Date().toISOString();
  return mutate(root, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(root, input.id, input.ifVersion);
    const { task } = record;
    const dependencies = await Promise.all(
      task.depends_on.map(async (id) => {
        const found = await findTaskById(root, id);
        return found && "record" in found
          ? { id, state: found.record.task.state as string | null, title: found.record.task.title }
          : { id, state: null };
      }),
    );
    if (!input.force) {
      const refuse = (code: string, message: string, hint: string) => {
        throw new TaskplainError(code, message, EXIT.refused, { hint, path: record.ref.relPath });
      };
      if (task.state !== "idea" && task.state !== "ready") {
        refuse(
          "not_pickable",
          `${task.id} is ${task.state}; only idea and ready tasks can be picked up`,
          `taskplain show ${task.id}   (or pickup --force)`,
        );
      }
      if (task.blocked)
        refuse(
          "task_blocked",
          `${task.id} is blocked: ${task.blocked}`,
          `taskplain update ${task.id} --unset blocked   (or pickup --force)`,
        );
      // a cycle is explained (with the edit that breaks it), never "pick up the other one first"
      await assertNoDependencyCycle(root, task.id, task.depends_on, "pickup");
      const unmet = dependencies.filter((d) => d.state !== "done");
      if (unmet.length > 0) {
        const startable = unmet.find((d) => d.state === "idea" || d.state === "ready");
        const missing = unmet.filter((d) => d.state === null).map((d) => d.id);
        const kept = task.depends_on.filter((d) => !missing.includes(d));
        refuse(
          "dependencies_unmet",
          `${task.id} depends on unfinished work: ${unmet.map((d) => `${d.id} (${d.state ?? "missing"})`).join(", ")}`,
          startable
            ? `taskplain pickup ${startable.id}   (or pickup --force)`
            : missing.length > 0
              ? kept.length === 0
                ? `taskplain update ${task.id} --unset depends_on`
                : `taskplain update ${task.id} --meta depends_on=${kept.join(",")}`
              : `taskplain show ${unmet[0]!.id}   (wait for it, or pickup --force)`,
        );
      }
    }
    // Ancestors nearest first; idea ones are promoted to ready.
    const ancestorRecords: TaskRecord[] = [];
    const seen = new Set([task.id]);
    for (let p = await findParent(root, record); p && !seen.has(p.task.id); p = await findParent(root, p)) {
      seen.add(p.task.id);
      ancestorRecords.push(p);
    }
    const ancestors = ancestorRecords.map((a) =>
      writeTask(
        changes,
        a,
        (file) => {
          if (a.task.state === "idea") applyState(file, "ready", now);
        },
        { now },
      ),
    );
    const written = writeTask(
      changes,
      record,
      (file) => {
        if (task.state !== "in-progress") applyState(file, "in-progress", now);
      },
      { now },
    );
    const children = (await Promise.all(task.children.map((id) => getTask(root, id).catch(() => null))))
      .filter((c): c is TaskRecord => c !== null)
      .sort((a, b) => compareForList(a.task, b.task));
    return { task: written, ancestors, children, dependencies };
  });
}
