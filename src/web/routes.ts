// REST routes of the board (board.md "Server"): a thin front door over the store, which
// goes through the CLI's services. Bodies are validated by JSON schemas derived from
// enums.ts; errors come back as {error:{code,message}} (http-errors.ts).
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ENUM_KEYS, KINDS, PRIORITIES, STATES, type State } from "../domain/enums.js";
import type { ListFilters } from "../domain/listing.js";
import { isStatsDimension, type StatsDimension } from "../domain/stats.js";
import { HttpError } from "./http-errors.js";
import type { LiveHub } from "./live.js";
import type { BoardStore } from "./store.js";

const id = { type: "string", pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$", maxLength: 64 } as const;
const version = { type: "string", minLength: 1, maxLength: 64 } as const;
const enumOf = (values: readonly string[]) => ({ type: "string", enum: [...values] }) as const;
const idParams = { type: "object", required: ["id"], properties: { id } } as const;

const createSchema = {
  type: "object",
  required: ["title"],
  additionalProperties: false,
  properties: {
    title: { type: "string", minLength: 1, maxLength: 500 },
    kind: enumOf(KINDS),
    parent: id,
    priority: enumOf(PRIORITIES),
    state: enumOf(STATES),
  },
} as const;

const patchSchema = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    version,
    meta: { type: "object", maxProperties: 64 },
    body: { type: "string", maxLength: 200_000 },
  },
} as const;

const stateSchema = {
  type: "object",
  required: ["state"],
  additionalProperties: false,
  properties: {
    state: enumOf(STATES),
    version,
    force: { type: "boolean" },
    cascade: enumOf(["ready", "cancel"]),
  },
} as const;

/** The version a write is based on: `If-Match` (quotes allowed) or the body's/query's `version`. */
function versionOf(req: FastifyRequest, fromBody: unknown): string {
  const ifMatch = req.headers["if-match"];
  const v =
    typeof ifMatch === "string" && ifMatch !== "" ? ifMatch.replace(/^W\//, "").replace(/"/g, "") : fromBody;
  if (typeof v !== "string" || v === "") {
    throw new HttpError(
      400,
      "version_required",
      "send the version you read (If-Match header or a version field), so an agent's newer edit is never overwritten",
    );
  }
  return v;
}

const list = (value: unknown): string[] | undefined =>
  typeof value === "string" && value !== "" ? value.split(",").map((s) => s.trim()) : undefined;

function filtersOf(query: Record<string, unknown>): ListFilters {
  const pick = <T extends string>(key: string, allowed: readonly T[]): T[] | undefined => {
    const values = list(query[key]);
    for (const v of values ?? []) {
      if (!allowed.includes(v as T)) {
        throw new HttpError(400, "usage", `${key} must be among ${allowed.join(", ")} (got "${v}")`);
      }
    }
    return values as T[] | undefined;
  };
  const filters: ListFilters = {
    states: pick("state", STATES),
    kinds: pick("kind", ENUM_KEYS.kind),
    priorities: pick("priority", ENUM_KEYS.priority),
    executors: pick("executor", ENUM_KEYS.executor),
    labels: list(query.label),
  };
  if (query.execution === "1" || query.execution === "0") filters.withExecution = query.execution === "1";
  return filters;
}

function countOf(value: unknown, name: string, fallback: number | undefined): number | undefined {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, "usage", `${name} must be a whole number >= 0`);
  return n;
}

export function registerRoutes(app: FastifyInstance, store: BoardStore, hub: LiveHub): void {
  app.get("/api/health", async () => ({
    ok: true,
    root: store.root,
    tasks: store.size,
    broken: store.broken.size,
    connections: hub.connections,
  }));

  app.get("/api/tasks", async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const result = store.query({
      filters: filtersOf(query),
      text: typeof query.q === "string" && query.q.trim() !== "" ? query.q.trim() : undefined,
      offset: countOf(query.offset, "offset", 0)!,
      limit: countOf(query.limit, "limit", undefined),
    });
    reply.header("x-total-count", String(result.total));
    return result.tasks;
  });

  app.get("/api/tasks/:id", { schema: { params: idParams } }, async (req) => {
    const { id: taskId } = req.params as { id: string };
    return store.show(taskId);
  });

  app.post("/api/tasks", { schema: { body: createSchema } }, async (req, reply) => {
    const body = req.body as {
      title: string;
      kind?: never;
      parent?: string;
      priority?: string;
      state?: State;
    };
    const { task, change } = await store.create(body);
    hub.publish(change);
    reply.code(201);
    return task;
  });

  app.patch("/api/tasks/:id", { schema: { params: idParams, body: patchSchema } }, async (req) => {
    const { id: taskId } = req.params as { id: string };
    const body = req.body as { version?: string; meta?: Record<string, unknown>; body?: string };
    if (body.meta === undefined && body.body === undefined) {
      throw new HttpError(400, "usage", "send meta and/or body to change");
    }
    const { task, change } = await store.update(taskId, {
      version: versionOf(req, body.version),
      meta: body.meta,
      body: body.body,
    });
    hub.publish(change);
    return task;
  });

  app.post("/api/tasks/:id/state", { schema: { params: idParams, body: stateSchema } }, async (req) => {
    const { id: taskId } = req.params as { id: string };
    const body = req.body as {
      state: State;
      version?: string;
      force?: boolean;
      cascade?: "ready" | "cancel";
    };
    const { task, change } = await store.move(taskId, { ...body, version: versionOf(req, body.version) });
    hub.publish(change);
    return task;
  });

  app.delete("/api/tasks/:id", { schema: { params: idParams } }, async (req) => {
    const { id: taskId } = req.params as { id: string };
    const query = req.query as Record<string, unknown>;
    const { change } = await store.remove(taskId, {
      version: versionOf(req, query.version),
      force: query.force === "true",
    });
    hub.publish(change);
    return { deleted: taskId };
  });

  app.get("/api/recommend", async () => store.recommendations());

  app.get("/api/stats", async (req) => {
    const by = list((req.query as Record<string, unknown>).by);
    for (const d of by ?? []) {
      if (!isStatsDimension(d)) throw new HttpError(400, "usage", `by: unknown dimension "${d}"`);
    }
    if (by && by.length > 2) throw new HttpError(400, "usage", "by takes one or two dimensions");
    return store.stats(by as StatsDimension[] | undefined);
  });
}
