// What a command module needs from the program (program.ts builds it): the shape of
// its register function and the `--field` value separator. A leaf, so command modules
// do not import the program that imports them.
import { type Command, Option } from "commander";
import type { Ctx, Io, OutputMode } from "./context.js";

/** A command's run function: its typed options (commander's camelCase keys) and positional arguments. */
export type ActionFn<O> = (ctx: Ctx, opts: O, args: unknown[]) => Promise<unknown>;

export interface Registrar {
  /**
   * Wraps a command's run function with context building and error handling. `O` is the
   * command's options as commander parses them (the one place they are typed).
   */
  action<O = Record<string, unknown>>(
    fn: ActionFn<O>,
    outputs?: OutputMode[],
  ): (...params: unknown[]) => Promise<void>;
  io: Io;
}

/** The options every command that writes shares (cli.md, "Conventions"), declared once. */
export interface WriteFlags {
  /** refuse when the task changed since this version was read */
  ifVersion?: string;
  dryRun?: boolean;
}

/** `--if-version <v>`: stale-write protection for commands that change a task. */
export const ifVersionOption = (what = "the task") =>
  new Option("--if-version <v>", `refuse if ${what} changed since this version was read`);

/** `--dry-run`, with what the command would show instead of writing. */
export const dryRunOption = (shows: string) => new Option("--dry-run", `${shows}; write nothing`);

export type RegisterCommand = (program: Command, r: Registrar) => void;

/** `--field <section> <text>` takes two values; commander options take one, so they are folded with this. */
export const FIELD_SEPARATOR = "\u0000";
