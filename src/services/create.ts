// `new`: create a task file, derive its id, hook it under its parent.
import { newTaskBody, replaceSection } from "../domain/body.js";
import { CHILD_KIND, KIND_ARTICLE, KIND_PLURAL, type Kind, type State } from "../domain/enums.js";
import { TaskplainError, usageError } from "../domain/errors.js";
import { type IdSource as DerivedIdSource, deriveId, idProblem } from "../domain/ids.js";
import { assertChangeable } from "../domain/meta-input.js";
import { taskRelPath } from "../domain/paths.js";
import { idsInFileNames } from "../storage/lookups.js";
import type { TaskRecord } from "../storage/repository.js";
import { TaskFile } from "../storage/taskFile.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
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

/** `new`: the JSON view is the new task object. */
export async function createTask(ws: Workspace, input: CreateInput): Promise<Mutation<Created, TaskView>> {
  const title = input.title.trim();
  if (!title) throw usageError("the title must not be empty");
  if (/[\r\n]/.test(title)) throw usageError("the title must be a single line");
  if (input.id !== undefined) {
    const problem = idProblem(input.id);
    if (problem) throw new TaskplainError("invalid_id", `${problem} (ids look like fix-navbar)`);
  }
  for (const [key] of input.meta ?? []) {
    if (["id", "kind", "state", "title", "parent", "children", "priority"].includes(key)) {
      throw usageError(
        `set ${key} with its own flag (--${key === "children" ? "parent on the children" : key})`,
      );
    }
    assertChangeable(key, "set");
  }
  const fields = resolveFields(input.fields);
  const now = input.now ?? ws.nowIso();
  const outcome = await mutate(ws, { dryRun: input.dryRun }, async (changes) => {
    const taken = idsInFileNames(ws);
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
      if (taken(id)) throw new TaskplainError("id_taken", `id "${id}" is already used`, { id });
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
