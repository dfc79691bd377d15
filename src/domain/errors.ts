// The one error contract of every front door (quality.md, "Three front doors, one core").
// A service throws a TaskplainError with a code; each code has one category, and each
// front door maps the category: the CLI to an exit code (cli.md), the board to an HTTP
// status, the MCP server to an `isError` result. Messages name fields, never CLI flags;
// front doors add their own hints (src/cli/hints.ts for the CLI).

/** What kind of failure a code is; front doors map these, never the codes one by one. */
export const ERROR_CATEGORIES = ["usage", "refused", "not_found", "conflict", "parse", "io", "lock"] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** Every error code a user can meet, with its category and what it means (for `help --json`). */
export const ERROR_CODES = {
  usage: ["usage", "a flag, argument or input value is malformed or missing"],
  invalid_id: ["usage", "the text given as a task id is not one (lowercase words joined by hyphens)"],
  invalid_input: ["usage", "an input value is out of range or of the wrong type"],
  unsafe_path: ["usage", "a path would leave tasks/ (never written)"],
  task_not_found: ["not_found", "no task has that id"],
  parse_error: ["parse", "a task file could not be parsed; it is left byte-for-byte alone"],
  io_error: ["io", "the file system refused a read or write"],
  git_error: ["io", "a git command failed"],
  root_not_found: ["io", "the repository root given does not exist"],
  no_repository: ["io", "no tasks/ folder was found"],
  lock_error: ["io", "the repository lock could not be created"],
  internal_error: ["io", "an unexpected failure (a bug: please report it)"],
  lock_timeout: ["lock", "another process held the repository lock for too long"],
  stale_version: ["conflict", "the task changed since the version the caller read"],
  path_taken: ["conflict", "a file already exists where the task would be written"],
  id_taken: ["conflict", "another task already has that id"],
  already_done: ["refused", "the task is already done"],
  task_blocked: ["refused", "the task is blocked"],
  not_pickable: ["refused", "the task is not in a state that can be picked up"],
  dependencies_unmet: ["refused", "a task this one depends on is not done"],
  completion_refused: ["refused", "the task does not meet the rules for done"],
  incomplete_descendant: ["refused", "a descendant is still open"],
  hierarchy_cycle: ["refused", "the change would make the hierarchy a cycle"],
  invalid_child_kind: ["refused", "the kinds do not pair (epic → story → task)"],
  task_referenced: ["refused", "other tasks still name this one"],
  validation_failed: ["refused", "the change would make the task invalid"],
  invalid_task: ["refused", "the task has schema errors to repair first"],
  invalid_attempt: ["refused", "an execution attempt does not match the telemetry schema"],
  no_attempts: ["refused", "the task has no execution attempts"],
  criterion_not_found: ["refused", "no acceptance criterion matches the number or text given"],
  criterion_ambiguous: ["refused", "the text given matches several acceptance criteria"],
  task_closed: ["refused", "the task is done or canceled, so it cannot be claimed"],
  lease_held: ["refused", "someone else holds a live lease on the task (leases.md)"],
  lease_lost: ["refused", "the caller's lease was broken (release --force) or taken over after expiry"],
  no_lease: ["refused", "the task has no lease to release or renew"],
  lease_invalid: ["refused", "the stored lease record cannot be read; only a forced release clears it"],
  lease_contended: ["conflict", "the lease kept changing while it was being claimed"],
  task_done_elsewhere: [
    "refused",
    "the lease holder closed the task in a worktree whose change is not merged here yet",
  ],
  remote_error: [
    "io",
    "the git remote the leases are shared through could not be reached or refused the push",
  ],
  lease_file_invalid: ["io", "the lease file beside the repository lock is not one"],
  dependency_cycle: [
    "refused",
    "the change would make tasks wait on each other (a depends_on cycle), or the task is in one",
  ],
  missing_dependency: ["refused", "depends_on would name a task that does not exist"],
  missing_block_target: ["refused", "blocks would name a task that does not exist"],
  missing_child: ["refused", "children would name a task that does not exist"],
  invalid_reference: ["refused", "a task would name itself where it cannot"],
  multiple_parents: ["refused", "the change would list a task as the child of a second parent"],
  cross_file_error: [
    "refused",
    "the change would add an error across tasks (details.findings lists what validate would report)",
  ],
  file_gone: ["conflict", "a file the change needs was moved or removed meanwhile"],
  repository_not_empty: [
    "refused",
    "init --sample into a repository that already has tasks (without --force)",
  ],
} as const satisfies Record<string, readonly [ErrorCategory, string]>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorExtra {
  /** repository-relative path of the file concerned */
  path?: string;
  /** the task the error is about (front doors build their hints from it) */
  id?: string;
  /** structured detail for JSON output (e.g. validation findings) */
  details?: unknown;
  /** a hint that holds for every front door (never a CLI command line) */
  hint?: string;
  /** a message about a list: its lead and every item (see `listedMessage`) */
  list?: ErrorList;
}

/** A message about several things: front doors may lay the items out, one a line. */
export interface ErrorList {
  lead: string;
  items: readonly string[];
}

/** How many items of a list a message shows; the rest are counted ("and N more"). */
export const LISTED_ITEMS = 5;

/** `<lead>: <item> · <item>…` on one line, at most LISTED_ITEMS items, then "(and N more)". */
export function listedMessage({ lead, items }: ErrorList): string {
  const more = items.length - LISTED_ITEMS;
  return `${lead}: ${items.slice(0, LISTED_ITEMS).join(" · ")}${more > 0 ? ` (and ${more} more)` : ""}`;
}

export class TaskplainError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly path: string | undefined;
  readonly id: string | undefined;
  readonly details: unknown;
  readonly hint: string | undefined;
  readonly list: ErrorList | undefined;

  constructor(code: ErrorCode, message: string, extra: ErrorExtra = {}) {
    super(message);
    this.name = "TaskplainError";
    this.code = code;
    this.category = ERROR_CODES[code][0];
    this.path = extra.path;
    this.id = extra.id;
    this.details = extra.details;
    this.hint = extra.hint;
    this.list = extra.list;
  }
}

export const usageError = (message: string, extra: ErrorExtra = {}) =>
  new TaskplainError("usage", message, extra);

/**
 * A value the user typed, quoted for a message: control and bidi characters escaped
 * (an error must not repaint the terminal), cut to `max` characters with its length.
 */
export function quoteInput(value: string, max = 60): string {
  const escaped = value.replace(
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  const cut = [...escaped];
  return cut.length > max ? `"${cut.slice(0, max).join("")}…" (${cut.length} characters)` : `"${escaped}"`;
}

export const notFoundError = (id: string) =>
  new TaskplainError("task_not_found", `no task with id ${quoteInput(id)}`, { id });
