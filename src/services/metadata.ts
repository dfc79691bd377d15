// `metadata get`: every metadata key of a task with defaults applied.
import type { Workspace } from "../storage/workspace.js";
import { getTask } from "./repo.js";
import { type TaskView, taskObject } from "./views.js";

/** The task object of `id` (throws task_not_found, invalid_id or parse_error). */
export async function getMetadata(ws: Workspace, id: string): Promise<TaskView> {
  return taskObject(await getTask(ws, id));
}
