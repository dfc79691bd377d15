// The repairs `validate --fix` knows how to make safely. Each one changes only what it
// repairs; any other byte of the file stays as it was. A file gets every safe repair
// even when other errors remain in it (task-format.md: "every problem has a working
// repair path"); validate then reports what is left, each with its hint.
import {
  addMissingCheckboxes,
  insertMissingHeadings,
  mergeDuplicateSections,
  requiredHeadings,
  spaceUnspacedBoxes,
} from "../domain/body.js";
import { taskRelPath } from "../domain/paths.js";
import { taskMetaSchema } from "../domain/schema.js";
import { dateOnlyToIso, isIsoTimestamp } from "../domain/timestamps.js";
import { fromNameAndFolder } from "../domain/validation/file-rules.js";
import { normalizeTouch, touchProblems } from "../domain/validation/touches-rules.js";
import type { TaskRecord } from "../storage/repository.js";
import { TaskFile } from "../storage/taskFile.js";

export interface FixedFile {
  file: string;
  /** new path when the file was moved */
  moved_to?: string;
  fixes: string[];
}

export interface PlannedFile {
  from: string;
  path: string;
  /** new content, when it changed */
  text?: string;
}

export interface FixOptions {
  fix: boolean;
  renameFiles: boolean;
  ids?: Set<string>;
  now: string;
  /** the repository root: absolute `touches` inside it are made relative */
  root?: string;
}

/** The frontmatter keys whose values name a path: renaming needs them valid. */
const validIdentity = (r: TaskRecord): boolean =>
  r.raw.id === r.task.id && r.raw.kind === r.task.kind && r.raw.state === r.task.state;

/**
 * Every safe repair of one file, applied whatever other errors the file has (they are
 * reported afterwards by validate, each with its own hint). Returns what was done.
 */
function repairFile(r: TaskRecord, file: TaskFile, now: string, root?: string): string[] {
  const fixes: string[] = [];
  // touches in their normal form, entry by entry (the other entries keep their bytes)
  if (Array.isArray(r.raw.touches)) {
    r.raw.touches.forEach((glob, i) => {
      if (typeof glob !== "string" || touchProblems(glob).length === 0) return;
      const normal = normalizeTouch(glob, root);
      if (normal === undefined) return;
      if (!file.setScalarIn(["touches", i], normal)) return;
      fixes.push(`touches.${i} ${JSON.stringify(glob)} → ${JSON.stringify(normal)}`);
    });
  }
  const input = { fileName: r.ref.name, folderState: r.ref.folderState };
  const schema = taskMetaSchema.safeParse(r.raw);
  const badTop = new Set(schema.success ? [] : schema.error.issues.map((i) => String(i.path[0] ?? "")));
  if (!file.isCanonicalOrder()) {
    file.reorderCanonical();
    fixes.push("put frontmatter keys in canonical order");
  }
  for (const key of ["id", "kind", "state"] as const) {
    if (!badTop.has(key)) continue;
    const value = fromNameAndFolder(input, key);
    if (value === undefined) continue;
    file.set(key, value);
    fixes.push(`set ${key} to ${value} (from the file's ${key === "state" ? "folder" : "name"})`);
  }
  // Date-only timestamps become midnight UTC, wherever they are.
  for (const key of ["created_at", "updated_at", "completed_at", "last_activity_at"]) {
    const midnight = dateOnlyToIso(r.raw[key]);
    if (midnight) {
      file.set(key, midnight);
      fixes.push(`${key} ${String(r.raw[key])} → ${midnight}`);
    }
  }
  const attempts = (r.raw.execution as { attempts?: unknown } | undefined)?.attempts;
  if (Array.isArray(attempts)) {
    attempts.forEach((a, i) => {
      if (!a || typeof a !== "object") return;
      const at = a as Record<string, unknown>;
      for (const [path, value] of [
        [["started_at"], at.started_at],
        [["ended_at"], at.ended_at],
        [["reviewer", "reviewed_at"], (at.reviewer as Record<string, unknown> | undefined)?.reviewed_at],
      ] as const) {
        const midnight = dateOnlyToIso(value);
        if (!midnight) continue;
        file.setIn(["execution", "attempts", i, ...path] as unknown as [string], midnight);
        fixes.push(`execution.attempts.${i}.${path.join(".")} ${String(value)} → ${midnight}`);
      }
    });
  }
  const created = file.get("created_at");
  const updated = file.get("updated_at");
  const createdOk = isIsoTimestamp(created) ? created : undefined;
  const updatedOk = isIsoTimestamp(updated) ? updated : undefined;
  if (!file.has("created_at")) {
    file.set("created_at", updatedOk ?? now);
    fixes.push("filled created_at");
  }
  if (!file.has("updated_at")) {
    file.set("updated_at", createdOk ?? now);
    fixes.push("filled updated_at");
  } else if (!updatedOk) {
    file.set("updated_at", now);
    fixes.push("replaced the invalid updated_at with now");
  }
  if (file.has("last_activity_at") && !isIsoTimestamp(file.get("last_activity_at"))) {
    file.set("last_activity_at", now);
    fixes.push("replaced the invalid last_activity_at with now");
  }
  if (r.task.state === "done" && !file.get("completed_at")) {
    file.set("completed_at", updatedOk ?? createdOk ?? now);
    fixes.push("filled completed_at");
  }
  const merged = mergeDuplicateSections(file.body);
  if (merged.merged.length > 0) {
    file.body = merged.body;
    fixes.push(`merged the repeated ${merged.merged.join(", ")} into the first`);
  }
  const headings = insertMissingHeadings(file.body, requiredHeadings(r.task.state));
  if (headings.inserted.length > 0) {
    file.body = headings.body;
    fixes.push(`inserted ${headings.inserted.join(", ")}`);
  }
  const spaced = spaceUnspacedBoxes(file.body);
  if (spaced.fixed > 0) {
    file.body = spaced.body;
    fixes.push(`added the space after ${spaced.fixed} checkbox${spaced.fixed === 1 ? "" : "es"}`);
  }
  const boxes = addMissingCheckboxes(file.body);
  if (boxes.fixed > 0) {
    file.body = boxes.body;
    fixes.push(`added ${boxes.fixed} missing checkbox${boxes.fixed === 1 ? "" : "es"}`);
  }
  return fixes;
}

