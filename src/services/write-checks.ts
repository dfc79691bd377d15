// The checks every planned write passes before its first file is touched
// (task-format.md "Writes keep the repository valid"), run by `mutate` for every front
// door (CLI, board, MCP):
//
// - a change whose result would add a cross-file error (a missing dependency, block
//   target or child, a depends_on or children cycle, a duplicate id, a second parent, a
//   done parent with an open descendant, …) is refused whole: nothing moved, nothing
//   staged. The rules are validate's own (validateRepository), run on the repository as
//   it is and as it would be, so no rule is written twice;
// - a change that leaves a task incomplete for its state (ready without criteria, say)
//   goes through, and the mutation's `warnings` say so: every error `validate` would
//   report in a written task, and the warnings this write brought to it.
//
// The repository-wide check lists every task (through the parse cache) only when the
// change can alter what those rules see: a file created or deleted, or a written task's
// id, kind, children or legacy parent changed, a task reopened (done/canceled → open) or
// a parent completed. Even then the rules run on the tasks the change can affect
// (write-scope.ts), and on every task only when that finds an error to refuse (so the
// refusal is word for word the whole repository's) or the scope cannot be told. One
// task's new depends_on or blocks is checked by looking up the ids it names; updates of
// other keys, attempts, pickups and completions of plain tasks stay single-file.
import nodePath from "node:path";
import { OPEN_STATES, type State } from "../domain/enums.js";
import { type ErrorCode, listedMessage, TaskplainError } from "../domain/errors.js";
import { stateOfFolder } from "../domain/paths.js";
import { validateTaskFile } from "../domain/validation/file-rules.js";
import type { Finding } from "../domain/validation/finding.js";
import { type RepoEntry, type RepoTask, validateRepository } from "../domain/validation/repo-rules.js";
import { readTaskText } from "../storage/read-text.js";
import { isBroken, parseRecord, type TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import type { ChangeSet } from "./changes.js";
import { assertNoDependencyCycle, assertReferencesExist } from "./references.js";
import { type Slot, scopeOfChange } from "./write-scope.js";

/** Frontmatter keys the cross-file rules read (besides state, see `reopens`). */
const CROSS_FILE_KEYS = ["id", "kind", "children", "depends_on", "blocks", "parent"] as const;

/**
 * Findings validate reports but a write does not warn about: the normal next step of the
 * agent loop (check every criterion, then complete) is not a problem to flag on the way.
 */
const NOT_WARNED_ON_WRITE = new Set(["all_criteria_checked"]);

/** The refusal's code for the first error a change would add (others: `cross_file_error`). */
const REFUSAL_CODE: Record<string, ErrorCode> = {
  duplicate_id: "id_taken",
  missing_dependency: "missing_dependency",
  missing_block_target: "missing_block_target",
  missing_child: "missing_child",
  dependency_cycle: "dependency_cycle",
  hierarchy_cycle: "hierarchy_cycle",
  invalid_child_kind: "invalid_child_kind",
  incomplete_descendant: "incomplete_descendant",
  multiple_parents: "multiple_parents",
};

/** A task file the change writes: where, where it was, and what it will hold. */
interface Written {
  path: string;
  from: string;
  record: TaskRecord;
  created: boolean;
}

/** A planned task file, parsed; null when the path is not a task file. */
function plannedRecord(root: string, relPath: string, text: string): TaskRecord | null {
  const [top, folder = "", name = ""] = relPath.split("/");
  const folderState = stateOfFolder(folder);
  if (top !== "tasks" || !folderState || !name.endsWith(".md")) return null;
  const parsed = parseRecord({ folderState, name, relPath, absPath: nodePath.join(root, relPath) }, text);
  return isBroken(parsed) ? null : parsed;
}

/** The frontmatter of the file at `relPath` now, or undefined when it is absent or unreadable. */
function onDisk(root: string, relPath: string): TaskRecord | undefined {
  let text: string;
  try {
    text = readTaskText(nodePath.join(root, relPath));
  } catch {
    return undefined;
  }
  return plannedRecord(root, relPath, text) ?? undefined;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const isClosed = (s: unknown): boolean => !OPEN_STATES.includes(s as State);

/**
 * Checks the planned operations of `changes` and returns the warnings of the written
 * tasks: every error `validate` would report in them (file rules), and the warnings this
 * write brought (not those the file had before, nor those of a task just created). Throws (exit 1) when `repository` is
 * set and the change would add a cross-file error; the error's `details.findings` are
 * validate's findings for what would be added.
 */
export async function checkPlannedWrites(
  ws: Workspace,
  changes: ChangeSet,
  /** scoped false: the cross-file rules run on every task (tests compare the two ways) */
  options: { repository: boolean; scoped?: boolean },
): Promise<Finding[]> {
  const ops = changes.planned();
  const movedFrom = new Map<string, string>();
  for (const { change } of ops) if (change.op === "move") movedFrom.set(change.path, change.from!);
  const written: Written[] = [];
  let crossFile = false;
  // writes whose only cross-file change is a task's depends_on or blocks list: checked
  // by lookups of the ids named (no full read), see `checkReferenceLists`
  const listsOnly: { id: string; key: "depends_on" | "blocks"; value: unknown; old: unknown }[] = [];
  for (const { change, content, before } of ops) {
    if (change.op === "delete") crossFile ||= change.path.endsWith(".md");
    if ((change.op !== "write" && change.op !== "create") || content === undefined) continue;
    const record = plannedRecord(ws.root, change.path, content);
    if (!record) continue;
    const from = movedFrom.get(change.path) ?? change.path;
    written.push({ path: change.path, from, record, created: change.op === "create" });
    if (!options.repository || crossFile) continue;
    if (change.op === "create") {
      crossFile = true;
      continue;
    }
    const old = before ?? onDisk(ws.root, from)?.raw;
    if (!old) {
      crossFile = true;
      continue;
    }
    const raw = record.raw;
    const changed = CROSS_FILE_KEYS.filter((k) => !same(old[k], raw[k]));
    crossFile =
      changed.some((k) => k !== "depends_on" && k !== "blocks") ||
      (isClosed(old.state) && !isClosed(raw.state)) ||
      (raw.state === "done" && old.state !== "done" && record.task.children.length > 0);
    for (const key of changed)
      if (key === "depends_on" || key === "blocks")
        listsOnly.push({ id: record.task.id, key, value: raw[key], old: old[key] });
  }
  if (options.repository && !crossFile && listsOnly.length === 1) await checkReferenceList(ws, listsOnly[0]!);
  else if (options.repository && listsOnly.length > 0) crossFile = true;
  if (options.repository && crossFile)
    await refuseNewCrossFileErrors(changes, written, { scoped: options.scoped !== false });
  const findingsOf = (path: string, record: TaskRecord) =>
    validateTaskFile({
      path,
      folderState: record.ref.folderState,
      fileName: record.ref.name,
      raw: record.raw,
      task: record.task,
      body: record.body,
      root: ws.root,
    });
  return written.flatMap(({ path, from, record, created }) => {
    const found = findingsOf(path, record);
    if (found.every((f) => f.severity === "error")) return found;
    // warnings only when this write brought them (a new idea without criteria is normal)
    const old = created ? undefined : onDisk(ws.root, from);
    const had = new Set(old ? findingsOf(path, old).map((f) => `${f.code}|${f.message}`) : []);
    return found.filter(
      (f) =>
        f.severity === "error" ||
        (old && !had.has(`${f.code}|${f.message}`) && !NOT_WARNED_ON_WRITE.has(f.code)),
    );
  });
}

/**
 * One task's changed depends_on or blocks list: the ids it adds must name tasks, and a
 * depends_on must not close a cycle — the checks `update` runs itself (references.ts),
 * found by file name, so such a write stays single-file at 10,000 tasks.
 */
async function checkReferenceList(
  ws: Workspace,
  change: { id: string; key: "depends_on" | "blocks"; value: unknown; old: unknown },
): Promise<void> {
  await assertReferencesExist(ws, change.id, change.key, change.value, change.old);
  if (change.key !== "depends_on" || !Array.isArray(change.value)) return;
  // a cycle the task was already in is not new: only ids added can close one
  const kept = new Set(Array.isArray(change.old) ? change.old : []);
  if (change.value.some((d) => !kept.has(d))) await assertNoDependencyCycle(ws, change.id, change.value);
}

/** A finding's identity across the two runs: its code, its task, and what it says (indices and paths left out). */
function keyOf(f: Finding, idOf: (file: string) => string): string {
  if (f.code === "duplicate_id") return `${f.code}|${idOf(f.file)}`;
  if (f.code === "dependency_cycle" || f.code === "hierarchy_cycle") {
    // the same cycle may be told from another task after an unrelated move
    const ids = [...new Set(f.message.match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? [])].sort();
    return `${f.code}|${ids.join(",")}`;
  }
  return `${f.code}|${idOf(f.file)}|${f.message.replace(/^[a-z_]+\.\d+: /, "")}`;
}

/**
 * The errors `afterEntries` has beyond `beforeEntries`, in the order validate reports
 * them (a finding whose identity, see keyOf, occurs more often than before).
 */
function addedErrors(beforeEntries: RepoEntry[], afterEntries: RepoEntry[]): Finding[] {
  const count = (entries: RepoEntry[]) => {
    const idAt = new Map(entries.map((e) => [e.path, e.task.id]));
    const counts = new Map<string, number>();
    const errors = validateRepository(entries).filter((f) => f.severity === "error");
    for (const f of errors) {
      const key = keyOf(f, (file) => idAt.get(file) ?? file);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return { errors, counts, idAt };
  };
  const was = count(beforeEntries);
  const will = count(afterEntries);
  const seen = new Map<string, number>();
  return will.errors.filter((f) => {
    const key = keyOf(f, (file) => will.idAt.get(file) ?? file);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n > (was.counts.get(key) ?? 0);
  });
}

/**
 * Refuses (throws) when the change adds a cross-file error. The rules run first on the
 * tasks the change can affect (write-scope.ts); only when that finds something, or the
 * scope cannot be told, do they run on every task — so a refusal and its findings are
 * always the whole repository's.
 */
async function refuseNewCrossFileErrors(
  changes: ChangeSet,
  written: Written[],
  options: { scoped: boolean },
): Promise<void> {
  const repo = await changes.repository();
  const before: Slot[] = repo.records.map((r) => ({ path: r.ref.relPath, record: r }));
  // the repository after the change: same order (so rules report in the same order),
  // moved and rewritten files in place, new files last, deleted ones gone
  const at = new Map(before.map((e, i) => [e.path, i]));
  const after: (Slot | null)[] = [...before];
  const removed = new Set<string>();
  const changedBefore: Slot[] = [];
  const changedAfter: Slot[] = [];
  const was = (path: string) => {
    const i = at.get(path);
    if (i !== undefined) changedBefore.push(before[i]!);
    return i;
  };
  for (const { change } of changes.planned()) if (change.op === "delete") removed.add(change.path);
  for (const path of removed) was(path);
  for (const { change } of changes.planned()) {
    if (change.op !== "move") continue;
    const i = was(change.from!);
    if (i === undefined) continue;
    after[i] = { path: change.path, record: after[i]!.record };
    changedAfter.push(after[i]!);
  }
  for (const w of written) {
    const i = was(w.from);
    const entry = { path: w.path, record: w.record };
    changedAfter.push(entry);
    if (i !== undefined) after[i] = entry;
    else after.push(entry);
  }
  const afterSlots = after.filter((e): e is Slot => e !== null && !removed.has(e.path));
  const entries = (slots: Slot[]): RepoEntry[] => slots.map((s) => ({ path: s.path, task: s.record.task }));
  const scope = options.scoped ? scopeOfChange(before, afterSlots, changedBefore, changedAfter) : null;
  if (scope && addedErrors(entries(scope.before), entries(scope.after)).length === 0) return;

  const afterEntries = entries(afterSlots);
  const added = addedErrors(entries(before), afterEntries);
  if (added.length === 0) return;
  const first = added[0]!;
  const taskAt = (file: string): RepoTask | undefined => afterEntries.find((e) => e.path === file)?.task;
  const task = taskAt(first.file);
  const findings = added.map(({ hint: _hint, ...f }) => f);
  const list = {
    lead: `the change would add ${added.length === 1 ? "an error" : `${added.length} errors`} across tasks, so nothing was changed`,
    items: added.map((f) => {
      const at = taskAt(f.file);
      return at ? `${at.id}: ${f.message}` : f.message;
    }),
  };
  throw new TaskplainError(REFUSAL_CODE[first.code] ?? "cross_file_error", listedMessage(list), {
    path: first.file,
    ...(task ? { id: task.id } : {}),
    details: { findings },
    list,
  });
}
