// What every command gets: its I/O (injected, so commands run in-process in tests), the
// global options, colours, and the repository's Workspace, opened on first use.
import { createColors } from "picocolors";
import { usageError } from "../domain/errors.js";
import { type Clock, systemClock, Workspace } from "../storage/workspace.js";

export type OutputMode = "human" | "json" | "plain" | "csv";
type Colors = ReturnType<typeof createColors>;

/** The outside world of one command run: streams, environment, working directory, clock. */
export interface Io {
  /** standard output; bytes are UTF-8 text (a long JSON answer joined from stored texts) */
  out(text: string | Uint8Array): void;
  err(text: string): void;
  /** stdin as text (for --json and metadata set) */
  readStdin(): Promise<string>;
  stdoutIsTTY: boolean;
  /** the terminal's width in columns when stdout is a TTY (ui/width.ts) */
  columns?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock: Clock;
}

export interface GlobalOptions {
  root?: string;
  output?: string;
  color?: string;
}

export interface Ctx {
  io: Io;
  output: OutputMode;
  c: Colors;
  /**
   * The Workspace of the repository (--root, TASKPLAIN_ROOT, or found from the working
   * directory), opened once per command run and flushed when the command ends.
   */
  workspace(options?: { allowMissingTasks?: boolean }): Workspace;
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
  clock: systemClock,
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

/** Workspaces opened during one command run, flushed by runCli when the command ends. */
export type OpenWorkspaces = Workspace[];

export function makeCtx(
  globals: GlobalOptions,
  io: Io,
  opened: OpenWorkspaces,
  allowed: OutputMode[] = ["human", "json"],
): Ctx {
  const output = (globals.output ?? "human") as OutputMode;
  if (!allowed.includes(output)) {
    throw usageError(
      `--output must be ${allowed.join(", ").replace(/, ([^,]*)$/, " or $1")} (got "${globals.output}")`,
    );
  }
  let ws: Workspace | undefined;
  return {
    io,
    output,
    c: createColors(colorEnabled(globals.color, io)),
    workspace(options = {}) {
      if (!ws) {
        ws = Workspace.open({ root: globals.root, cwd: io.cwd, env: io.env, clock: io.clock, ...options });
        opened.push(ws);
      }
      return ws;
    },
  };
}
