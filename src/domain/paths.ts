// File names and folders of tasks: built only from validated state, kind and id.
import { ID_PATTERN, KINDS, type Kind, STATE_FOLDERS, STATES, type State } from "./enums.js";
import { utcDate } from "./timestamps.js";

const FOLDER_STATE = new Map<string, State>(STATES.map((s) => [STATE_FOLDERS[s], s]));
// `[YYYY-MM-DD ]<kind>-<id>.md`: the date only for done tasks.
const DATE_PART = "(\\d{4}-\\d{2}-\\d{2}) ";
const ID_PART = ID_PATTERN.source.replace(/^\^|\$$/g, "");
const NAME = new RegExp(`^(?:${DATE_PART})?(${KINDS.join("|")})-(${ID_PART})\\.md$`);
const NAME_OF_KIND = Object.fromEntries(
  KINDS.map((kind) => [kind, new RegExp(`^(?:${DATE_PART})?${kind}-${ID_PART}\\.md$`)]),
) as Record<Kind, RegExp>;

/** True when `name` follows the file-name convention (a test, no allocation: used on whole listings). */
export const isTaskFileName = (name: string): boolean => NAME.test(name);

/** True when `name` is a conventional file name of one of `kinds`. */
export const isFileNameOfKind = (name: string, kinds: readonly Kind[]): boolean =>
  kinds.some((kind) => NAME_OF_KIND[kind].test(name));

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
