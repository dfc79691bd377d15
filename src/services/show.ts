// `show`: one task with its body, parent, children and telemetry figures.
import type { TaskRecord } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { childrenOf, findParent } from "./hierarchy.js";
import { getTask } from "./repo.js";
import { showView, type TaskView } from "./views.js";

export interface ShowResult {
  record: TaskRecord;
  parent: TaskRecord | null;
  children: TaskRecord[];
  /** what `show --output json` prints (views.ts showView) */
  view: TaskView;
}

/** Task `id` with its relations; throws task_not_found, invalid_id or parse_error. */
export async function showTask(ws: Workspace, id: string): Promise<ShowResult> {
  const record = await getTask(ws, id);
  const [parent, children] = await Promise.all([
    findParent(ws, record, { readOnly: true }),
    childrenOf(ws, record),
  ]);
  return { record, parent, children, view: showView(record, parent, children) };
}