export function planFixes(
  records: readonly TaskRecord[],
  options: FixOptions,
): { files: PlannedFile[]; fixed: FixedFile[] } {
  const inScope = (r: TaskRecord) => !options.ids || options.ids.has(r.task.id);
  const work = new Map<TaskRecord, { file: TaskFile; fixes: string[] }>();
  const open = (r: TaskRecord) => {
    let w = work.get(r);
    if (!w) {
      w = { file: TaskFile.parse(r.text), fixes: [] };
      work.set(r, w);
    }
    return w;
  };
  const byId = new Map<string, TaskRecord>();
  for (const r of records) if (!byId.has(r.task.id)) byId.set(r.task.id, r);
  const listed = new Set(records.flatMap((r) => r.task.children));

  if (options.fix) {
    for (const r of records) {
      if (!inScope(r)) continue;
      const w = open(r);
      w.fixes.push(...repairFile(r, w.file, options.now, options.root));
      // Legacy `parent`: move the link into the parent's children list.
      const parentId = typeof r.raw.parent === "string" ? r.raw.parent : undefined;
      const parent = parentId ? byId.get(parentId) : undefined;
      if (parent && parent !== r) {
        if (parent.task.children.includes(r.task.id)) {
          w.file.delete("parent");
          w.fixes.push(`removed the legacy parent key (${parent.task.id} already lists it in children)`);
        } else if (!listed.has(r.task.id)) {
          const pw = open(parent);
          const current = (pw.file.get("children") as string[] | undefined) ?? [];
          pw.file.set("children", [...current, r.task.id]);
          pw.fixes.push(`added ${r.task.id} to children (from its legacy parent key)`);
          listed.add(r.task.id);
          w.file.delete("parent");
          w.fixes.push("moved legacy parent into the parent's children");
        }
        // else another task lists it as a child: which parent is meant is the user's call,
        // so the key stays and validate keeps reporting it
      }
    }
  }

  const files: PlannedFile[] = [];
  const fixed: FixedFile[] = [];
  const moved = new Set<string>();
  for (const r of records) {
    const w = work.get(r);
    const changed = w?.file.isChanged() === true;
    let path = r.ref.relPath;
    const fixes = changed ? [...w!.fixes] : [];
    const data = w?.file.data() ?? r.raw;
    if (
      options.renameFiles &&
      inScope(r) &&
      (validIdentity(r) || w !== undefined) &&
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(r.task.id)
    ) {
      const completed = (data.completed_at as string | undefined) ?? (data.updated_at as string | undefined);
      if (data.id === r.task.id && data.kind === r.task.kind && data.state === r.task.state) {
        const expected = taskRelPath(r.task.state, r.task.kind, r.task.id, completed);
        const taken = records.some((o) => o !== r && o.ref.relPath === expected) || moved.has(expected);
        if (expected !== path && !taken) {
          path = expected;
          moved.add(expected);
          fixes.push(`moved to ${expected}`);
        }
      }
    }
    if (!changed && path === r.ref.relPath) continue;
    let text: string | undefined;
    if (changed) {
      w!.file.set("updated_at", options.now);
      w!.file.set("last_activity_at", options.now);
      text = w!.file.toString();
    }
    files.push({ from: r.ref.relPath, path, ...(text === undefined ? {} : { text }) });
    fixed.push({ file: r.ref.relPath, ...(path === r.ref.relPath ? {} : { moved_to: path }), fixes });
  }
  return { files, fixed };
}
