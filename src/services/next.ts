// `next`: rank dispatchable ready work (cli.md, "next: who gets dispatched").
import {
  type RankOptions,
  type RankTask,
  rankFields,
  rankReadyTasks,
  type SkippedTask,
} from "../domain/ranking.js";
import { type RoutingSample, recommendationsFor, routingSample } from "../domain/routing.js";
import type { BrokenFile } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { takenTasks } from "./lease-guard.js";
import { type Projection, projectedRead } from "./projected.js";

/** What `next` needs of each task file: what ranking reads, and the task's routing sample. */
const NEXT_PROJECTION: Projection<{ task: RankTask; route: RoutingSample | null }> = {
  name: "next",
  of: (r) => ({ task: rankFields(r.task), route: routingSample(r.task) }),
};

/** One pick of `next`: id, title and path first, then the ranking fields (score, reasons, …). */
export type NextTaskView = { id: string; title: string; path: string | undefined } & Record<string, unknown>;

/** What `next --output json` prints. */
export interface NextView {
  tasks: NextTaskView[];
  skipped: SkippedTask[];
  /** dispatchable tasks left out because --parallelize was reached (not skips) */
  remaining: number;
}

export async function nextTasks(
  ws: Workspace,
  options: RankOptions & { remote?: string | undefined },
): Promise<{ view: NextView; broken: readonly BrokenFile[] }> {
  // tasks under a live lease (or closed elsewhere) are taken: skipped, their touches in use
  const leases = await takenTasks(ws, { remote: options.remote });
  const { remote: _remote, ...rank } = options;
  // the leases seen now (live ones, resolved against the clock) are part of the question
  const inputs = { ...rank, leases: [...leases] };
  return projectedRead(ws, "next", inputs, NEXT_PROJECTION, ({ rows }): NextView => {
    const pathOf = new Map(rows.map((row) => [row.value.task.id, row.ref.relPath]));
    const result = rankReadyTasks(
      rows.map((row) => row.value.task),
      { ...options, leases },
    );
    const recommended = recommendationsFor(
      rows.map((row) => row.value.route),
      result.tasks,
    );
    const tasks = result.tasks.map((t, i) => {
      const { id, title, ...rest } = t;
      return { id, title, path: pathOf.get(id), ...rest, recommended_executor: recommended[i] };
    });
    return { tasks, skipped: result.skipped, remaining: result.remaining };
  });
}
