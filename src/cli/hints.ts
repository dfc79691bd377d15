// The CLI's hints for errors (cli.md: "hint: <command that helps>"). Services name
// fields and tasks; only this front door knows which command line helps.
import type { ErrorCode, TaskplainError } from "../domain/errors.js";

type HintFor = (e: TaskplainError, id: string) => string | undefined;

/** A refusal of the write checks (services/write-checks.ts): details list what the change would add. */
const addsFindings = (e: TaskplainError): boolean =>
  Array.isArray((e.details as { findings?: unknown } | undefined)?.findings);

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
  invalid_task: (e, id) =>
    (e.details as { repair?: string } | undefined)?.repair ??
    `taskplain validate ${id}   (each error names its repair)`,
  invalid_attempt: () => "see the schema: taskplain schema | jq .properties.execution",
  no_attempts: (_e, id) => `taskplain attempt add ${id} --tool … --status … --duration …`,
  task_blocked: (_e, id) => `taskplain update ${id} --unset blocked   (or pass --force)`,
  incomplete_descendant: (e, id) =>
    addsFindings(e)
      ? `taskplain move ${id} in-progress   (reopen the done parent first)`
      : `finish or cancel them first, e.g. taskplain move ${id} canceled --cascade cancel`,
  multiple_parents: () => "taskplain adopt <new-parent> <child>   (moves a child; a task has one parent)",
  cross_file_error: (_e, id) => `taskplain validate ${id}   (shows what is wrong now)`,
  task_referenced: (_e, id) =>
    `taskplain delete ${id} --force   (also removes those references; children become roots)`,
  completion_refused: (e) => (e.details as { hint?: string }[] | undefined)?.[0]?.hint,
  not_pickable: (_e, id) => `taskplain show ${id}`,
  dependencies_unmet: (_e, id) => `taskplain show ${id}   (or pass --force)`,
  task_closed: (_e, id) => `taskplain move ${id} ready   (to reopen it)`,
  lease_held: (e, id) => {
    const holder = (e.details as { lease?: { holder?: string } } | undefined)?.lease?.holder;
    // the holder itself gets through by saying who it is; others wait, or override
    return `taskplain leases — wait for it to expire; if you are ${holder ?? "its holder"}, say so: TASKPLAIN_HOLDER=${holder ?? "<holder>"} taskplain …; to take it over: taskplain release ${id} --force`;
  },
  lease_lost: (_e, id) => `taskplain claim ${id} to try again`,
  no_lease: () => "taskplain leases --all",
  lease_invalid: (_e, id) => `taskplain release ${id} --force`,
  lease_contended: (_e, id) => `taskplain leases, then taskplain claim ${id} again`,
  task_done_elsewhere: (e) => {
    const done = (e.details as { done?: { worktree?: string; task?: string } } | undefined)?.done;
    return `merge the work of ${done?.worktree ?? "that worktree"}; to reopen it anyway: git update-ref -d refs/taskplain/done/${done?.task ?? "<id>"}`;
  },
  remote_error: () => "check that the remote is reachable and accepts pushes of refs/taskplain/*",
  lease_file_invalid: () => "no taskplain runs? then delete the file: it only holds leases",
  dependency_cycle: (e, id) => {
    const d = e.details as
      | { remaining_depends_on?: string[]; existing?: boolean; cycle?: string[] }
      | undefined;
    if (!d?.existing)
      return `drop ${d?.cycle?.[1] ?? "the dependency that waits on it"} from depends_on; see taskplain show ${id}`;
    const rest = d.remaining_depends_on ?? [];
    return rest.length === 0
      ? `taskplain update ${id} --unset depends_on`
      : `taskplain update ${id} --meta depends_on=${rest.join(",")}`;
  },
  missing_dependency: () => "taskplain list --output plain",
  missing_block_target: () => "taskplain list --output plain",
  missing_child: () => "taskplain list --output plain",
  invalid_reference: (_e, id) => `taskplain show ${id}`,
  file_gone: () => "run the command again",
  path_taken: (e) =>
    `taskplain validate   (move or delete ${e.path ?? "that file"} first; nothing was changed)`,
  repository_not_empty: () => "taskplain init --sample --force   (adds only samples whose ids are free)",
};

/**
 * The hint printed under an error: the error's own when it has one (a hint that holds for
 * every front door), else the CLI's for its code.
 */
export function cliHint(error: TaskplainError): string | undefined {
  return error.hint ?? HINTS[error.code]?.(error, error.id ?? "<id>");
}
