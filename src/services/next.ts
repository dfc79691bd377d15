// `next`: rank dispatchable ready work (cli.md, "next: who gets dispatched").
import { type RankOptions, rankReadyTasks, type SkippedTask } from "../domain/ranking.js";
import type { BrokenFile } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { loadAll } from "./repo.js";

/** One pick of `next`: id, title and path first, then the ranking fields (score, reasons, …). */
export type NextTaskView = { id: string; title: string; path: string | undefined } & Record<string, unknown>;

/** What `next --output json` prints. */
export interface NextView {
  tasks: NextTaskView[];
  skipped: SkippedTask[];
}

export async function nextTasks(
  ws: Workspace,
  options: RankOptions,
): Promise<{ view: NextView; broken: BrokenFile[] }> {
  const repo = await loadAll(ws, { cache: true });
  const pathOf = new Map(repo.records.map((rec) => [rec.task.id, rec.ref.relPath]));
  const result = rankReadyTasks(
    repo.records.map((rec) => rec.task),
    options,
  );
  const tasks = result.tasks.map((t) => {
    const { id, title, ...rest } = t;
    return { id, title, path: pathOf.get(id), ...rest };
  });
  return { view: { tasks, skipped: result.skipped }, broken: repo.broken };
}
