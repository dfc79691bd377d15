// The commands dist/cli.js runs from the smaller bundle dist/single.cjs (single.ts): each
// reads and writes one task, and an agent calls them many times a session. A leaf
// module, so the entry can route without loading either bundle.

/** Command names (the first argument) that single.ts can run. */
export const SINGLE_TASK_COMMANDS = ["show", "update", "attempt", "check"] as const;

export type SingleTaskCommand = (typeof SINGLE_TASK_COMMANDS)[number];

/** True when `argv` (without node and script) is run by single.ts. */
export const isSingleTaskCommand = (argv: readonly string[]): boolean =>
  (SINGLE_TASK_COMMANDS as readonly string[]).includes(argv[0] ?? "");
