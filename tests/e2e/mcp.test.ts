// `taskplain mcp` driven by the SDK's own Client over stdio against the built CLI
// (agents.md "taskplain mcp"): the lean tool list, a whole task's life with the files
// checked on disk at each step, errors as isError results with the CLI's codes, and
// every structuredContent valid against its tool's outputSchema.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, run, snapshot, tempDir } from "../helpers.js";

const TOOL_ORDER = [
  "task_list",
  "task_get",
  "task_create",
  "task_update",
  "task_move",
  "task_pickup",
  "task_complete",
  "task_next",
  "attempt_record",
  "stats",
  "validate",
];

const elsewhere = tempDir("taskplain-mcp-cwd-"); // the server's cwd: no repository here
const repo = tempDir("taskplain-mcp-repo-");
let client: Client;
const ajv = new Ajv2020({ strict: false });
const validators = new Map<string, ReturnType<Ajv2020["compile"]>>();

beforeAll(async () => {
  expect((await run(["init"], { cwd: repo })).code).toBe(0);
  client = new Client({ name: "taskplain-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "mcp"],
      cwd: elsewhere,
      // the SDK passes on only what it is given: TMPDIR keeps the server's lock folder (a
      // repository outside git) in the run's temp folder, which the run removes
      env: { PATH: process.env.PATH ?? "", TMPDIR: process.env.TMPDIR ?? "", TASKPLAIN_ROOT: "" },
      stderr: "pipe",
    }),
  );
});

afterAll(async () => {
  await client?.close();
  for (const d of [elsewhere, repo]) rmSync(d, { recursive: true, force: true });
});

type Result = Awaited<ReturnType<Client["callTool"]>>;

/** Calls a tool; checks text = structuredContent and the schema; returns the structured result. */
async function call(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = (await client.callTool({ name, arguments: { root: repo, ...args } })) as Result;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  const structured = result.structuredContent as Record<string, unknown>;
  const text = (result.content as { type: string; text: string }[])[0]!;
  expect(JSON.parse(text.text)).toEqual(structured);
  const validate = validators.get(name)!;
  expect(validate(structured), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  return structured;
}

async function callError(name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: { root: repo, ...args } })) as Result;
  expect(result.isError).toBe(true);
  const text = (result.content as { text: string }[])[0]!.text;
  return JSON.parse(text).error as { code: string; message: string; hint?: string };
}

const file = (rel: string) => readFileSync(path.join(repo, rel), "utf8");

