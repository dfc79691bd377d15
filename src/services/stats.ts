// `stats`: execution telemetry analysis (telemetry.md).
import type { State } from "../domain/enums.js";
import { usageError } from "../domain/errors.js";
import { buildHierarchy, descendantsOf } from "../domain/hierarchy.js";
import {
  computeStats,
  STATS_DIMENSIONS,
  type StatsDimension,
  type StatsTask,
  sinceCutoff,
  statsFields,
} from "../domain/stats.js";
import type { BrokenFile } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { type Projection, projectedRead } from "./projected.js";
import { getTask } from "./repo.js";

/** What the stats report needs of each task file. */
const STATS_PROJECTION: Projection<StatsTask> = {
  name: "stats",
  of: (r) => statsFields(r.task),
};

export interface StatsInput {
  states?: State[];
  /** an age such as 7d, 4w, 3m or 1y, or a date (2026-03-01) or ISO date-time: only what happened since */
  since?: string;
  limit?: number;
  /** only this task and its descendants */
  task?: string;
  /** one or two of STATS_DIMENSIONS */
  by?: string[];
}

export type StatsView = ReturnType<typeof computeStats>;

/** The stats report (what `stats --output json` prints); throws usage for bad dimensions or ages. */
export async function taskStats(
  ws: Workspace,
  input: StatsInput,
): Promise<{ view: StatsView; broken: readonly BrokenFile[] }> {
  let by: StatsDimension[] | undefined;
  if (input.by !== undefined) {
    for (const d of input.by) {
      if (!(STATS_DIMENSIONS as readonly string[]).includes(d))
        throw usageError(`the grouping must be among ${STATS_DIMENSIONS.join(", ")} (got "${d}")`);
    }
    if (input.by.length > 2) throw usageError("group by one or two dimensions");
    by = input.by as StatsDimension[];
  }
  let sinceMs: number | undefined;
  if (input.since !== undefined) {
    const cutoff = sinceCutoff(input.since, ws.clock.now());
    if (cutoff === null)
      throw usageError(
        `since must be an age (7d, 4w, 3m, 1y) or a date like 2026-03-01 (got "${input.since}")`,
      );
    sinceMs = cutoff;
  }
  if (input.task) await getTask(ws, input.task);
  const inputs = {
    states: input.states ?? null,
    sinceMs: sinceMs ?? null,
    limit: input.limit ?? null,
    task: input.task ?? null,
    by: by ?? null,
  };
  return projectedRead(ws, "stats", inputs, STATS_PROJECTION, ({ rows }) => {
    const tasks = rows.map((r) => r.value);
    let taskIds: Set<string> | undefined;
    if (input.task) {
      const h = buildHierarchy(tasks);
      const top = h.byId.get(input.task)!;
      taskIds = new Set([top.id, ...descendantsOf(h, top).map((t) => t.id)]);
    }
    return computeStats(tasks, {
      states: input.states,
      sinceMs,
      limit: input.limit,
      taskIds,
      by,
    });
  });
}
