// `taskplain recommend`: which tool × model to send a task to, from the repository's own
// telemetry (telemetry.md, "Routing"). Loads the tasks and returns the JSON view.
import {
  DEFAULT_MIN_SAMPLES,
  type Recommendation,
  type RoutingQuery,
  recommend,
  routingData,
  routingSample,
} from "../domain/routing.js";
import type { BrokenFile } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { getTask, rememberedRead } from "./repo.js";

export interface RecommendArgs {
  /** Route this task: its ambiguity and size form the cell, unless the query overrides them. */
  id?: string;
  query: RoutingQuery;
  minSamples?: number;
}

/** The JSON view: the task routed (when an id was given), then the recommendation. */
export type RecommendView = { task: { id: string; title: string } | null } & Recommendation;

/**
 * Ranks every tool × model seen in the repository for the task `id` or the described
 * cell. Throws the errors of getTask (not found, broken file, invalid id).
 */
export async function recommendFor(
  ws: Workspace,
  args: RecommendArgs,
): Promise<{ view: RecommendView; broken: readonly BrokenFile[] }> {
  const target = args.id ? (await getTask(ws, args.id)).task : undefined;
  const query: RoutingQuery = {
    ...(target ? { ambiguity: target.ambiguity, size: target.size } : {}),
    ...Object.fromEntries(Object.entries(args.query).filter(([, v]) => v !== undefined)),
  };
  const minSamples = args.minSamples ?? DEFAULT_MIN_SAMPLES;
  // the task as read here is part of the question: the answer shows its title
  const task = target ? { id: target.id, title: target.title } : null;
  return rememberedRead(ws, "recommend", { id: args.id ?? null, task, query, minSamples }, (repo) => {
    const samples = routingData(repo.records.map((r) => routingSample(r.task)));
    const rec = recommend(samples, query, minSamples);
    return { task, ...rec };
  });
}