describe("taskplain mcp", () => {
  it("lists at most 12 tools in a fixed order, with annotations, in under 16,000 characters", async () => {
    const listed = await client.listTools();
    expect(listed.tools.map((t) => t.name)).toEqual(TOOL_ORDER);
    expect(JSON.stringify(listed).length).toBeLessThan(16_000);
    for (const tool of listed.tools) {
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.inputSchema.properties).toHaveProperty("root");
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof tool.annotations?.[hint], `${tool.name} ${hint}`).toBe("boolean");
      }
      expect(tool.annotations?.openWorldHint).toBe(false);
      validators.set(tool.name, ajv.compile(tool.outputSchema!));
    }
    const writes = listed.tools.filter((t) => !t.annotations?.readOnlyHint).map((t) => t.name);
    expect(writes).toEqual([
      "task_create",
      "task_update",
      "task_move",
      "task_pickup",
      "task_complete",
      "attempt_record",
    ]);
    for (const name of writes.filter((n) => n !== "task_create")) {
      expect(listed.tools.find((t) => t.name === name)!.inputSchema.properties).toHaveProperty(
        "expected_version",
      );
    }
  });

  it("drives a task from creation to done, the files on disk following each step", async () => {
    const created = await call("task_create", {
      title: "Retry failed webhooks",
      state: "ready",
      sections: { acceptance_criteria: "- [ ] Failed deliveries are retried\n- [ ] Retries are logged" },
    });
    expect(created).toMatchObject({ id: "retry-failed-webhooks", state: "ready" });
    const readyPath = "tasks/10-ready/task-retry-failed-webhooks.md";
    expect(file(readyPath)).toContain("- [ ] Failed deliveries are retried");

    const picked = await call("task_pickup", { id: "retry-failed-webhooks" });
    expect(picked).toMatchObject({ resumed: false });
    const doingPath = "tasks/20-in-progress/task-retry-failed-webhooks.md";
    expect(existsSync(path.join(repo, readyPath))).toBe(false);
    expect(file(doingPath)).toContain("state: in-progress");
    expect((await call("task_pickup", { id: "retry-failed-webhooks" })).resumed).toBe(true);

    const checked = await call("task_update", { id: "retry-failed-webhooks", check: ["1", "logged"] });
    expect(file(doingPath)).toContain("- [x] Failed deliveries are retried\n- [x] Retries are logged");
    await call("task_update", {
      id: "retry-failed-webhooks",
      changelog: ["Failed webhooks are retried"],
      expected_version: checked.version,
    });
    expect(file(doingPath)).toMatch(
      /### Changelog\n\n(<!--[^>]*-->\n\n)?- Failed webhooks are retried\n\n### Decisions/,
    );

    const recorded = await call("attempt_record", {
      id: "retry-failed-webhooks",
      tool: "claude-code",
      model: "claude-sonnet-4",
      status: "completed",
      duration_seconds: 300,
    });
    expect(recorded.index).toBe(0);
    expect(file(doingPath)).toContain("tool: claude-code");

    const completed = await call("task_complete", {
      id: "retry-failed-webhooks",
      commit_message: "feat(webhooks): retry failed deliveries  [Task:retry-failed-webhooks]",
    });
    expect(completed.state).toBe("done");
    const done = readdirSync(path.join(repo, "tasks/30-done")).filter((f) => f.endsWith(".md"));
    expect(done).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2} task-retry-failed-webhooks\.md$/)]);
    expect(existsSync(path.join(repo, doingPath))).toBe(false);
    const again = await call("task_complete", { id: "retry-failed-webhooks" });
    expect(again).toMatchObject({ already_done: true, changes: [] });

    const stats = await call("stats", { by: ["model"], recommend: true });
    expect(stats.scope).toMatchObject({ tasks: 1, tasks_with_telemetry: 1 });
    expect((stats.recommendation as { recommended: { model: string } }).recommended.model).toBe(
      "claude-sonnet-4",
    );
    const listed = await call("task_list", { state: ["done"] });
    expect((listed.tasks as { id: string }[]).map((t) => t.id)).toEqual(["retry-failed-webhooks"]);
    expect((await call("task_get", { id: "retry-failed-webhooks" })).acceptance).toEqual({
      checked: 2,
      total: 2,
    });
    expect((await call("validate", {})).ok).toBe(true);
    await call("task_next", { parallelize: 2 });
  });

  it("answers a stale expected_version, an invalid or unknown argument with the CLI's codes, changing nothing", async () => {
    await call("task_create", { title: "Second task", sections: { acceptance_criteria: "- [ ] Works" } });
    const before = snapshot(repo);
    const stale = await callError("task_update", {
      id: "second-task",
      meta: { priority: "high" },
      expected_version: "000000000000",
    });
    expect(stale.code).toBe("stale_version");
    expect(stale.hint).toContain("task_get");
    const invalid = await callError("task_move", { id: "second-task", state: "finished" });
    expect(invalid.code).toBe("usage");
    expect(invalid.message).toContain("state");
    const badId = await callError("task_get", { id: "Not An Id" });
    expect(badId.code).toBe("usage");
    expect((await callError("task_get", { id: "no-such-task" })).code).toBe("task_not_found");
    const unknownCriterion = await callError("task_update", { id: "second-task", check: ["7"] });
    expect(unknownCriterion.code).toBe("criterion_not_found");
    // a key outside the tool's schema (priority belongs in meta) is refused, not ignored
    const misplaced = await callError("task_update", { id: "second-task", priority: "high" });
    expect(misplaced.code).toBe("usage");
    expect(misplaced.message).toContain("priority");
    expect(misplaced.hint).toBe('frontmatter keys go inside meta: {"meta": {"priority": …}}');
    expect(snapshot(repo)).toEqual(before);
  });

  it("shares the write checks: warnings on what a write leaves, a refusal for a cross-file error", async () => {
    const created = await call("task_create", { title: "Bare ready", state: "ready" });
    expect((created.warnings as { code: string }[]).map((w) => w.code)).toEqual([
      "acceptance_criteria_empty",
    ]);
    await call("task_create", { title: "Mcp epic", kind: "epic" });
    await call("task_create", { title: "Mcp story", parent: "mcp-epic" });
    await call("task_create", { title: "Other epic", kind: "epic" });
    const before = snapshot(repo);
    const second = await callError("task_update", { id: "other-epic", meta: { children: ["mcp-story"] } });
    expect(second.code).toBe("multiple_parents");
    expect(snapshot(repo)).toEqual(before);
  });

  it("answers every call with the edits made by hand just before it (read your writes)", async () => {
    // The server keeps what it read and, on Linux, learns of changes from the folders'
    // events rather than a stat of every file: an edit must still never be missed.
    const rel = "tasks/10-ready/task-by-hand.md";
    const handText = (title: string, priority: string) =>
      `---\nid: by-hand\ntitle: ${title}\nkind: task\nstate: ready\npriority: ${priority}\n` +
      "created_at: 2026-01-01T00:00:00Z\nupdated_at: 2026-01-01T00:00:00Z\n---\n\nWritten by hand.\n";
    writeFileSync(path.join(repo, rel), handText("By hand 0", "low"));
    expect((await call("task_list", { state: ["ready"] })).tasks).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "by-hand", title: "By hand 0" })]),
    );
    // Once the folders changed more than 2 s ago, their stats are trusted: an edit in place
    // changes no folder, so only the events (or a stat of every file) can reveal it.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    for (let i = 1; i <= 12; i++) {
      const priority = i % 2 === 0 ? "low" : "high";
      writeFileSync(path.join(repo, rel), handText(`By hand ${i}`, priority)); // in place
      const listed = (await call("task_list", {})).tasks as { id: string; title: string }[];
      expect(listed.find((t) => t.id === "by-hand")?.title, `edit ${i}`).toBe(`By hand ${i}`);
      expect((await call("task_get", { id: "by-hand" })).priority, `edit ${i}`).toBe(priority);
    }
    renameSync(path.join(repo, rel), path.join(repo, "tasks/00-idea/task-by-hand.md"));
    expect((await call("task_get", { id: "by-hand" })).state).toBe("ready"); // the frontmatter rules
    expect((await call("task_list", { state: ["ready"] })).tasks).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "by-hand" })]),
    );
    rmSync(path.join(repo, "tasks/00-idea/task-by-hand.md"));
    expect((await callError("task_get", { id: "by-hand" })).code).toBe("task_not_found");
    const after = (await call("task_list", {})).tasks as { id: string }[];
    expect(after.map((t) => t.id)).not.toContain("by-hand");
  });

  it("serves the handbook as a resource", async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(["taskplain://handbook"]);
    const read = await client.readResource({ uri: "taskplain://handbook" });
    expect((read.contents[0] as { text: string }).text).toContain("## Workflow");
  });
});

