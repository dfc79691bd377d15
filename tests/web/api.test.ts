// The board's REST API answers with the CLI's JSON objects and writes through the same
// services (board.md "Server"); /ws pushes changes made on disk by others.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTask } from "../../src/services/create.js";
import { initRepository } from "../../src/services/init.js";
import { Workspace } from "../../src/storage/workspace.js";
import { type ServerMessage, TOKEN_HEADER } from "../../src/web/api-types.js";
import { LiveHub, watchTasks } from "../../src/web/live.js";
import { defaultPort, PORT_BASE, PORT_RANGE } from "../../src/web/port.js";
import { type BoardServer, startBoardServer } from "../../src/web/server.js";
import { BoardStore } from "../../src/web/store.js";
import { PROJECT, run, runBinary, runJson, snapshot, tempDir } from "../helpers.js";

let root: string;
let server: BoardServer;

beforeEach(async () => {
  root = tempDir("taskplain-web-");
  await initRepository(Workspace.open({ root, cwd: root, env: {}, allowMissingTasks: true }), {
    sample: true,
  });
  server = await startBoardServer({
    workspace: Workspace.open({ root, cwd: root, env: {} }),
    port: 0,
    assetsDir: path.join(PROJECT, "dist", "web"),
  });
});

afterEach(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${server.port}`;
const get = (url: string) => server.app.inject({ method: "GET", url, headers: { host: host() } });
const write = (
  method: "POST" | "PATCH" | "DELETE",
  url: string,
  payload?: object,
  extra: Record<string, string> = {},
) =>
  server.app.inject({
    method,
    url,
    payload,
    headers: { host: host(), origin: `http://${host()}`, [TOKEN_HEADER]: server.token, ...extra },
  });

const withoutAcceptance = (tasks: Record<string, unknown>[]) =>
  tasks.map(({ acceptance: _a, ...rest }) => rest);

