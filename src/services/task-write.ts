// The write path shared by every command that changes one task: read it fresh inside
// the lock, check --if-version, apply the change to its parsed file, validate the
// result, refresh its timestamps and record the write (and move) in the ChangeSet.

import nodePath from "node:path";
import { resolveSectionId } from "../domain/body.js";
import { quoteInput, TaskplainError, usageError } from "../domain/errors.js";
import { stateOfFolder, taskRelPath } from "../domain/paths.js";
import { taskMetaSchema } from "../domain/schema.js";
import { normalizeTask, type Task } from "../domain/task.js";
import { validateTaskFile } from "../domain/validation/file-rules.js";
import { isBroken, parseRecord, type TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import type { ChangeSet } from "./changes.js";
import { checkVersion, getTask } from "./repo.js";

export interface WrittenTask {
  record: TaskRecord;
  /** the record as it will be on disk after the change */
  after: TaskRecord;
  /** the task after the change */
  task: Task;
  path: string;
  text: string;
  changed: boolean;
}

interface SchemaIssue {
  key: string;
  text: string;
}

function schemaIssues(data: Record<string, unknown>): SchemaIssue[] {
  const result = taskMetaSchema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((i) => ({
    key: `${i.path.join(".")}|${i.code}`,
    text: `${i.path.join(".") || "frontmatter"}: ${i.message}`,
  }));
}

/**
 * Refuses a change whose result would not satisfy the schema (every problem listed).
 * When the file already had schema errors (`before`), a change is a repair and is
 * accepted when it fixes at least one of them and adds none (task-format.md: "every
 * problem has a working repair path").
 */
export function assertValidMeta(
  data: Record<string, unknown>,
  id: string,
  before: Record<string, unknown> | undefined = undefined,
): void {
  const issues = schemaIssues(data);
  if (issues.length === 0) return;
  const old = before ? schemaIssues(before) : [];
  if (old.length > 0) {
    const known = new Set(old.map((i) => i.key));
    const added = issues.filter((i) => !known.has(i.key));
    if (added.length === 0 && issues.length < old.length) return;
    if (added.length === 0) {
      throw new TaskplainError(
        "invalid_task",
        `${id} has schema errors and this change repairs none of them: ${issues.map((i) => i.text).join("; ")}`,
        { id, details: { problems: issues.map((i) => i.text) } },
      );
    }
  }
  const problems = issues.map((i) => i.text);
  throw new TaskplainError(
    "validation_failed",
    `the change would make ${id} invalid: ${problems.join("; ")}`,
    { details: problems, id },
  );
}

/** A task a change leaves as it is: nothing planned, `changed: false`. */
export const unchanged = (record: TaskRecord): WrittenTask => ({
  record,
  after: record,
  task: record.task,
  path: record.ref.relPath,
  text: record.text,
  changed: false,
});

/**
 * Applies `edit` to a record's file and records the result. Writes nothing when the
 * edit changed nothing (no timestamp churn). Moves the file when state/completed_at
 * imply another path.
 */
export function writeTask(
  changes: ChangeSet,
  record: TaskRecord,
  edit: (file: TaskRecord["file"]) => void,
  options: { now: string; validate?: boolean },
): WrittenTask {
  const file = record.file;
  const before = record.raw;
  edit(file);
  if (!file.isChanged()) return unchanged(record);
  file.set("updated_at", options.now);
  file.set("last_activity_at", options.now);
  const data = file.data();
  if (options.validate !== false) assertValidMeta(data, record.task.id, before);
  const task = normalizeTask(data, { id: record.task.id, kind: record.task.kind, state: record.task.state });
  const path = taskRelPath(task.state, task.kind, task.id, task.completed_at);
  if (path !== record.ref.relPath) changes.move(record.ref.relPath, path);
  const text = file.toString();
  changes.write(path, text, false, before);
  return { record, after: recordAt(changes.root, path, text), task, path, text, changed: true };
}

/**
 * Loads task `id` for writing: fresh from disk, version-checked, schema-valid. With
 * `repair` (update, metadata set) a file with schema errors is loaded too: the write
 * is then accepted only when it repairs one of them and adds none (assertValidMeta).
 * Otherwise the refusal carries (in `details.repair`) the repair of its first error.
 */
export async function loadForWrite(
  ws: Workspace,
  id: string,
  ifVersion?: string,
  options: { repair?: boolean } = {},
): Promise<TaskRecord> {
  const record = await getTask(ws, id);
  checkVersion(record, ifVersion);
  const valid = taskMetaSchema.safeParse(record.raw);
  if (!valid.success && !options.repair) {
    const problems = valid.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    const findings = validateTaskFile({
      path: record.ref.relPath,
      folderState: record.ref.folderState,
      fileName: record.ref.name,
      raw: record.raw,
      task: record.task,
      body: record.body,
    });
    const repair = findings.find((f) => f.severity === "error" && f.hint)?.hint;
    throw new TaskplainError(
      "invalid_task",
      `${id} has schema errors; repair them before this change: ${problems.join("; ")}`,
      { path: record.ref.relPath, id, details: { problems, ...(repair ? { repair } : {}) } },
    );
  }
  return record;
}

/** A record for a path and text that are about to be written (for JSON output and checks). */
export function recordAt(root: string, relPath: string, text: string): TaskRecord {
  const [, folder = "", name = ""] = relPath.split("/");
  const ref = {
    folderState: stateOfFolder(folder) ?? "idea",
    name,
    relPath,
    absPath: nodePath.join(root, relPath),
  };
  const parsed = parseRecord(ref, text);
  if (isBroken(parsed))
    throw new TaskplainError(
      "internal_error",
      `produced an unreadable file for ${relPath}: ${parsed.message}`,
    );
  return parsed;
}

/** Section names as given (aliases allowed) → canonical section ids; throws usage for an unknown one. */
export function resolveFields(fields: [string, string][] = []): [string, string][] {
  return fields.map(([name, text]) => {
    const id = resolveSectionId(name);
    if (!id) {
      throw usageError(`unknown section ${quoteInput(name)}`, {
        hint: "sections: overview, acceptance_criteria, technical_approach (delivery_plan), post_implementation_insights, body",
      });
    }
    return [id, text];
  });
}
