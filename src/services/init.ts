// `init`: the five state folders with .gitkeep, idempotent; `--sample` seeds example tasks.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { STATE_FOLDERS, STATES } from "../domain/enums.js";
import { withRepositoryLock } from "../storage/lock.js";

export interface InitResult {
  root: string;
  created: string[];
  sample: string[];
  dry_run: boolean;
  /** the same file operations every mutating command reports */
  changes: { op: "create"; path: string }[];
}

export async function initRepository(
  root: string,
  options: { sample?: boolean; dryRun?: boolean } = {},
): Promise<InitResult> {
  const created: string[] = [];
  const run = async () => {
    for (const state of STATES) {
      const rel = `tasks/${STATE_FOLDERS[state]}`;
      const keep = path.join(root, rel, ".gitkeep");
      if (!existsSync(keep)) {
        created.push(`${rel}/.gitkeep`);
        if (!options.dryRun) {
          await mkdir(path.dirname(keep), { recursive: true });
          await writeFile(keep, "");
        }
      }
    }
    let sample: string[] = [];
    if (options.sample) {
      const { seedSample } = await import("./sample.js");
      sample = await seedSample(root, { dryRun: Boolean(options.dryRun) });
    }
    const changes = [...created, ...sample].map((p) => ({ op: "create" as const, path: p }));
    return { root, created, sample, dry_run: Boolean(options.dryRun), changes };
  };
  if (options.dryRun) return run();
  await mkdir(root, { recursive: true });
  return withRepositoryLock(root, run);
}