describe("the REST API answers with the CLI's objects", () => {
  it("GET /api/tasks is `list --output json` (plus acceptance progress)", async () => {
    const res = await get("/api/tasks");
    const cli = await runJson<Record<string, unknown>[]>(["list"], { cwd: root });
    expect(withoutAcceptance(res.json())).toEqual(cli);
    expect(res.headers["x-total-count"]).toBe(String(cli.length));
    const page = await get("/api/tasks?state=ready&offset=1&limit=2");
    expect(page.json().map((t: { id: string }) => t.id)).toEqual(
      cli
        .filter((t) => t.state === "ready")
        .slice(1, 3)
        .map((t) => t.id),
    );
  });

  it("GET /api/tasks/:id is `show --output json`; GET /api/stats is `stats --output json`", async () => {
    const show = await get("/api/tasks/card-validation");
    expect(show.json()).toEqual(await runJson(["show", "card-validation"], { cwd: root }));
    const stats = await get("/api/stats?by=model,ambiguity");
    const cli = await runJson<Record<string, unknown>>(["stats", "--by", "model,ambiguity"], { cwd: root });
    expect({ ...stats.json(), generated_at: null }).toEqual({ ...cli, generated_at: null });
  });

  it("GET /api/leases is `leases --all --output json`: holder, tool, model, heartbeat age", async () => {
    // outside git: the file store beside the repository lock (leases.md)
    expect((await get("/api/leases")).json().leases).toEqual([]);
    const claimed = await run(
      [
        "claim",
        "flaky-login-test",
        "--holder",
        "agent-7",
        "--tool",
        "claude-code",
        "--model",
        "opus",
        "--ttl",
        "20m",
      ],
      { cwd: root },
    );
    expect(claimed.stderr).toBe("");
    expect(claimed.code).toBe(0);
    const res = (await get("/api/leases")).json() as { leases: Record<string, unknown>[] };
    const cli = await runJson<{ leases: Record<string, unknown>[] }>(["leases", "--all"], { cwd: root });
    const stable = (l: Record<string, unknown>) => ({
      ...l,
      age_seconds: 0,
      heartbeat_age_seconds: 0,
      expires_in_seconds: 0,
    });
    expect(res.leases.map(stable)).toEqual(cli.leases.map(stable));
    expect(res.leases[0]).toMatchObject({
      task: "flaky-login-test",
      holder: "agent-7",
      tool: "claude-code",
      model: "opus",
      status: "live",
    });
    expect(res.leases[0]!.heartbeat_age_seconds).toBeGreaterThanOrEqual(0);
  });

  it("GET /api/recommend picks per ambiguity × size what `recommend` picks", async () => {
    const table = (await get("/api/recommend")).json() as {
      cells: { ambiguity: string; size: string; recommended: Record<string, unknown> | null }[];
    };
    expect(table.cells).toHaveLength(15);
    for (const cell of table.cells.filter((c) => c.ambiguity === "low")) {
      const cli = await runJson<{
        recommended: Record<string, unknown> | null;
        level: string;
        explore: boolean;
      }>(["recommend", "--ambiguity", cell.ambiguity, "--size", cell.size], { cwd: root });
      expect(cell.recommended?.tool, `${cell.ambiguity} ${cell.size}`).toBe(cli.recommended?.tool);
      expect(cell.recommended?.model).toBe(cli.recommended?.model);
      expect(cell.recommended?.level).toBe(cli.level);
      expect(cell.recommended?.explore).toBe(cli.explore);
    }
  });

  it("PATCH, state and DELETE write what the CLI would, and need the version", async () => {
    const before = (await get("/api/tasks/orders-page")).json();
    const patched = await write(
      "PATCH",
      "/api/tasks/orders-page",
      { meta: { size: "large" } },
      { "if-match": `"${before.version}"` },
    );
    expect(patched.statusCode).toBe(200);
    expect(patched.json().size).toBe("large");
    expect(patched.json().version).not.toBe(before.version);
    const moved = await write("POST", "/api/tasks/orders-page/state", {
      state: "in-progress",
      version: patched.json().version,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().path).toBe("tasks/20-in-progress/task-orders-page.md");
    expect(readFileSync(path.join(root, moved.json().path), "utf8")).toMatch(/^size: large$/m);
    const noVersion = await write("DELETE", "/api/tasks/orders-page");
    expect(noVersion.statusCode).toBe(400);
    const deleted = await write("DELETE", `/api/tasks/orders-page?version=${moved.json().version}`);
    expect(deleted.statusCode).toBe(200);
    expect(Object.keys(snapshot(root)).some((p) => p.includes("orders-page"))).toBe(false);
    const parent = await runJson<{ children: { id: string }[] }>(["show", "order-history"], { cwd: root });
    expect(parent.children.map((c) => c.id)).not.toContain("orders-page");
  });
});

describe("/ws", () => {
  it("sends a snapshot on connect, then a CLI edit as a change within a second", async () => {
    const socket = new WebSocket(`ws://${host()}/ws`, { origin: `http://${host()}` });
    const messages: ServerMessage[] = [];
    const next = (predicate: (m: ServerMessage) => boolean) =>
      new Promise<ServerMessage>((resolve) => {
        const found = messages.find(predicate);
        if (found) return resolve(found);
        socket.on("message", (data) => {
          const m = JSON.parse(String(data)) as ServerMessage;
          if (predicate(m)) resolve(m);
        });
      });
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    const snap = await next((m) => m.type === "snapshot");
    expect(snap.type === "snapshot" && snap.tasks.length).toBe(17);
    const result = await runBinary(["update", "search-suggest", "--meta", "title=Edited elsewhere"], {
      cwd: root,
    });
    expect(result.code).toBe(0);
    const exited = Date.now();
    const change = await next(
      (m) => m.type === "changes" && m.upserted.some((t) => t.title === "Edited elsewhere"),
    );
    expect(Date.now() - exited).toBeLessThan(1000);
    expect(change.type === "changes" && change.upserted.map((t) => t.id)).toEqual(["search-suggest"]);
    socket.close();
  });
});

describe("when the watcher misses something", () => {
  const until = async (predicate: () => boolean, ms = 3000) => {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it("the folders' periodic check finds files that came and went without an event", async () => {
    const store = new BoardStore(Workspace.open({ root, cwd: root, env: {}, watched: true }));
    await store.load();
    const watcher = await watchTasks(store, new LiveHub(store), Promise.resolve(), {
      folderCheckMs: 50,
      watchFiles: false,
    });
    try {
      const other = Workspace.open({ root, cwd: root, env: {} });
      await createTask(other, { title: "Written behind its back", id: "unseen-task", state: "ready" });
      await until(() => store.get("unseen-task")?.title === "Written behind its back");
      rmSync(path.join(root, store.get("unseen-task")!.path));
      await until(() => store.get("unseen-task") === undefined);
    } finally {
      await watcher.close();
    }
  });

  it("a full check (a page regaining focus) finds a file edited in place without an event", async () => {
    const store = new BoardStore(Workspace.open({ root, cwd: root, env: {} }));
    await store.load();
    expect((await store.check()).upserted).toEqual([]); // takes the files' stats
    const file = path.join(root, store.get("search-suggest")!.path);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, "title: Edited in place"));
    const change = await store.check();
    expect(change.upserted.map((t) => [t.id, t.title])).toEqual([["search-suggest", "Edited in place"]]);
    expect((await store.check()).upserted).toEqual([]);
  });

  it("a page asks for that check over /ws", async () => {
    const socket = new WebSocket(`ws://${host()}/ws`, { origin: `http://${host()}` });
    await new Promise((resolve) => socket.once("message", resolve));
    let asked = 0;
    server.hub.onCheck = () => asked++;
    socket.send(JSON.stringify({ type: "check" }));
    socket.send("not json");
    await until(() => asked === 1);
    socket.close();
  });
});

