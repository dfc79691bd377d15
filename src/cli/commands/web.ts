import { usageError } from "../../domain/errors.js";
import { parseCount } from "../args.js";
import type { RegisterCommand } from "../registrar.js";

/** `web`'s options. */
interface WebFlags {
  port?: string;
  host?: string;
  open?: boolean;
}

/** Loopback names the board may bind to (board.md "Server": never another interface). */
const LOOPBACK = ["127.0.0.1", "localhost", "::1"];

export const registerWeb: RegisterCommand = (program, r) => {
  program
    .command("web")
    .description("open the board: a live Kanban of tasks/ in the browser, on 127.0.0.1")
    .option(
      "--port <n>",
      "port to listen on, 0 for any free one (default: one derived from the repository path, next free if taken)",
    )
    .option("--host <host>", "loopback address to bind: 127.0.0.1 (default), localhost or ::1")
    .option("--open", "open the board in the default browser")
    .addHelpText(
      "after",
      `
The board updates live when files under tasks/ change (CLI, editor, git pull).
Stop it with Ctrl-C.

Examples:
  taskplain web --open
  taskplain web --port 4321`,
    )
    .action(
      r.action<WebFlags>(async (ctx, opts) => {
        const port = parseCount(opts.port, "--port", 0);
        if (port !== undefined && port > 65_535)
          throw usageError(`--port must be at most 65535 (got ${port})`);
        const host = opts.host ?? "127.0.0.1";
        if (!LOOPBACK.includes(host)) {
          throw usageError(
            `--host must be a loopback address (${LOOPBACK.join(", ")}), not "${host}": the board is for this machine only`,
          );
        }
        const { runWeb } = await import("./web-run.js");
        return runWeb(ctx, { port, host, open: Boolean(opts.open) });
      }),
    );
};
