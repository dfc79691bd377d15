// The CLI's hints for errors (cli.md: "hint: <command that helps>"). Services name
// fields and tasks; only this front door knows which command line helps.
import type { ErrorCode, TaskplainError } from "../domain/errors.js";

type HintFor = (e: TaskplainError, id: string) => string | undefined;

const HINTS: Partial<Record<ErrorCode, HintFor>> = {
  usage: () => "taskplain help",
  invalid_id: () => "taskplain list --output plain",
  task_not_found: () => "taskplain list --output plain",
  parse_error: () => "fix the file by hand; taskplain never rewrites a file it cannot parse",
  stale_version: (_e, id) => `taskplain show ${id} --output json`,
  id_taken: () => "choose another --id or leave it out to derive one",
  root_not_found: () => "pass --root <dir> or set TASKPLAIN_ROOT to an existing folder",
  no_repository: () => "taskplain init",
  lock_timeout: () =>
    "another taskplain process is writing; retry, or remove the lock folder if no taskplain runs",
  internal_error: () => "set TASKPLAIN_DEBUG=1 for details and report it",
  validation_failed: (_e, id) => `taskplain validate ${id}`,
  invalid_task: (_e, id) => `taskplain validate ${id}`,
  invalid_attempt: () => "see the schema: taskplain schema | jq .properties.execution",
  no_attempts: (_e, id) => `taskplain attempt add ${id} --tool … --status … --duration …`,
  task_blocked: (_e, id) => `taskplain update ${id} --unset blocked   (or pass --force)`,
  incomplete_descendant: (_e, id) =>
    `finish or cancel them first, e.g. taskplain move ${id} canceled --cascade cancel`,
  task_referenced: (_e, id) =>
    `taskplain delete ${id} --force   (also removes those references; children become roots)`,
  completion_refused: (e) => (e.details as { hint?: string }[] | undefined)?.[0]?.hint,
  not_pickable: (_e, id) => `taskplain show ${id}`,
  dependencies_unmet: (_e, id) => `taskplain show ${id}   (or pass --force)`,
};

/**
 * The hint printed under an error: the error's own when it has one (a hint that holds for
 * every front door), else the CLI's for its code.
 */
export function cliHint(error: TaskplainError): string | undefined {
  return error.hint ?? HINTS[error.code]?.(error, error.id ?? "<id>");
}
