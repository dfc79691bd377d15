// The page's writes (board.md "Server" and "Concurrency"): every change sends the
// version it was based on; a 409 means someone else (an agent, an editor) changed the
// file first, so the page takes the new content instead of overwriting it.
import type { State } from "../../domain/enums.js";
import type { TaskDetailJson, TaskJson } from "../api-types.js";
import { ApiError, api } from "./api.js";
import { toast } from "./dialog.js";
import type { BoardModel } from "./model.js";

export type Outcome = "ok" | "stale" | "failed";

export class Actions {
  /** Called after a 409 with the task as it now is on disk. */
  onStale: (detail: TaskDetailJson) => void = () => undefined;

  constructor(private readonly model: BoardModel) {}

  private async fail(error: unknown, id?: string): Promise<Outcome> {
    if (error instanceof ApiError && error.status === 409 && id) {
      toast(
        "This task changed on disk since you opened it — your change was not saved. The current version is shown.",
        "warn",
      );
      try {
        const { data } = await api<TaskDetailJson>("GET", `/api/tasks/${id}`);
        const { body: _body, parent: _p, children: _c, execution_summary: _e, ...rest } = data;
        const known = this.model.tasks.get(id);
        this.model.upsert({ ...rest, parent: known?.parent, children: known?.children } as TaskJson);
        this.onStale(data);
      } catch {
        // the live stream brings it anyway
      }
      return "stale";
    }
    const e = error as ApiError;
    toast(e.message ?? String(error), "error", e.hint);
    return "failed";
  }

  async move(id: string, state: State, version: string): Promise<Outcome> {
    try {
      const { data } = await api<TaskJson>("POST", `/api/tasks/${id}/state`, { body: { state }, version });
      this.model.upsert(data);
      return "ok";
    } catch (error) {
      return this.fail(error, id);
    }
  }

  async patch(
    id: string,
    version: string,
    change: { meta?: Record<string, unknown>; body?: string },
  ): Promise<Outcome> {
    try {
      const { data } = await api<TaskJson>("PATCH", `/api/tasks/${id}`, { body: change, version });
      this.model.upsert(data);
      return "ok";
    } catch (error) {
      return this.fail(error, id);
    }
  }

  async remove(id: string, version: string): Promise<Outcome> {
    try {
      await api("DELETE", `/api/tasks/${id}`, { version });
      this.model.apply({ type: "changes", upserted: [], deleted: [id], totals: this.totalsWithout(id) });
      return "ok";
    } catch (error) {
      return this.fail(error, id);
    }
  }

  async create(input: {
    title: string;
    kind?: string;
    parent?: string;
    priority?: string;
    state: State;
  }): Promise<TaskJson | null> {
    try {
      const { data } = await api<TaskJson>("POST", "/api/tasks", { body: input });
      this.model.totals[data.state]++;
      this.model.upsert(data);
      return data;
    } catch (error) {
      await this.fail(error);
      return null;
    }
  }

  private totalsWithout(id: string): Record<State, number> {
    const totals = { ...this.model.totals };
    const t = this.model.tasks.get(id);
    if (t) totals[t.state]--;
    return totals;
  }
}
