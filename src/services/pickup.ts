// `pickup`: an agent's entry point — checks, promotes idea ancestors, starts the task and
// returns everything the agent needs to work (the context bundle).

import { type ErrorCode, TaskplainError } from "../domain/errors.js";
import { compareForList } from "../domain/listing.js";
import { PathHolders } from "../domain/path-holders.js";
import { holdsPaths } from "../domain/ranking.js";
import { type Finding, finding } from "../domain/validation/finding.js";
import { findTaskById } from "../storage/lookups.js";
import type { TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { ancestorsOf } from "./hierarchy.js";
import { guardLease, type LeaseCheck } from "./lease-guard.js";
import { assertNoDependencyCycle } from "./references.js";
import { getTask, loadAll } from "./repo.js";
import { loadForWrite, type WrittenTask, writeTask } from "./task-write.js";
import { applyState } from "./transitions.js";
import { type Mutation, type TaskView, taskObject, withView, writtenWithBody } from "./views.js";

export interface PickupInput {
  id: string;
  force?: boolean;
  ifVersion?: string;
  dryRun?: boolean;
  now?: string;
  /** whose lease allows this (leases.md); `force` also overrides someone else's lease */
  lease?: LeaseCheck;
}

export interface PickupResult {
  task: WrittenTask;
  ancestors: WrittenTask[];
  children: TaskRecord[];
  dependencies: { id: string; state: string | null; title?: string }[];
  /** the task was in progress already: the bundle was printed and nothing changed */
  resumed: boolean;
}

export interface PickupView {
  task: TaskView;
  ancestors: TaskView[];
  children: TaskView[];
  dependencies: PickupResult["dependencies"];
  /** true when the task was in progress already and nothing was written */
  resumed: boolean;
}

/** `pickup`: the JSON view is the context bundle (task and ancestors with bodies, ranked children, dependencies). */
export async function pickupTask(
  ws: Workspace,
  input: PickupInput,
): Promise<Mutation<PickupResult, PickupView>> {
  const now = input.now ?? ws.nowIso();
  await guardLease(ws, input.id, { ...input.lease, force: input.force || input.lease?.force });
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const record = await loadForWrite(ws, input.id, input.ifVersion);
    const { task } = record;
    const dependencies = await Promise.all(
      task.depends_on.map(async (id) => {
        const found = await findTaskById(ws, id);
        return found && "record" in found
          ? { id, state: found.record.task.state as string | null, title: found.record.task.title }
          : { id, state: null };
      }),
    );
    // Already in progress: a resume (agents.md) — same bundle, nothing written.
    const resumed = task.state === "in-progress";
    if (!input.force && !resumed) {
      const refuse = (code: ErrorCode, message: string, details?: unknown) => {
        throw new TaskplainError(code, message, { id: task.id, path: record.ref.relPath, details });
      };
      if (task.state !== "idea" && task.state !== "ready") {
        refuse(
          "not_pickable",
          `${task.id} is ${task.state}; only idea and ready tasks can be picked up (in-progress ones are resumed)`,
        );
      }
      if (task.blocked) refuse("task_blocked", `${task.id} is blocked: ${task.blocked}`);
      // a cycle is explained (with the edit that breaks it), never "pick up the other one first"
      await assertNoDependencyCycle(ws, task.id, task.depends_on, "pickup");
      const unmet = dependencies.filter((d) => d.state !== "done");
      if (unmet.length > 0) {
        refuse(
          "dependencies_unmet",
          `${task.id} depends on unfinished work: ${unmet.map((d) => `${d.id} (${d.state ?? "missing"})`).join(", ")}`,
          { unmet: unmet.map((d) => d.id) },
        );
      }
    }
    // Ancestors nearest first; idea ones are promoted to ready.
    const ancestorRecords = await ancestorsOf(ws, record);
    const ancestors = ancestorRecords.map((a) =>
      writeTask(
        changes,
        a,
        (file) => {
          if (a.task.state === "idea" && !resumed) applyState(file, "ready", now);
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
    const children = (await Promise.all(task.children.map((id) => getTask(ws, id).catch(() => null))))
      .filter((c): c is TaskRecord => c !== null)
      .sort((a, b) => compareForList(a.task, b.task));
    return { task: written, ancestors, children, dependencies, resumed };
  });
  if (!outcome.result.resumed) outcome.warnings.push(...(await pathsInUse(ws, outcome.result.task.after)));
  return withView(outcome, (r) => ({
    task: writtenWithBody(r.task),
    ancestors: r.ancestors.map(writtenWithBody),
    children: r.children.map((c) => taskObject(c)),
    dependencies: r.dependencies,
    resumed: r.resumed,
  }));
}

/**
 * A warning when the picked task's `touches` overlap work already in progress — what
 * `next` would have skipped it for (cli.md "next"). The pickup still happens: a person may
 * mean it; an agent learns it should coordinate. Reads the in-progress folder only.
 */
async function pathsInUse(ws: Workspace, picked: TaskRecord): Promise<Finding[]> {
  if (!holdsPaths(picked.task)) return [];
  const busy = await loadAll(ws, { cache: true, states: ["in-progress"] });
  const holders = new PathHolders();
  for (const r of busy.records) if (r.task.id !== picked.task.id && holdsPaths(r.task)) holders.add(r.task);
  const clashes = holders.clashes(picked.task);
  if (clashes.length === 0) return [];
  const shown = clashes.slice(0, 3).map((c) => c.why);
  const more = clashes.length > 3 ? ` (and ${clashes.length - 3} more)` : "";
  return [
    finding(
      "touches_in_use",
      "warning",
      picked.ref.relPath,
      `its touches overlap work in progress: ${shown.join("; ")}${more}`,
      { hint: "coordinate with that work, or taskplain next for tasks free to run now" },
    ),
  ];
}
