// `taskplain mcp`: a Model Context Protocol server on stdio (agents.md "taskplain mcp").
// Nothing but protocol messages go to stdout; anything else a module might print is sent
// to stderr. Loaded only when the command runs (the SDK never loads for other commands).
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod/mini";
import { META_KEY_ORDER } from "../domain/enums.js";
import { type ErrorCode, TaskplainError, usageError } from "../domain/errors.js";
import { HANDBOOK } from "../domain/handbook.js";
import { TOOL_DOCS, type ToolName } from "../domain/tool-inputs.js";
import { type FolderEvents, watchFolders } from "../storage/folder-events.js";
import { findRoot } from "../storage/root.js";
import { Workspace } from "../storage/workspace.js";
import { inputOf, TOOLS } from "./tools.js";

export const HANDBOOK_URI = "taskplain://handbook";

/** JSON Schema of a zod schema without the `$schema` line (every byte counts in tools/list). */
function jsonSchema(schema: z.ZodMiniType, io: "input" | "output"): Tool["inputSchema"] {
  const out = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    unrepresentable: "any",
    io,
    metadata: TOOL_DOCS,
  }) as Record<string, unknown>;
  delete out.$schema;
  // Arguments are strict (an unknown key is refused with its name, so `priority` sent
  // beside `meta` is not silently ignored); saying so in tools/list would cost every
  // tool a line of the 4,000-token budget (agents.md), and the refusal explains itself.
  if (io === "input" && out.additionalProperties === false) delete out.additionalProperties;
  return dropNoise(out) as Tool["inputSchema"];
}

// Constraints that matter when a value is written, not when a result is read.
const DETAIL_KEYS = new Set(["enum", "pattern", "minLength", "minimum", "maximum", "minItems", "maxItems"]);

/**
 * The lean form of an output schema for tools/list (agents.md: tools/list stays under
 * 4,000 tokens): the structure and types with objects listing only their required keys
 * (other keys stay allowed unless the view closed them), without value constraints
 * such as enums. `help --json` publishes the full views.
 */
export function leanSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(leanSchema);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  const src = node as Record<string, unknown>;
  const required = Array.isArray(src.required) ? (src.required as string[]) : [];
  for (const [key, value] of Object.entries(src)) {
    if (
      key === "additionalProperties" &&
      value &&
      typeof value === "object" &&
      Object.keys(value).length === 0
    )
      continue;
    if (DETAIL_KEYS.has(key)) continue;
    if (key === "properties" && src.type === "object") {
      const kept = Object.entries(value as Record<string, unknown>).filter(([k]) => required.includes(k));
      if (kept.length > 0) out.properties = Object.fromEntries(kept.map(([k, v]) => [k, leanSchema(v)]));
      continue;
    }
    out[key] = leanSchema(value);
  }
  return out;
}

/**
 * Removes what says nothing in an input schema: `maximum: 2^53-1` (zod writes it for
 * every integer), `propertyNames: {type: string}` and empty `additionalProperties`.
 */
function dropNoise(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropNoise);
  if (!node || typeof node !== "object") return node;
  const isEmpty = (v: unknown) =>
    Boolean(v) && typeof v === "object" && Object.keys(v as object).length === 0;
  return Object.fromEntries(
    Object.entries(node)
      .filter(
        ([k, v]) =>
          !(k === "maximum" && v === Number.MAX_SAFE_INTEGER) &&
          !(k === "propertyNames" && JSON.stringify(v) === '{"type":"string"}') &&
          !(k === "additionalProperties" && isEmpty(v)),
      )
      .map(([k, v]) => [k, dropNoise(v)]),
  );
}

/** The tools/list answer: fixed order, computed once. */
export function toolList(): Tool[] {
  return TOOLS.map((t) => ({
    name: t.name,
    description: t.description,
    inputSchema: jsonSchema(inputOf(t.name), "input"),
    outputSchema: leanSchema(jsonSchema(t.output, "output")) as Tool["outputSchema"],
    annotations: {
      readOnlyHint: t.annotations.readOnlyHint,
      destructiveHint: t.annotations.destructiveHint,
      idempotentHint: t.annotations.idempotentHint,
      openWorldHint: t.annotations.openWorldHint,
    },
  }));
}

/** What to do next, in this front door's words (tool calls, not command lines). */
const HINTS: Partial<Record<ErrorCode, string>> = {
  usage: "check the arguments against the tool's inputSchema",
  invalid_id: "ids are lowercase words joined by hyphens; task_list lists them",
  task_not_found: "task_list lists the ids",
  stale_version: "call task_get for the current version, then retry with it as expected_version",
  no_repository: "pass root: the folder that holds tasks/",
  root_not_found: "pass root: an existing folder that holds tasks/",
  not_pickable: "task_get shows its state; only idea and ready tasks are picked up (in-progress ones resume)",
  task_blocked: "pass force: true, or clear blocked with task_update meta {blocked: null}",
  dependencies_unmet: "finish the dependencies first (task_get lists them), or pass force: true",
  completion_refused: "task_update with check and changelog, and commit_message on task_complete",
  lock_timeout: "another writer holds the repository lock; retry",
};

