// What every command gets: the global options, output streams and colours.
import { createColors } from "picocolors";
import { usageError } from "../domain/errors.js";
import { findRoot } from "../storage/root.js";

export type OutputMode = "human" | "json" | "plain";
type Colors = ReturnType<typeof createColors>;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stdin as text (for --json and metadata set) */
  readStdin(): Promise<string>;
  stdoutIsTTY: boolean;
  /** the terminal's width in columns when stdout is a TTY (ui/width.ts) */
  columns?: number;
  /** the clock, epoch ms (tests fix it; default Date.now) */
  now?: () => number;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface GlobalOptions {
  root?: string;
  output?: string;
  color?: string;
}

export interface Ctx {
  io: Io;
  root: string | undefined;
  output: OutputMode;
  c: Colors;
}

export const processIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readStdin: async () => {
    if (process.stdin.isTTY) return "";
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  columns: process.stdout.columns,
  env: process.env,
  cwd: process.cwd(),
});

export function colorEnabled(mode: string | undefined, io: Io): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  if (mode !== undefined && mode !== "auto")
    throw usageError(`--color must be auto, always or never (got "${mode}")`);
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  // force-color.org: present and not empty forces colour ("0" and "false" turn it off)
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return io.stdoutIsTTY;
}

export function makeCtx(globals: GlobalOptions, io: Io, allowed: OutputMode[] = ["human", "json"]): Ctx {
  const output = (globals.output ?? "human") as OutputMode;
  if (!allowed.includes(output)) {
    throw usageError(
      `--output must be ${allowed.join(", ").replace(/, ([^,]*)$/, " or $1")} (got "${globals.output}")`,
    );
  }
  return { io, root: globals.root, output, c: createColors(colorEnabled(globals.color, io)) };
}

/** The repository root for a command (--root, TASKPLAIN_ROOT, or found from the working directory). */
export function rootOf(ctx: Ctx): string {
  return findRoot({ root: ctx.root, cwd: ctx.io.cwd, env: ctx.io.env });
}
