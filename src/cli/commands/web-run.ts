// The heavy half of `web`: starts the server, prints the URL, opens a browser on
// request and runs until interrupted.
import { spawn } from "node:child_process";
import { defaultPort } from "../../web/port.js";
import { startBoardServer } from "../../web/server.js";
import type { Ctx } from "../context.js";
import { printJson } from "../output.js";

export interface WebArgs {
  port: number | undefined;
  host: string;
  open: boolean;
}

function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? "open" : process.platform === "win32" ? "cmd" : "xdg-open";
  const args = process.platform === "win32" ? ["/c", "start", "", url] : [url];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // no browser to open: the URL is printed anyway
  }
}

export async function runWeb(ctx: Ctx, args: WebArgs): Promise<number> {
  const workspace = ctx.workspace();
  const { root } = workspace;
  const server = await startBoardServer({
    workspace,
    host: args.host,
    port: args.port ?? defaultPort(root),
    fallback: args.port === undefined,
  });
  if (ctx.output === "json") printJson(ctx, { url: server.url, port: server.port, root });
  else ctx.io.out(`Taskplain board for ${root}\n  ${server.url}\n(Ctrl-C to stop)\n`);
  if (args.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      server.close().then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  return 0;
}
