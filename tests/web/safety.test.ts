// The board server's safety rules (board.md "Security", issue 12 "Done means"), in-process
// with fastify.inject: Host check, token and Origin on writes, static route confined to the
// bundled assets, body validation and size limit — and a refusal changes no file.
import { rmSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initRepository } from "../../src/services/init.js";
import { Workspace } from "../../src/storage/workspace.js";
import { TOKEN_HEADER } from "../../src/web/api-types.js";
import { BODY_LIMIT, buildApp } from "../../src/web/server.js";
import { BoardStore } from "../../src/web/store.js";
import { PROJECT, snapshot, tempDir } from "../helpers.js";

const PORT = 47_123;
const TOKEN = "t".repeat(64);
const HOST = `127.0.0.1:${PORT}`;
const ORIGIN = `http://${HOST}`;

let root: string;
let app: FastifyInstance;

beforeEach(async () => {
  root = tempDir("taskplain-web-");
  await initRepository(Workspace.open({ root, cwd: root, env: {}, allowMissingTasks: true }), {
    sample: true,
  });
  const store = new BoardStore(Workspace.open({ root, cwd: root, env: {} }));
  await store.load();
  ({ app } = await buildApp(store, {
    port: PORT,
    token: TOKEN,
    assetsDir: path.join(PROJECT, "dist", "web"),
  }));
});

afterEach(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const writeHeaders = { host: HOST, origin: ORIGIN, [TOKEN_HEADER]: TOKEN };

describe("Host check (DNS rebinding)", () => {
  it("refuses a request whose Host is not the loopback address and port served", async () => {
    for (const host of [
      "evil.example",
      `evil.example:${PORT}`,
      "127.0.0.1:1",
      `localhost.evil.example:${PORT}`,
    ]) {
      const res = await app.inject({ method: "GET", url: "/api/tasks", headers: { host } });
      expect(res.statusCode, host).toBe(403);
      expect(res.json().error.code).toBe("host_refused");
    }
  });

  it("answers on 127.0.0.1, localhost and [::1] with the port", async () => {
    for (const host of [HOST, `localhost:${PORT}`, `[::1]:${PORT}`]) {
      const res = await app.inject({ method: "GET", url: "/api/health", headers: { host } });
      expect(res.statusCode, host).toBe(200);
    }
  });
});

describe("writes need the page's token and Origin", () => {
  const create = (headers: Record<string, string>) =>
    app.inject({ method: "POST", url: "/api/tasks", headers, payload: { title: "Sneaky" } });

  it("refuses a write without the token, with a wrong token, or from a foreign Origin — and writes nothing", async () => {
    const before = snapshot(root);
    const cases: [string, Record<string, string>][] = [
      ["no token", { host: HOST, origin: ORIGIN }],
      ["wrong token", { host: HOST, origin: ORIGIN, [TOKEN_HEADER]: "x".repeat(64) }],
      ["foreign origin", { host: HOST, origin: "http://evil.example", [TOKEN_HEADER]: TOKEN }],
      ["no origin", { host: HOST, [TOKEN_HEADER]: TOKEN }],
    ];
    for (const [name, headers] of cases) {
      const res = await create(headers);
      expect(res.statusCode, name).toBe(403);
      expect(res.json().error.message, name).toBeTruthy();
    }
    expect(snapshot(root)).toEqual(before);
  });

  it("accepts a write with both", async () => {
    const res = await create(writeHeaders);
    expect(res.statusCode).toBe(201);
    expect(res.json().id).toBe("sneaky");
    expect(Object.keys(snapshot(root))).toContain("tasks/00-idea/task-sneaky.md");
  });

  it("treats anything but a GET on /ws as a write", async () => {
    const res = await app.inject({ method: "POST", url: "/ws", headers: { host: HOST }, payload: {} });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("token_refused");
  });

  it("refuses a WebSocket from a foreign Origin", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/ws",
      headers: { host: HOST, origin: "http://evil.example", connection: "upgrade", upgrade: "websocket" },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("static files", () => {
  it("serves the page with its token, and the bundled assets", async () => {
    const page = await app.inject({ method: "GET", url: "/", headers: { host: HOST } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`content="${TOKEN}"`);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    const js = await app.inject({ method: "GET", url: "/app.js", headers: { host: HOST } });
    expect(js.statusCode).toBe(200);
    expect(js.headers["content-type"]).toContain("javascript");
  });

  it("refuses traversal and anything that is not a bundled asset", async () => {
    for (const url of [
      "/../package.json",
      "/%2e%2e/package.json",
      "/..%2fpackage.json",
      "/app.js/../../package.json",
      "/web/../../package.json",
      "/index.html/../../../etc/passwd",
      "/tasks/00-idea/task-search-suggest.md",
      "/dist/cli.js",
    ]) {
      const res = await app.inject({ method: "GET", url, headers: { host: HOST } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('"name": "taskplain"');
      expect(res.body, url).not.toContain("root:");
    }
  });
});

describe("bodies are validated and size-limited", () => {
  it("answers 400 or 422 with a message to invalid bodies, and changes nothing", async () => {
    const show = await app.inject({ method: "GET", url: "/api/tasks/orders-page", headers: { host: HOST } });
    const version = show.json().version as string;
    const before = snapshot(root);
    const cases: [string, string, unknown, number][] = [
      ["POST", "/api/tasks", {}, 400],
      ["POST", "/api/tasks", { title: "x", kind: "saga" }, 400],
      ["POST", "/api/tasks", { title: "x", extra: 1 }, 400],
      ["POST", "/api/tasks", { title: "x", parent: "no-such-task" }, 404],
      ["PATCH", "/api/tasks/orders-page", { version, meta: { priority: "sometimes" } }, 422],
      ["PATCH", "/api/tasks/orders-page", { version, meta: { state: "done" } }, 400],
      ["PATCH", "/api/tasks/orders-page", { meta: { priority: "low" } }, 400],
      ["PATCH", "/api/tasks/orders-page", { version: "0000000", meta: { priority: "low" } }, 409],
      ["PATCH", "/api/tasks/orders-page", { version, body: 42 }, 400],
      ["POST", "/api/tasks/orders-page/state", { version, state: "finished" }, 400],
      ["POST", "/api/tasks/audit-logging/state", { version: "x", state: "done" }, 409],
      ["PATCH", "/api/tasks/..%2F..%2Fetc", { version, meta: { priority: "low" } }, 400],
      ["PATCH", "/api/tasks/missing-task", { version, meta: { priority: "low" } }, 404],
    ];
    for (const [method, url, payload, status] of cases) {
      const res = await app.inject({
        method: method as "POST",
        url,
        headers: writeHeaders,
        payload: payload as object,
      });
      const what = `${method} ${url} ${JSON.stringify(payload)}`;
      expect(res.statusCode, what).toBe(status);
      expect(res.json().error.message, what).toMatch(/\w/);
      expect(res.json().error.code, what).toMatch(/\w/);
    }
    const notJson = await app.inject({
      method: "POST",
      url: "/api/tasks",
      headers: { ...writeHeaders, "content-type": "application/json" },
      payload: "{title:",
    });
    expect(notJson.statusCode).toBe(400);
    expect(snapshot(root)).toEqual(before);
  });

  it("refuses an oversized body", async () => {
    const before = snapshot(root);
    const res = await app.inject({
      method: "POST",
      url: "/api/tasks",
      headers: writeHeaders,
      payload: { title: "big", padding: "x".repeat(BODY_LIMIT + 1) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(/\w/);
    expect(snapshot(root)).toEqual(before);
  });
});
