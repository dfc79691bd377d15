// `validate`: every rule over every file, and the safe repairs of `--fix` / `--rename-files`.

import { notFoundError } from "../domain/errors.js";
import { parseFileName, stateOfFolder } from "../domain/paths.js";
import { pickFields } from "../domain/task.js";
import { validateTaskFile } from "../domain/validation/file-rules.js";
import { type Finding, finding, sortFindings } from "../domain/validation/finding.js";
import {
  missingReferenceId,
  REPO_RULE_FIELDS,
  type RepoTask,
  validateRepository,
} from "../domain/validation/repo-rules.js";
import { touchesFindings } from "../domain/validation/touches-rules.js";
import { type BrokenFile, isBroken, parseRecord, type TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { mutate } from "./changes.js";
import { type FixedFile, planFixes } from "./fix.js";
import { type Projection, projectedRead } from "./projected.js";
import { loadAll } from "./repo.js";

export interface ValidateOptions {
  ids?: string[];
  strict?: boolean;
  fix?: boolean;
  renameFiles?: boolean;
  dryRun?: boolean;
  now?: string;
}

export interface ValidateReport {
  ok: boolean;
  errors: Finding[];
  warnings: Finding[];
  fixed: FixedFile[];
  counts: { files: number; errors: number; warnings: number };
  dry_run?: boolean;
  changes?: { op: string; path: string; from?: string }[];
}

export function brokenFinding(b: BrokenFile): Finding {
  const where = b.line === undefined ? "" : `line ${b.line}: `;
  // a file that could not be read at all has no version (records.ts unreadable)
  const hint =
    b.version === ""
      ? "make it a regular file taskplain can read (not a folder, a broken link or a device), or remove it"
      : "fix the YAML by hand; taskplain leaves this file untouched";
  return finding("parse_error", "error", b.ref.relPath, `${where}${b.message}`, { hint });
}

/** The rules that look at one file on its own (remembered by the parse cache). */
const fileFindings = (r: TaskRecord): Finding[] =>
  r.fact("findings", (rec) =>
    validateTaskFile({
      path: rec.ref.relPath,
      folderState: rec.ref.folderState,
      fileName: rec.ref.name,
      raw: rec.raw,
      task: rec.task,
      body: rec.body,
    }),
  );

/** What `validate` needs of each task file: its own findings, and what the rules across files read. */
interface ValidateEntry {
  findings: Finding[];
  task: RepoTask;
}

const VALIDATE_PROJECTION: Projection<ValidateEntry> = {
  name: "validate",
  of: (r, root) => {
    const own = fileFindings(r);
    const touches =
      r.task.touches.length > 0 ? touchesFindings({ path: r.ref.relPath, task: r.task }, root) : [];
    return {
      findings: touches.length > 0 ? [...own, ...touches] : own,
      task: pickFields(r.task, REPO_RULE_FIELDS),
    };
  },
};

/** A file as the findings are collected from: its path and projection. */
type Checked = { path: string } & ValidateEntry;

/** Findings for a set of records (cross-file rules see all of them); `root` for the path rules. */
export function collectFindings(
  records: readonly TaskRecord[],
  broken: readonly BrokenFile[],
  root: string,
): Finding[] {
  return findingsOf(
    records.map((r) => ({ path: r.ref.relPath, ...VALIDATE_PROJECTION.of(r, root) })),
    broken,
  );
}

function findingsOf(files: readonly Checked[], broken: readonly BrokenFile[]): Finding[] {
  const findings: Finding[] = broken.map(brokenFinding);
  for (const f of files) if (f.findings.length > 0) findings.push(...f.findings);
  const repo = validateRepository(files);
  if (findings.some((f) => f.code === "file_name_mismatch")) renameAfterDuplicates(files, findings);
  for (const f of broken.length > 0 ? blamedOnBroken(repo, broken) : repo) findings.push(f);
  return findings;
}

/**
 * A reference to an id whose file could not be parsed (a merge conflict, bad YAML) is
 * reported as missing; its hint then names that file instead of dropping the reference.
 */
function blamedOnBroken(findings: readonly Finding[], broken: readonly BrokenFile[]): Finding[] {
  const fileOf = new Map<string, string>();
  for (const b of broken) {
    const id = parseFileName(b.ref.name)?.id;
    if (id !== undefined && !fileOf.has(id)) fileOf.set(id, b.ref.relPath);
  }
  return findings.map((f) => {
    const id = missingReferenceId(f);
    const file = id === undefined ? undefined : fileOf.get(id);
    return file === undefined
      ? f
      : {
          ...f,
          hint: `${JSON.stringify(id)} is the id of ${file}, which could not be parsed: fix that file first`,
        };
  });
}

/**
 * A file named for an id another file holds cannot be renamed until the duplicate is
 * resolved: the hint of such a file's `file_name_mismatch` says so (in place).
 */
function renameAfterDuplicates(files: readonly Checked[], findings: Finding[]): void {
  const holders = new Map<string, string[]>();
  for (const f of files) holders.set(f.task.id, [...(holders.get(f.task.id) ?? []), f.path]);
  const duplicated = new Set([...holders.values()].filter((paths) => paths.length > 1).flat());
  for (const [i, f] of findings.entries()) {
    if (f.code === "file_name_mismatch" && duplicated.has(f.file))
      findings[i] = {
        ...f,
        hint: "resolve the duplicate_id of this file first; then taskplain validate --rename-files",
      };
  }
}

function report(
  findings: Finding[],
  files: number,
  options: ValidateOptions,
  fixed: FixedFile[],
): ValidateReport {
  const sorted = sortFindings(findings).map((f) =>
    options.strict && f.severity === "warning" ? { ...f, severity: "error" as const } : f,
  );
  const errors = sorted.filter((f) => f.severity === "error");
  const warnings = sorted.filter((f) => f.severity === "warning");
  return {
    ok: errors.length === 0,
    errors,
    warnings,
    fixed,
    counts: { files, errors: errors.length, warnings: warnings.length },
  };
}

export async function validateRepo(ws: Workspace, options: ValidateOptions = {}): Promise<ValidateReport> {
  const scope = (
    records: readonly { path: string; task: { id: string } }[],
    broken: readonly BrokenFile[],
    findings: Finding[],
  ) => {
    if (!options.ids || options.ids.length === 0) return { findings, files: records.length + broken.length };
    const wanted = new Set(options.ids);
    const files = new Set(records.filter((r) => wanted.has(r.task.id)).map((r) => r.path));
    const found = new Set(records.filter((r) => wanted.has(r.task.id)).map((r) => r.task.id));
    for (const b of broken) {
      const id = options.ids.find((i) => b.ref.name.endsWith(`-${i}.md`));
      if (id !== undefined) {
        files.add(b.ref.relPath);
        found.add(id);
      }
    }
    const missing = options.ids.find((id) => !found.has(id));
    if (missing !== undefined) throw notFoundError(missing);
    return { findings: findings.filter((f) => files.has(f.file)), files: files.size };
  };

  if (!options.fix && !options.renameFiles) {
    const inputs = { ids: options.ids ?? null, strict: Boolean(options.strict) };
    const answer = await projectedRead(ws, "validate", inputs, VALIDATE_PROJECTION, ({ rows, broken }) => {
      const files = rows.map((row): Checked => ({ path: row.ref.relPath, ...row.value }));
      const s = scope(files, broken, findingsOf(files, broken));
      return report(s.findings, s.files, options, []);
    });
    return answer.view;
  }

  const outcome = await mutate(ws, { dryRun: options.dryRun, checkRepository: false }, async (changes) => {
    const repo = await loadAll(ws);
    const ids = options.ids && options.ids.length > 0 ? new Set(options.ids) : undefined;
    const plan = planFixes(repo.records, {
      fix: Boolean(options.fix),
      renameFiles: Boolean(options.renameFiles),
      ids,
      now: options.now ?? ws.nowIso(),
      root: ws.root,
    });
    for (const f of plan.files) {
      if (f.from !== f.path) changes.move(f.from, f.path);
      if (f.text !== undefined) changes.write(f.path, f.text);
    }
    // Validate what the repository will look like after the repairs.
    const after = repo.records.map((r) => {
      const planned = plan.files.find((f) => f.from === r.ref.relPath);
      if (!planned) return r;
      const name = planned.path.split("/").pop()!;
      const folder = planned.path.split("/")[1]!;
      const ref = {
        ...r.ref,
        name,
        relPath: planned.path,
        absPath: `${ws.root}/${planned.path}`,
        folderState: stateOf(folder, r),
      };
      const parsed = parseRecord(ref, planned.text ?? r.text);
      return isBroken(parsed) ? r : parsed;
    });
    const checked = after.map((r) => ({ path: r.ref.relPath, task: r.task }));
    const s = scope(checked, repo.broken, collectFindings(after, repo.broken, ws.root));
    return report(s.findings, s.files, options, plan.fixed);
  });
  return options.dryRun
    ? { ...outcome.result, dry_run: true, changes: outcome.changes }
    : { ...outcome.result, changes: outcome.changes };
}

const stateOf = (folder: string, r: TaskRecord) => stateOfFolder(folder) ?? r.ref.folderState;
