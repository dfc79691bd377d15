// `taskplain web`: the board's server (board.md "Server"). Fastify on loopback, the
// REST routes, /ws for live updates, the bundled client as the only static files.
// Loaded only by the `web` command, so no other command pays for Fastify.
import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance } from "fastify";
import { usageError } from "../domain/errors.js";
import type { Workspace } from "../storage/workspace.js";
import { type Asset, defaultAssetsDir, loadAssets } from "./assets.js";
import { errorReply } from "./http-errors.js";
import { LiveHub, type TaskWatcher, watchTasks } from "./live.js";
import { isLoopbackHost, PORT_ATTEMPTS } from "./port.js";
import { registerRoutes } from "./routes.js";
import { allowedHosts, guardRequest, newToken } from "./security.js";
import { BoardStore } from "./store.js";

/** Quiet time after start before the server makes the task objects it left for later (ms). */
const BACKGROUND_DELAY_MS = 1000;

/** Largest request body accepted (bytes); a task body is far smaller. */
export const BODY_LIMIT = 512 * 1024;

export interface BoardServerOptions {
  /** the repository, kept open for the server's lifetime */
  workspace: Workspace;
  /** loopback only: 127.0.0.1 (default), localhost or ::1 */
  host?: string;
  port: number;
  /** try the next ports when `port` is taken (the default port); false for an explicit --port */
  fallback?: boolean;
  /** per-process token; a fresh random one by default */
  token?: string;
  /** directory of the bundled client (dist/web by default) */
  assetsDir?: string;
  /** watch tasks/ for changes made by others (default true) */
  watch?: boolean;
}

export interface BoardServer {
  app: FastifyInstance;
  store: BoardStore;
  hub: LiveHub;
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Builds the Fastify app (not listening). `port` is the one the Host check expects. */
export async function buildApp(
  store: BoardStore,
  options: { port: number; token: string; assetsDir?: string },
): Promise<{ app: FastifyInstance; hub: LiveHub; setPort(port: number): void }> {
  const assets = loadAssets(options.assetsDir ?? defaultAssetsDir(), options.token);
  const hub = new LiveHub(store);
  let hosts = allowedHosts(options.port);
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    // Refuse what the schemas do not allow instead of quietly dropping or converting it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  });
  app.setErrorHandler((error, _req, reply) => {
    const { status, body } = errorReply(error);
    reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: "not_found", message: `nothing at ${req.method} ${req.url}` } });
  });
  app.addHook("onRequest", async (req) => {
    guardRequest({ method: req.method, url: req.url, headers: req.headers }, { hosts, token: options.token });
  });
  app.addHook("onSend", async (_req, reply, payload) => {
    // how long the server took (the page and the scale test tell it from the network's share)
    reply.header("server-timing", `app;dur=${reply.elapsedTime.toFixed(1)}`);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("cache-control", "no-store");
    return payload;
  });
  await app.register(websocket, { options: { maxPayload: 4096 } });
  app.get("/ws", { websocket: true }, (socket) => hub.add(socket));
  registerRoutes(app, store, hub);
  const serve = (asset: Asset) => async (_req: unknown, reply: import("fastify").FastifyReply) => {
    reply.type(asset.type);
    if (asset.type.startsWith("text/html")) {
      reply.header(
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
      );
    }
    return reply.send(asset.body);
  };
  for (const [urlPath, asset] of assets) app.get(urlPath, serve(asset));
  return {
    app,
    hub,
    setPort(port: number) {
      hosts = allowedHosts(port);
    },
  };
}

/** Loads the repository, starts listening (the next free port when the default is taken) and watching. */
export async function startBoardServer(options: BoardServerOptions): Promise<BoardServer> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host)) {
    throw usageError(`the board binds only to a loopback address (127.0.0.1, localhost, ::1), not ${host}`);
  }
  const token = options.token ?? newToken();
  // The watcher reports every changed path to the Workspace (invalidate), so repository-wide
  // reads may trust what it kept from the previous one (architecture.md, "watched").
  if (options.watch !== false) options.workspace.watched = true;
  const store = new BoardStore(options.workspace);
  const { app, hub, setPort } = await buildApp(store, {
    port: options.port,
    token,
    assetsDir: options.assetsDir,
  });
  // The watchers are in place before the first full read starts; what they see is
  // applied only after that read (watchTasks chains it on it), so nothing falls between.
  let watcher: TaskWatcher | undefined;
  let loading: Promise<void> = Promise.resolve();
  try {
    if (options.watch !== false) {
      let loaded: () => void = () => undefined;
      watcher = await watchTasks(
        store,
        hub,
        new Promise<void>((resolve) => {
          loaded = resolve;
        }),
      );
      hub.onCheck = () => watcher?.check();
      loading = store.load().finally(() => loaded());
    } else {
      loading = store.load();
    }
    await loading;
  } catch (error) {
    await watcher?.close();
    throw error;
  }
  let port = options.port;
  const attempts = options.fallback ? PORT_ATTEMPTS : 1;
  for (let i = 0; ; i++) {
    try {
      setPort(port);
      await app.listen({ host, port });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || i + 1 >= attempts) {
        await watcher?.close();
        throw error;
      }
      port++;
    }
  }
  if (port === 0) {
    const address = app.server.address();
    port = typeof address === "object" && address ? address.port : port;
    setPort(port);
  }
  // Out of the way of the first requests: ready the first drag's code path, then make
  // the task objects of done and canceled tasks that the first read left for later.
  let closing = false;
  const background = setTimeout(() => {
    void store
      .warmUp()
      .catch(() => undefined)
      .then(() => new Promise((resolve) => setTimeout(resolve, BACKGROUND_DELAY_MS).unref()))
      .then(() => (closing ? undefined : store.completeIndex()))
      .catch(() => undefined);
  }, 50);
  background.unref();
  const shownHost = host === "::1" ? "[::1]" : host;
  return {
    app,
    store,
    hub,
    port,
    token,
    url: `http://${shownHost}:${port}/`,
    async close() {
      closing = true;
      clearTimeout(background);
      await watcher?.close();
      hub.closeAll();
      await app.close();
      try {
        store.flush();
      } catch {
        // the cache is an optimisation: the next start reads the files
      }
    },
  };
}
