// `init`: the five state folders with .gitkeep, idempotent; `--sample` seeds example tasks.
// Written through the one ChangeSet path (lock, plan, atomic apply, dry-run).

import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { STATE_FOLDERS, STATES } from "../domain/enums.js";
import { TaskplainError } from "../domain/errors.js";
import type { Finding } from "../domain/validation/finding.js";
import { loadRepository } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { type FileChange, mutate } from "./changes.js";

/** The JSON view of `init` (cli.md): folders and sample files created, and the file operations. */
export interface InitResult {
  root: string;
  created: string[];
  sample: string[];
  /** what validate says about the sample tasks written (none for a sound sample) */
  warnings: Finding[];
  dry_run: boolean;
  changes: FileChange[];
}

export async function initRepository(
  ws: Workspace,
  options: { sample?: boolean; dryRun?: boolean; force?: boolean } = {},
): Promise<InitResult> {
  // Into a repository that has tasks: refused, or with force only samples whose ids are
  // free (task-format.md: init --sample never creates duplicate ids). Checked before
  // anything is written.
  const sampleIdsTaken = async (): Promise<(id: string) => boolean> => {
    const existing = ws.listTaskFiles();
    if (existing.length > 0 && !options.force) {
      throw new TaskplainError(
        "repository_not_empty",
        `tasks/ already holds ${existing.length} task file${existing.length === 1 ? "" : "s"}; samples would mix with them`,
      );
    }
    const repo = existing.length > 0 ? await loadRepository(ws) : { records: [] };
    const ids = new Set(repo.records.map((r) => r.task.id));
    const names = existing.map((ref) => ref.name);
    return (id) => ids.has(id) || names.some((n) => n.endsWith(`-${id}.md`));
  };
  const taken = options.sample ? await sampleIdsTaken() : undefined;
  if (!options.dryRun) await mkdir(ws.root, { recursive: true });
  const outcome = await mutate(ws, { dryRun: options.dryRun }, async (changes) => {
    const created: string[] = [];
    for (const state of STATES) {
      const rel = `tasks/${STATE_FOLDERS[state]}/.gitkeep`;
      if (!existsSync(path.join(ws.root, rel))) {
        created.push(rel);
        changes.write(rel, "", true);
      }
    }
    let sample: string[] = [];
    if (options.sample) {
      const { planSample } = await import("./sample.js");
      sample = planSample(ws, changes, options.force ? await sampleIdsTaken() : taken);
    }
    return { created, sample };
  });
  return {
    root: ws.root,
    ...outcome.result,
    warnings: outcome.warnings,
    dry_run: outcome.dry_run,
    changes: outcome.changes,
  };
}
