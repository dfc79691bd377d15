// The single-task program (dist/single.cjs): one of `show`, `update`, `attempt`, `check`
// on the same commander wiring as the whole program, but bundled without the other
// commands, the board and the MCP server, so the code V8 loads from the code cache is
// a fraction of dist/program.cjs. Output and errors are the same as the whole program's.
import { runCommands } from "./commander-program.js";
import { registerAttempt } from "./commands/attempt.js";
import { registerCheck } from "./commands/check.js";
import { registerShow } from "./commands/show.js";
import { registerUpdate } from "./commands/update.js";
import { type Io, processIo } from "./context.js";
import type { RegisterCommand } from "./registrar.js";
import type { SingleTaskCommand } from "./single-commands.js";

const REGISTER: Record<SingleTaskCommand, RegisterCommand> = {
  show: registerShow,
  update: registerUpdate,
  attempt: registerAttempt,
  check: registerCheck,
};

/**
 * Runs a command line whose first word is a single-task command (single-commands.ts);
 * returns the exit code. Throws when it is not one.
 */
export function runCli(rawArgv: string[], version: string, io: Io = processIo()): Promise<number> {
  const name = rawArgv[0] ?? "";
  const register = Object.hasOwn(REGISTER, name) ? REGISTER[name as SingleTaskCommand] : undefined;
  if (!register) throw new Error(`not a single-task command: ${rawArgv[0]}`);
  return runCommands([register], rawArgv, version, io);
}
