// The JSON views of every operation, built in one place (quality.md, "Three front doors,
// one core"): `--output json` prints them, the board serves them, the MCP server returns
// them as structuredContent. Key order is part of the contract (cli.md).

import { JSON_INDENT } from "../domain/json-style.js";
import { taskToJson } from "../domain/task.js";
import { summarizeExecution } from "../domain/telemetry.js";
import type { Finding } from "../domain/validation/finding.js";
import type { TaskRecord } from "../storage/repository.js";
import type { ViewCache } from "../storage/view-cache.js";
import type { FileChange, MutationOutcome } from "./changes.js";
import { acceptanceOf, schemaProblems } from "./repo.js";
import type { WrittenTask } from "./task-write.js";

/** A task object (cli.md): frontmatter with defaults, then `path` and `version`, `errors` when invalid, then `extra`. */
export type TaskView = Record<string, unknown>;

export function taskObject(record: TaskRecord, extra: Record<string, unknown> = {}): TaskView {
  const out = taskToJson(record.task); // a fresh object: filled in place, no copies
  out.path = record.ref.relPath;
  out.version = record.version;
  const problems = schemaProblems(record);
  if (problems.length > 0) out.errors = problems;
  return Object.assign(out, extra);
}

const OPEN = Buffer.from("[\n");
const BETWEEN = Buffer.from(",\n");
const CLOSE = Buffer.from("\n]\n");
const EMPTY = Buffer.from("[]\n");
const NESTED = `\n${" ".repeat(JSON_INDENT)}`;

/**
 * The task objects of `records` as one printed JSON array (UTF-8 bytes): exactly
 * `JSON.stringify(records.map(taskObject), null, JSON_INDENT) + "\n"`. Each element's
 * text is a pure function of the file's path and content, so it is taken from the view
 * cache when stored for the record's version, and stored when rendered.
 */
export function taskObjectsJson(records: readonly TaskRecord[], cache: ViewCache | null): Uint8Array {
  return joinElements(records.map((record) => elementText(record, cache)));
}

/**
 * taskObjectsJson of tasks known by path and version (`[relPath, version]`, in order):
 * each text from the view cache, or rendered from the record `read` gives for a path.
 * Undefined when a file no longer has its version (or `read` finds none): the caller
 * then reads the repository.
 */
export async function storedObjectsJson(
  listed: readonly (readonly [string, string])[],
  cache: ViewCache | null,
  read: (relPath: string) => Promise<TaskRecord | undefined>,
): Promise<Uint8Array | undefined> {
  const texts: Uint8Array[] = [];
  for (const [relPath, version] of listed) {
    let text = cache?.get(relPath, version);
    if (!text) {
      const record = await read(relPath);
      if (record?.version !== version) return undefined;
      text = elementText(record, cache);
    }
    texts.push(text);
  }
  return joinElements(texts);
}

/** One element of the printed array: the record's own pretty text, every line indented one level. */
function elementText(record: TaskRecord, cache: ViewCache | null): Uint8Array {
  const { relPath } = record.ref;
  const stored = cache?.get(relPath, record.version);
  if (stored) return stored;
  const own = JSON.stringify(taskObject(record), null, JSON_INDENT);
  const element = `${NESTED.slice(1)}${own.replaceAll("\n", NESTED)}`;
  return cache ? cache.put(relPath, record.version, element) : Buffer.from(element, "utf8");
}

function joinElements(texts: readonly Uint8Array[]): Uint8Array {
  if (texts.length === 0) return EMPTY;
  const parts: Uint8Array[] = [OPEN];
  for (const text of texts) {
    if (parts.length > 1) parts.push(BETWEEN);
    parts.push(text);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/** `{id, title, kind, state}` of a related task (parent, children). */
export const briefTask = (r: TaskRecord) => ({
  id: r.task.id,
  title: r.task.title,
  kind: r.task.kind,
  state: r.task.state,
});

/** `show`'s view: the task object plus body, parent, children, acceptance and execution_summary. */
export function showView(record: TaskRecord, parent: TaskRecord | null, children: TaskRecord[]): TaskView {
  return taskObject(record, {
    body: record.body,
    parent: parent ? briefTask(parent) : null,
    children: children.map(briefTask),
    acceptance: acceptanceOf(record),
    execution_summary: record.task.execution ? summarizeExecution(record.task.execution) : null,
  });
}

/**
 * Every mutation's view: its own fields, then `warnings` (what `validate` says about the
 * tasks written, e.g. a ready task without criteria; task-format.md "Writes keep the
 * repository valid"), `dry_run: true` (only on a dry run), then the file operations.
 */
export type MutationView<V> = V & { warnings: Finding[]; dry_run?: true; changes: FileChange[] };

/** What a mutating service returns: the plan's result, the file operations, and the JSON view. */
export interface Mutation<R, V extends object> extends MutationOutcome<R> {
  view: MutationView<V>;
}

export function withView<R, V extends object>(
  outcome: MutationOutcome<R>,
  view: (result: R) => V,
): Mutation<R, V> {
  return {
    ...outcome,
    view: {
      ...view(outcome.result),
      warnings: outcome.warnings,
      ...(outcome.dry_run ? { dry_run: true as const } : {}),
      changes: outcome.changes,
    },
  };
}

/** The task object of a written task as it is after the change. */
export const writtenView = (w: WrittenTask, extra: Record<string, unknown> = {}): TaskView =>
  taskObject(w.after, extra);

/** A written task with its body (pickup's context bundle). */
export const writtenWithBody = (w: WrittenTask): TaskView => taskObject(w.after, { body: w.after.body });