describe("git", () => {
  it("a move of a tracked task is a `git mv`, a delete a `git rm`", async () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "tasks");
    const before = (await get("/api/tasks/orders-page")).json();
    const moved = await write("POST", "/api/tasks/orders-page/state", {
      state: "in-progress",
      version: before.version,
    });
    expect(moved.statusCode).toBe(200);
    expect(git("status", "--porcelain", "--", "tasks")).toContain(
      "tasks/10-ready/task-orders-page.md -> tasks/20-in-progress/task-orders-page.md",
    );
    const untracked = await write("POST", "/api/tasks", { title: "Not in git yet", state: "idea" });
    expect(untracked.statusCode).toBe(201);
    const again = await write("POST", `/api/tasks/${untracked.json().id}/state`, {
      state: "ready",
      version: untracked.json().version,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().path).toMatch(/^tasks\/10-ready\//);
    const deleted = await write("DELETE", `/api/tasks/orders-page?version=${moved.json().version}`);
    expect(deleted.statusCode).toBe(200);
    expect(git("status", "--porcelain", "--", "tasks")).toMatch(
      /^D {2}tasks\/10-ready\/task-orders-page\.md$/m,
    );
  });
});

describe("ports and hosts", () => {
  it("derives a stable default port per repository and takes the next one when it is taken", async () => {
    const port = defaultPort("/some/repo");
    expect(defaultPort("/some/repo")).toBe(port);
    expect(defaultPort("/other/repo")).not.toBe(port);
    expect(port).toBeGreaterThanOrEqual(PORT_BASE);
    expect(port).toBeLessThan(PORT_BASE + PORT_RANGE);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(server.port + 1, "127.0.0.1", resolve));
    const second = await startBoardServer({
      workspace: Workspace.open({ root, cwd: root, env: {} }),
      port: server.port + 1,
      fallback: true,
      assetsDir: path.join(PROJECT, "dist", "web"),
      watch: false,
    });
    try {
      expect(second.port).toBeGreaterThan(server.port + 1);
      const ok = await second.app.inject({
        method: "GET",
        url: "/api/health",
        headers: { host: `127.0.0.1:${second.port}` },
      });
      expect(ok.statusCode).toBe(200);
    } finally {
      await second.close();
      blocker.close();
    }
  });

  it("`taskplain web --host` refuses anything but loopback, before starting", async () => {
    const result = await run(["web", "--host", "0.0.0.0"], { cwd: root });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("loopback");
  });
});
