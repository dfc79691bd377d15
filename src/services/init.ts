// `init`: the five state folders with .gitkeep, idempotent; `--sample` seeds example tasks.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { STATE_FOLDERS, STATES } from "../domain/enums.js";
import { EXIT, TaskplainError } from "../domain/errors.js";
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
  options: { sample?: boolean; dryRun?: boolean; force?: boolean } = {},
): Promise<InitResult> {
  const created: string[] = [];
  // Into a repository that has tasks: refused, or with --force only samples whose ids
  // are free (task-format.md: init --sample never creates duplicate ids). Checked first:
  // a refusal writes nothing, not even the folders.
  const sampleIdsTaken = async (): Promise<(id: string) => boolean> => {
    const { loadRepository, listTaskFiles } = await import("../storage/repository.js");
    const existing = listTaskFiles(root);
    if (existing.length > 0 && !options.force) {
      throw new TaskplainError(
        "repository_not_empty",
        `tasks/ already holds ${existing.length} task file${existing.length === 1 ? "" : "s"}; samples would mix with them`,
        EXIT.refused,
        { hint: "taskplain init --sample --force   (adds only samples whose ids are free)" },
      );
    }
    const repo = existing.length > 0 ? await loadRepository(root) : { records: [] };
    const ids = new Set(repo.records.map((r) => r.task.id));
    const names = existing.map((ref) => ref.name);
    return (id) => ids.has(id) || names.some((n) => n.endsWith(`-${id}.md`));
  };
  const run = async () => {
    if (options.sample && !options.force) await sampleIdsTaken();
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
      sample = await seedSample(root, { dryRun: Boolean(options.dryRun), taken: await sampleIdsTaken() });
    }
    const changes = [...created, ...sample].map((p) => ({ op: "create" as const, path: p }));
    return { root, created, sample, dry_run: Boolean(options.dryRun), changes };
  };
  if (options.dryRun) return run();
  await mkdir(root, { recursive: true });
  return withRepositoryLock(root, run);
}
