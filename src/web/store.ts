// The board's one door to the repository (board.md "Server", quality.md "Three front
// doors, one core"): the index of every task file (store-index.ts) plus the operations
// the routes run. Writes go through the same services, lock, ChangeSet and atomic writes
// as the CLI, and the index follows each of them. Everything the HTTP routes know about
// tasks comes from here.
import { AMBIGUITIES, SIZES, type State } from "../domain/enums.js";
import { DEFAULT_MIN_SAMPLES, recommendedExecutor, routingData, routingSample } from "../domain/routing.js";
import { computeStats, type StatsDimension, type StatsReport } from "../domain/stats.js";
import { type CreateInput, createTask } from "../services/create.js";
import { deleteTask } from "../services/delete.js";
import { moveTask } from "../services/move.js";
import { showTask } from "../services/show.js";
import { updateTask } from "../services/update.js";
import type { RecommendationTable, TaskDetailJson, TaskJson } from "./api-types.js";
import { BoardIndex, type IndexChange } from "./store-index.js";

export type { IndexChange } from "./store-index.js";

export class BoardStore extends BoardIndex {
  /** The `show --output json` object of one task (read fresh from disk). */
  async show(id: string): Promise<TaskDetailJson> {
    this.ws.refresh();
    return (await showTask(this.ws, id)).view as unknown as TaskDetailJson;
  }

  /** `new`: creates a task (and updates its parent's children). */
  async create(input: CreateInput): Promise<{ task: TaskJson; change: IndexChange }> {
    const outcome = await createTask(this.ws, input);
    const change = await this.afterWrite(outcome);
    return { task: this.get(outcome.result.record.task.id)!, change };
  }

  /** `update`: metadata (a null value unsets the key) and/or the whole body, version-checked. */
  async update(
    id: string,
    input: { version: string; meta?: Record<string, unknown>; body?: string },
  ): Promise<{ task: TaskJson; change: IndexChange }> {
    const outcome = await updateTask(this.ws, {
      id,
      ifVersion: input.version,
      meta: Object.entries(input.meta ?? {}),
      fields: input.body === undefined ? [] : [["body", input.body]],
    });
    const change = await this.afterWrite(outcome);
    return { task: this.get(id)!, change };
  }

  /** `move`: a new state (same rules as the CLI, cascades included), version-checked. */
  async move(
    id: string,
    input: { version: string; state: State; force?: boolean; cascade?: "ready" | "cancel" },
  ): Promise<{ task: TaskJson; change: IndexChange }> {
    const outcome = await moveTask(this.ws, {
      id,
      state: input.state,
      ifVersion: input.version,
      force: input.force,
      cascade: input.cascade,
    });
    const change = await this.afterWrite(outcome);
    return { task: this.get(id)!, change };
  }

  /** `delete`: removes the file and the references to it, version-checked. */
  async remove(id: string, input: { version: string; force?: boolean }): Promise<{ change: IndexChange }> {
    const outcome = await deleteTask(this.ws, { id, ifVersion: input.version, force: input.force });
    return { change: await this.afterWrite(outcome) };
  }

  /**
   * The executor `recommend` would pick for each ambiguity × size (telemetry.md,
   * "Routing"), over every task in the index: the Insights view's recommendation table.
   */
  recommendations(): RecommendationTable {
    const data = routingData([...this.byPath.values()].map((e) => routingSample(e.task)));
    const cells = AMBIGUITIES.flatMap((ambiguity) =>
      SIZES.map((size) => ({ ambiguity, size, recommended: recommendedExecutor(data, { ambiguity, size }) })),
    );
    return { min_samples: DEFAULT_MIN_SAMPLES, cells };
  }

  /** The `stats --output json` object over every task in the index. */
  stats(by: StatsDimension[] | undefined): StatsReport {
    const tasks = [...this.byPath.values()].map((e) => e.task);
    return computeStats(tasks, { by, now: this.ws.clock.now() });
  }
}
