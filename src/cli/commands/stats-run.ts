import type { State } from "../../domain/enums.js";
import { usageError } from "../../domain/errors.js";
import { buildHierarchy, descendantsOf } from "../../domain/hierarchy.js";
import {
  computeStats,
  formatStatsHuman,
  STATS_DIMENSIONS,
  type StatsDimension,
  sinceCutoff,
  statsToCsv,
} from "../../domain/stats.js";
import { getTask, loadAll } from "../../services/repo.js";
import { type Ctx, rootOf } from "../context.js";
import { printJson } from "../output.js";
import { reportBroken } from "./shared.js";

export interface StatsArgs {
  states?: State[];
  since?: string;
  limit?: number;
  task?: string;
  by?: string;
}

export async function runStats(ctx: Ctx, args: StatsArgs): Promise<number> {
  let by: StatsDimension[] | undefined;
  if (args.by !== undefined) {
    by = args.by.split(",").map((s) => s.trim()) as StatsDimension[];
    for (const d of by) {
      if (!(STATS_DIMENSIONS as readonly string[]).includes(d))
        throw usageError(`--by must be among ${STATS_DIMENSIONS.join(", ")} (got "${d}")`);
    }
    if (by.length > 2) throw usageError("--by takes one or two dimensions");
  }
  let sinceMs: number | undefined;
  if (args.since !== undefined) {
    const cutoff = sinceCutoff(args.since, Date.now());
    if (cutoff === null)
      throw usageError(
        `--since must be an age (7d, 4w, 3m, 1y) or a date like 2026-03-01 (got "${args.since}")`,
      );
    sinceMs = cutoff;
  }
  const root = rootOf(ctx);
  if (args.task) await getTask(root, args.task);
  const repo = await loadAll(root, { cache: true });
  reportBroken(ctx, repo.broken);
  const tasks = repo.records.map((r) => r.task);
  let taskIds: Set<string> | undefined;
  if (args.task) {
    const h = buildHierarchy(tasks);
    const top = h.byId.get(args.task)!;
    taskIds = new Set([top.id, ...descendantsOf(h, top).map((t) => t.id)]);
  }
  const report = computeStats(tasks, { states: args.states, sinceMs, limit: args.limit, taskIds, by });
  if (ctx.output === "json") printJson(ctx, report);
  else if ((ctx.output as string) === "csv") ctx.io.out(statsToCsv(report));
  else ctx.io.out(formatStatsHuman(report));
  return 0;
}
