// The whole program (dist/program.cjs): every command. Single-task commands usually run
// from the smaller dist/single.cjs instead (single.ts); the same commander wiring serves both.
import type { Command } from "commander";
import { buildCommands, runCommands } from "./commander-program.js";
import { COMMANDS } from "./commands/index.js";
import { type Io, type OpenWorkspaces, processIo } from "./context.js";

/** The commander program with every command (help pages are rendered from it: help-texts.ts). */
export function buildProgram(
  version: string,
  io: Io,
  exit: { code: number },
  opened: OpenWorkspaces = [],
): Command {
  return buildCommands(COMMANDS, version, io, exit, opened);
}

/** Runs a command line (without node and script); returns the exit code. */
export function runCli(rawArgv: string[], version: string, io: Io = processIo()): Promise<number> {
  return runCommands(COMMANDS, rawArgv, version, io, async (program, args, helpIo) => {
    const { runHelp } = await import("./help-command.js");
    return runHelp(program, args, helpIo);
  });
}
