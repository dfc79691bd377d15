// `new`: create a task file, derive its id, hook it under its parent.
import { newTaskBody, replaceSection } from "../domain/body.js";
import { CHILD_KIND, KIND_ARTICLE, KIND_PLURAL, type Kind, type State } from "../domain/enums.js";
import { quoteInput, TaskplainError, usageError } from "../domain/errors.js";
import { type IdSource as DerivedIdSource, deriveId, idProblem } from "../domain/ids.js";
import { assertChangeable } from "../domain/meta-input.js";
import { taskRelPath } from "../domain/paths.js";
import { idsInFileNames } from "../storage/lookups.js";
import { peekOf } from "../storage/records.js";
import type { TaskRecord } from "../storage/repository.js";
import { TaskFile } from "../storage/taskFile.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { assertReferencesExist } from "./references.js";
import { getTask } from "./repo.js";
import { assertValidMeta, recordAt, resolveFields, writeTask } from "./task-write.js";
import { type Mutation, type TaskView, taskObject, withView } from "./views.js";

/** How the id was made: given explicitly, or derived (ids.ts). */
type IdSource = DerivedIdSource | "given";

export interface CreateInput {
  title: string;
  kind?: Kind;
  parent?: string;
  state?: State;
  id?: string;
  priority?: string;
  meta?: [string, unknown][];
  fields?: [string, string][];
  dryRun?: boolean;
  now?: string;
}

export interface Created {
  record: TaskRecord;
  parent: TaskRecord | null;
  /** how the id was made: given with --id, the title's slug, transliterated, or a hash fallback */
  id_source: IdSource;
}

/** Keys `new` sets through its own inputs; metadata pairs may set them the same way. */
const FLAG_KEYS = ["id", "title", "kind", "state", "parent", "priority"] as const;

/**
 * Folds metadata pairs for keys that have their own input into it (so `--meta
 * priority=high` works as `--priority high`); the same key given both ways with two
 * different values is a usage error.
 */
function foldFlagMeta(input: CreateInput): CreateInput {
  const out: CreateInput = { ...input, meta: [] };
  for (const [key, value] of input.meta ?? []) {
    if (!(FLAG_KEYS as readonly string[]).includes(key)) {
      out.meta!.push([key, value]);
      continue;
    }
    const k = key as (typeof FLAG_KEYS)[number];
    if (typeof value !== "string") throw usageError(`${key} expects a single value`);
    const given = out[k];
    if (given !== undefined && given !== value)
      throw usageError(
        `${key} is given twice (${quoteInput(String(given))} and ${quoteInput(value)}); give it once`,
      );
    (out as unknown as Record<string, unknown>)[k] = value;
  }
  return out;
}

/** `new`: the JSON view is the new task object. */
export async function createTask(ws: Workspace, given: CreateInput): Promise<Mutation<Created, TaskView>> {
  const input = foldFlagMeta(given);
  const title = input.title.trim();
  if (!title) throw usageError("the title must not be empty");
  if (/[\r\n]/.test(title)) throw usageError("the title must be a single line");
  if (input.id !== undefined) {
    const problem = idProblem(input.id);
    if (problem) throw new TaskplainError("invalid_id", `${problem} (ids look like fix-navbar)`);
  }
  for (const [key] of input.meta ?? []) {
    if (key === "children") {
      throw usageError("a new task starts without children; adopt them after creating it");
    }
    assertChangeable(key, "set");
  }
  const fields = resolveFields(input.fields);
  const now = input.now ?? ws.nowIso();
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    // ids are unique across every file, whatever it is called (a hand-named file too)
    const named = idsInFileNames(ws);
    const inside = new Set((await changes.repository()).records.map((r) => peekOf(r).id));
    const taken = (id: string) => named(id) || inside.has(id);
    for (const [key, value] of input.meta ?? []) await assertReferencesExist(ws, "the new task", key, value);
    const parent = input.parent ? await getTask(ws, input.parent) : null;
    const kind: Kind = input.kind ?? (parent ? (CHILD_KIND[parent.task.kind] ?? "task") : "task");
    if (parent) {
      const expected = CHILD_KIND[parent.task.kind];
      if (expected !== kind) {
        throw new TaskplainError(
          "invalid_child_kind",
          expected
            ? `${KIND_ARTICLE[parent.task.kind]} ${parent.task.kind}'s children must be ${KIND_PLURAL[expected]}, not ${KIND_PLURAL[kind]}`
            : `${parent.task.id} is a task; tasks have no children`,
          {
            id: parent.task.id,
            hint: expected ? `give it kind ${expected}` : "attach it to a story instead",
          },
        );
      }
    }
    let id = input.id;
    let idSource: IdSource = "given";
    if (id !== undefined) {
      if (taken(id)) throw new TaskplainError("id_taken", `id ${quoteInput(id)} is already used`, { id });
    } else {
      const derived = deriveId(title, taken, kind);
      if (!derived) throw usageError("cannot derive a free id from this title; give an id");
      id = derived.id;
      idSource = derived.source;
    }
    const state = input.state ?? "idea";
    const data: Record<string, unknown> = {
      id,
      title,
      kind,
      state,
      priority: input.priority ?? "normal",
      created_at: now,
      updated_at: now,
    };
    for (const [key, value] of input.meta ?? []) {
      if (value === null || (Array.isArray(value) && value.length === 0)) continue;
      data[key] = value;
    }
    if (state === "done") data.completed_at = now;
    data.last_activity_at = now;
    const file = TaskFile.create({}, newTaskBody());
    for (const [k, v] of Object.entries(data)) file.set(k, v);
    file.reorderCanonical();
    for (const [section, text] of fields) file.body = replaceSection(file.body, section, text);
    assertValidMeta(file.data(), id);
    const rel = taskRelPath(state, kind, id, data.completed_at as string | undefined);
    const text = file.toString();
    changes.write(rel, text, true);
    let parentAfter: TaskRecord | null = null;
    if (parent) {
      const written = writeTask(
        changes,
        parent,
        (pf) => {
          const current = (pf.get("children") as string[] | undefined) ?? [];
          pf.set("children", [...current, id]);
        },
        { now },
      );
      parentAfter = written.after;
    }
    return { record: recordAt(ws.root, rel, text), parent: parentAfter, id_source: idSource };
  });
  return withView(outcome, (r) => taskObject(r.record));
}
