// `init`: the five state folders with .gitkeep, idempotent; `--sample` seeds example tasks.
// Written through the one ChangeSet path (lock, plan, atomic apply, dry-run).
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { STATE_FOLDERS, STATES } from "../domain/enums.js";
import type { Workspace } from "../storage/workspace.js";
import { type FileChange, mutate } from "./changes.js";

/** The JSON view of `init` (cli.md): folders and sample files created, and the file operations. */
export interface InitResult {
  root: string;
  created: string[];
  sample: string[];
  dry_run: boolean;
  changes: FileChange[];
}

export async function initRepository(
  ws: Workspace,
  options: { sample?: boolean; dryRun?: boolean } = {},
): Promise<InitResult> {
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
      sample = planSample(ws, changes);
    }
    return { created, sample };
  });
  return { root: ws.root, ...outcome.result, dry_run: outcome.dry_run, changes: outcome.changes };
}
