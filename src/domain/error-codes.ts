// Every error code a command can answer with, its exit code (cli.md) and what it means:
// published by `help --json` and used by the MCP server's isError results.
import { EXIT, type ExitCode } from "./errors.js";

export const EXIT_MEANINGS: Record<ExitCode, string> = {
  [EXIT.ok]: "ok",
  [EXIT.refused]: "validation failed or a rule refused the change",
  [EXIT.io]: "I/O or git error",
  [EXIT.parse]: "a task file could not be parsed",
  [EXIT.lock]: "lock timeout",
  [EXIT.usage]: "usage error",
  [EXIT.notFound]: "task not found",
};

export const ERROR_CODES: Record<string, { exit: ExitCode; meaning: string }> = {
  usage: { exit: EXIT.usage, meaning: "bad arguments or options" },
  invalid_id: { exit: EXIT.usage, meaning: "not a task id (lowercase words joined by hyphens)" },
  task_not_found: { exit: EXIT.notFound, meaning: "no task with that id" },
  parse_error: { exit: EXIT.parse, meaning: "a task file could not be parsed; it is left untouched" },
  io_error: { exit: EXIT.io, meaning: "reading or writing a file failed" },
  git_error: { exit: EXIT.io, meaning: "a git command failed" },
  root_not_found: { exit: EXIT.io, meaning: "the given root is not a directory" },
  no_repository: { exit: EXIT.io, meaning: "no tasks/ folder found; run init" },
  unsafe_path: { exit: EXIT.io, meaning: "a path would leave the repository" },
  internal_error: { exit: EXIT.io, meaning: "unexpected failure" },
  lock_timeout: { exit: EXIT.lock, meaning: "another writer held the repository lock too long" },
  lock_error: { exit: EXIT.lock, meaning: "the repository lock could not be taken" },
  stale_version: { exit: EXIT.refused, meaning: "the task changed since the version given (--if-version)" },
  validation_failed: { exit: EXIT.refused, meaning: "the change (or the repository) breaks the schema" },
  invalid_task: { exit: EXIT.refused, meaning: "the task has schema errors; fix them first" },
  not_pickable: { exit: EXIT.refused, meaning: "only idea and ready tasks can be picked up" },
  task_blocked: { exit: EXIT.refused, meaning: "the task is blocked" },
  dependencies_unmet: { exit: EXIT.refused, meaning: "a dependency is not done" },
  completion_refused: { exit: EXIT.refused, meaning: "criteria, changelog or commit message missing" },
  incomplete_descendant: { exit: EXIT.refused, meaning: "a child is still open" },
  criterion_not_found: { exit: EXIT.refused, meaning: "no criterion matches" },
  criterion_ambiguous: { exit: EXIT.refused, meaning: "several criteria match" },
  id_taken: { exit: EXIT.refused, meaning: "a task with that id exists" },
  path_taken: { exit: EXIT.refused, meaning: "a file exists at the target path" },
  hierarchy_cycle: { exit: EXIT.refused, meaning: "the change would make a task its own ancestor" },
  invalid_child_kind: { exit: EXIT.refused, meaning: "the child's kind does not fit under the parent" },
  task_referenced: { exit: EXIT.refused, meaning: "other tasks still reference it" },
  invalid_attempt: { exit: EXIT.refused, meaning: "the attempt breaks the schema" },
  no_attempts: { exit: EXIT.refused, meaning: "the task has no attempts" },
};
