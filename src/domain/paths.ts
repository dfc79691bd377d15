// File names and folders of tasks: built only from validated state, kind and id.
import { ID_PATTERN, KINDS, type Kind, STATE_FOLDERS, STATES, type State } from "./enums.js";
import { utcDate } from "./timestamps.js";

const FOLDER_STATE = new Map<string, State>(STATES.map((s) => [STATE_FOLDERS[s], s]));
const NAME = new RegExp(`^(?:(\\d{4}-\\d{2}-\\d{2}) )?(${KINDS.join("|")})-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md$`);

export const stateOfFolder = (folder: string): State | undefined => FOLDER_STATE.get(folder);

export interface ParsedFileName {
  date?: string;
  kind: Kind;
  id: string;
}

export function parseFileName(name: string): ParsedFileName | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { ...(m[1] ? { date: m[1] } : {}), kind: m[2] as Kind, id: m[3]! };
}

/** `tasks/<folder>/<name>` relative to the repository root. */
export function taskRelPath(state: State, kind: Kind, id: string, completedAt?: string | null): string {
  if (!ID_PATTERN.test(id)) throw new Error(`refusing to build a path from invalid id ${JSON.stringify(id)}`);
  const date = state === "done" ? utcDate(completedAt) : null;
  const name = date ? `${date} ${kind}-${id}.md` : `${kind}-${id}.md`;
  return `tasks/${STATE_FOLDERS[state]}/${name}`;
}
