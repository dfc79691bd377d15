// What a command module needs from the program (program.ts builds it): the shape of
// its register function and the `--field` value separator. A leaf, so command modules
// do not import the program that imports them.
import type { Command } from "commander";
import type { Ctx, Io, OutputMode } from "./context.js";

export type ActionFn = (ctx: Ctx, opts: Record<string, unknown>, args: unknown[]) => Promise<unknown>;

export interface Registrar {
  /** Wraps a command's run function with context building and error handling. */
  action(fn: ActionFn, outputs?: OutputMode[]): (...params: unknown[]) => Promise<void>;
  io: Io;
}

export type RegisterCommand = (program: Command, r: Registrar) => void;

/** `--field <section> <text>` takes two values; commander options take one, so they are folded with this. */
export const FIELD_SEPARATOR = "\u0000";
