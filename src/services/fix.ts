// The repairs `validate --fix` knows how to make safely. Each one changes only what it
// repairs; any other byte of the file stays as it was.
import { addMissingCheckboxes, insertMissingHeadings, requiredHeadings } from "../domain/body.js";
import { taskRelPath } from "../domain/paths.js";
import { taskMetaSchema } from "../domain/schema.js";
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
}

const TIMESTAMP_KEYS = new Set(["created_at", "updated_at", "completed_at"]);

/** Files whose only schema problems are missing timestamps can be repaired; others are left alone. */
function repairable(record: TaskRecord): boolean {
  const result = taskMetaSchema.safeParse(record.raw);
  if (result.success) return true;
  return result.error.issues.every(
    (i) =>
      i.path.length === 1 &&
      TIMESTAMP_KEYS.has(String(i.path[0])) &&
      record.raw[String(i.path[0])] === undefined,
  );
}

export function planFixes(
  records: TaskRecord[],
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
      if (!inScope(r) || !repairable(r)) continue;
      const w = open(r);
      const { file } = w;
      if (!file.isCanonicalOrder()) {
        file.reorderCanonical();
        w.fixes.push("put frontmatter keys in canonical order");
      }
      const created = typeof r.raw.created_at === "string" ? r.raw.created_at : undefined;
      const updated = typeof r.raw.updated_at === "string" ? r.raw.updated_at : undefined;
      if (!file.has("created_at")) {
        file.set("created_at", updated ?? options.now);
        w.fixes.push("filled created_at");
      }
      if (!file.has("updated_at")) {
        file.set("updated_at", created ?? options.now);
        w.fixes.push("filled updated_at");
      }
      if (r.task.state === "done" && !file.get("completed_at")) {
        file.set("completed_at", updated ?? created ?? options.now);
        w.fixes.push("filled completed_at");
      }
      const headings = insertMissingHeadings(file.body, requiredHeadings(r.task.state));
      if (headings.inserted.length > 0) {
        file.body = headings.body;
        w.fixes.push(`inserted ${headings.inserted.join(", ")}`);
      }
      const boxes = addMissingCheckboxes(file.body);
      if (boxes.fixed > 0) {
        file.body = boxes.body;
        w.fixes.push(`added ${boxes.fixed} missing checkbox${boxes.fixed === 1 ? "" : "es"}`);
      }
      // Legacy `parent`: move the link into the parent's children list.
      const parentId = typeof r.raw.parent === "string" ? r.raw.parent : undefined;
      const parent = parentId ? byId.get(parentId) : undefined;
      if (parent && repairable(parent)) {
        if (!parent.task.children.includes(r.task.id) && !listed.has(r.task.id)) {
          const pw = open(parent);
          const current = (pw.file.get("children") as string[] | undefined) ?? [];
          pw.file.set("children", [...current, r.task.id]);
          pw.fixes.push(`added ${r.task.id} to children (from its legacy parent key)`);
          listed.add(r.task.id);
        }
        file.delete("parent");
        w.fixes.push("moved legacy parent into the parent's children");
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
    if (options.renameFiles && inScope(r) && repairable(r) && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(r.task.id)) {
      const data = w?.file.data() ?? r.raw;
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