describe("taskplain mcp on the wire", () => {
  it("writes nothing but JSON-RPC messages to stdout", async () => {
    const child = spawn(process.execPath, [CLI, "mcp"], { cwd: elsewhere, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "task_list", arguments: {} } });
    await new Promise<void>((resolve) => {
      const check = () => (out.split("\n").filter(Boolean).length >= 2 ? resolve() : setTimeout(check, 20));
      check();
    });
    child.stdin.end();
    await new Promise((resolve) => child.on("close", resolve));
    const lines = out.split("\n").filter(Boolean);
    for (const line of lines) expect(JSON.parse(line).jsonrpc).toBe("2.0");
    // No root given and none found from the server's cwd: the CLI's error, as a tool result.
    const answer = JSON.parse(lines[1]!);
    expect(answer.result.isError).toBe(true);
    expect(JSON.parse(answer.result.content[0].text).error.code).toBe("no_repository");
  });

  it("task_next with claim: two agents get two different tasks, and plain task_next names the holders", async () => {
    for (const title of ["Lease one", "Lease two"])
      await call("task_create", {
        title,
        state: "ready",
        meta: { touches: [`src/${title.replace(" ", "-")}/**`] },
      });
    const first = await call("task_next", { claim: true, holder: "agent-a", ttl: "10m" });
    const second = await call("task_next", { claim: true, holder: "agent-b", ttl: "10m" });
    const ids = [first, second].map((r) => (r.tasks as { id: string; lease: { holder: string } }[])[0]!);
    expect(ids[0]!.lease.holder).toBe("agent-a");
    expect(ids[1]!.lease.holder).toBe("agent-b");
    expect(ids[0]!.id).not.toBe(ids[1]!.id);
    const plain = await call("task_next", {});
    const leased = (plain.skipped as { id: string; code: string; reason: string }[]).filter(
      (s) => s.code === "lease",
    );
    expect(leased.map((s) => s.id).sort()).toEqual([ids[0]!.id, ids[1]!.id].sort());
    expect(leased.find((s) => s.id === ids[1]!.id)?.reason).toContain("agent-b");
  });

  it("is not loaded by --version", () => {
    // Follow dist/cli.js's static imports: the SDK's chunk must not be among them.
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const text = readFileSync(path.join(path.dirname(CLI), name), "utf8");
      for (const m of text.matchAll(/^import [^(]*?from "\.\/([^"]+)"/gm)) visit(m[1]!);
    };
    visit("cli.js");
    for (const name of seen) {
      expect(readFileSync(path.join(path.dirname(CLI), name), "utf8")).not.toContain("StdioServerTransport");
    }
  });
});