/** An error as a tool result the model can correct itself from: `{code, message, hint}`. */
function errorResult(error: TaskplainError): CallToolResult {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  const hint = error.hint ?? HINTS[error.code];
  if (hint) body.hint = hint;
  if (error.path) body.path = error.path;
  if (error.details !== undefined) body.details = error.details;
  return { isError: true, content: [{ type: "text", text: JSON.stringify({ error: body }) }] };
}

/** Runs one tool call: arguments checked against the tool's schema, then its service. */
export async function callTool(name: string, args: unknown): Promise<CallToolResult> {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool)
    return errorResult(
      usageError(`no tool "${name}"`, { hint: `tools: ${TOOLS.map((t) => t.name).join(", ")}` }),
    );
  const parsed = inputOf(tool.name as ToolName).safeParse(args ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`);
    // frontmatter keys sent beside `meta` (priority, labels…): say where they belong
    const stray = parsed.error.issues
      .flatMap((i) => (i.code === "unrecognized_keys" ? i.keys : []))
      .filter((k) => META_KEY_ORDER.includes(k as never));
    const takesMeta =
      "meta" in (inputOf(tool.name as ToolName) as unknown as { def: { shape: object } }).def.shape;
    return errorResult(
      new TaskplainError("usage", `invalid arguments for ${name}: ${problems.join("; ")}`, {
        details: problems,
        ...(stray.length > 0 && takesMeta
          ? {
              hint: `frontmatter keys go inside meta: {"meta": {${stray.map((k) => `"${k}": …`).join(", ")}}}`,
            }
          : {}),
      }),
    );
  }
  try {
    const a = parsed.data as { root?: string };
    const ws = await workspaceFor(a.root);
    try {
      const run = tool.run as unknown as (ws: Workspace, a: unknown) => Promise<Record<string, unknown>>;
      const result = await run(ws, a);
      return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: result };
    } finally {
      ws.flush();
    }
  } catch (error) {
    return errorResult(asError(error));
  }
}

/** Anything thrown as a TaskplainError (unexpected failures stay short; details go to stderr). */
function asError(error: unknown): TaskplainError {
  if (error instanceof TaskplainError) return error;
  const e = error as NodeJS.ErrnoException;
  if (process.env.TASKPLAIN_DEBUG && e?.stack) process.stderr.write(`${e.stack}\n`);
  if (e?.code === "EACCES" || e?.code === "ENOENT" || e?.code === "EISDIR" || e?.code === "EROFS") {
    return new TaskplainError("io_error", String(e.message));
  }
  return new TaskplainError("internal_error", `unexpected failure: ${e?.message ?? String(error)}`);
}

// One Workspace per repository root for the server's life (a long-lived front door keeps
// one per root and refreshes it before each use: docs/architecture.md). Where the folders
// can be watched with read-your-writes order (storage/folder-events.ts), the workspace
// runs `watched` and a read looks again only at the files that changed.
const workspaces = new Map<string, { ws: Workspace; events: FolderEvents | null }>();

/** The workspace of a call: its `root` argument, else the server's (TASKPLAIN_ROOT or cwd). */
async function workspaceFor(root: string | undefined): Promise<Workspace> {
  const dir = findRoot({ root, cwd: process.cwd(), env: process.env });
  const known = workspaces.get(dir);
  if (known) {
    // every change made before this call reported (watched), or the folders looked at
    if (known.events) await known.events.settle();
    else known.ws.refresh();
    return known.ws;
  }
  const ws = new Workspace(dir, process.env, process.cwd());
  workspaces.set(dir, { ws, events: watchFolders(ws) });
  return ws;
}

export function createServer(version: string): Server {
  const server = new Server(
    { name: "taskplain", version },
    {
      capabilities: { tools: { listChanged: false }, resources: {} },
      instructions:
        "Taskplain: tasks as Markdown files in this repository. Loop: task_next → task_pickup → work → task_update (check, changelog) → task_complete. Read the handbook resource for the rules.",
    },
  );
  const tools = toolList();
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const call = callTool(request.params.name, request.params.arguments);
    inFlight.add(call);
    try {
      return await call;
    } finally {
      inFlight.delete(call);
    }
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [
      {
        uri: HANDBOOK_URI,
        name: "handbook",
        title: "Taskplain handbook for coding agents",
        mimeType: "text/markdown",
      },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    if (request.params.uri !== HANDBOOK_URI) throw new Error(`no resource ${request.params.uri}`);
    return { contents: [{ uri: HANDBOOK_URI, mimeType: "text/markdown", text: HANDBOOK }] };
  });
  return server;
}

/** Tool calls still running: a client that closes its input still gets their answers. */
const inFlight = new Set<Promise<unknown>>();

/** Serves MCP on stdin/stdout until the client closes the connection. */
export async function serveStdio(version: string): Promise<void> {
  // stdout belongs to the protocol: route stray console output to stderr.
  for (const method of ["log", "info", "debug", "warn"] as const) {
    console[method] = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(" ")}\n`);
  }
  const server = createServer(version);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(new StdioServerTransport());
  process.stdin.on("end", async () => {
    // requests read just before the end are dispatched on the next turns of the loop
    await new Promise((resolve) => setImmediate(resolve));
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    // let the transport write the last answers before closing
    await new Promise((resolve) => setImmediate(resolve));
    void server.close();
  });
  await closed;
}
