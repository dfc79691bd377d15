// The CLI's exit codes (cli.md, "Conventions"): the one place error categories become numbers.
import type { ErrorCategory } from "../domain/errors.js";

export const EXIT = {
  ok: 0,
  refused: 1,
  io: 2,
  parse: 3,
  lock: 4,
  usage: 5,
  notFound: 6,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Exit code of each error category; conflicts (stale version, id or path taken) are refusals. */
export const EXIT_BY_CATEGORY: Record<ErrorCategory, ExitCode> = {
  usage: EXIT.usage,
  refused: EXIT.refused,
  not_found: EXIT.notFound,
  conflict: EXIT.refused,
  parse: EXIT.parse,
  io: EXIT.io,
  lock: EXIT.lock,
};

/** What each exit code means, as `--help` and `help --json` print it. */
export const EXIT_MEANINGS: Record<ExitCode, string> = {
  0: "ok",
  1: "validation failed or change refused",
  2: "I/O or git error",
  3: "unparsable task file",
  4: "lock timeout",
  5: "usage error",
  6: "task not found",
};
