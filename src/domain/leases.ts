// Leases: "holder H works on task T until time E" (leases.md "The model"). Pure rules:
// the record's schema and key order, expiry with a clock-skew margin, durations, the
// default holder name, and who may acquire, renew, take over or release a lease.
// Storage (git refs, a file, a remote) lives in src/storage/leases*.ts.
import * as z from "zod/mini";
import { TaskplainError, usageError } from "./errors.js";
import { idSchema, timestampSchema } from "./schema.js";
import { timestampMs } from "./timestamps.js";
import { formatDuration } from "./units.js";

/** Where taskplain keeps its refs (shared by all worktrees of a clone, mirrored from a remote). */
export const TASKPLAIN_REFS = "refs/taskplain/";
/** Every lease is the ref `refs/taskplain/leases/<task id>`. */
export const LEASE_REF_PREFIX = `${TASKPLAIN_REFS}leases/`;
/**
 * A leased task its holder completed or canceled keeps its last lease here, so worktrees
 * that have not merged that change yet do not hand the task out again.
 */
export const DONE_REF_PREFIX = `${TASKPLAIN_REFS}done/`;
/** `claim` without `--ttl`: 30 minutes (leases.md "Commands"). */
export const DEFAULT_LEASE_TTL_MS = 30 * 60_000;
/** Margin for clock skew between machines when judging expiry (leases.md "The model"). */
export const DEFAULT_SKEW_MS = 30_000;
/** `exec` renews every TTL/3 (leases.md "Commands"). */
export const HEARTBEATS_PER_TTL = 3;
/** Shortest `--ttl` accepted: below this a heartbeat cannot keep up with git. */
export const MIN_TTL_MS = 1_000;

const holderText = z.string({ error: "must be a string" }).check(
  z.minLength(1, { error: "must not be empty" }),
  z.maxLength(200, { error: "must be at most 200 characters" }),
  z.refine((s) => !/[\r\n\0]/.test(s), { error: "must be one line" }),
);

/**
 * The lease record, one definition: its keys in this order are the JSON written to the
 * lease commit and printed by `leases --output json`. `generation` is 1 for a fresh
 * lease and grows by one with each take-over; renewals keep it.
 */
export const leaseSchema = z.object({
  task: idSchema,
  holder: holderText,
  tool: z.nullable(z.string()),
  model: z.nullable(z.string()),
  host: z.string(),
  worktree: z.string(),
  acquired_at: timestampSchema,
  renewed_at: timestampSchema,
  expires_at: timestampSchema,
  generation: z.int().check(z.positive()),
});
export type Lease = z.infer<typeof leaseSchema>;

/** The lease keys in written order (derived from the schema). */
export const LEASE_KEYS = Object.keys(leaseSchema.shape) as (keyof Lease)[];

/** The lease as a plain object in key order (JSON.stringify of it is stable). */
export function orderedLease(lease: Lease): Lease {
  const out = {} as Record<string, unknown>;
  for (const key of LEASE_KEYS) out[key] = lease[key];
  return out as Lease;
}

/** Parses stored lease JSON; `{ problem }` instead of throwing when it is not a lease. */
export function parseLease(text: string): { lease: Lease } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  const result = leaseSchema.safeParse(value);
  if (result.success) return { lease: orderedLease(result.data) };
  const issue = result.error.issues[0];
  return { problem: `${issue?.path.join(".") || "lease"}: ${issue?.message ?? "invalid"}` };
}

// --- durations ------------------------------------------------------------------

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `2h`, `1h30m`, `500ms`, `1d` → milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (s === "") return null;
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let m = DURATION_PART.exec(s); m; m = DURATION_PART.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    consumed = DURATION_PART.lastIndex;
  }
  return consumed === s.length && Number.isFinite(total) ? Math.round(total) : null;
}

/** A lease TTL: a duration of at least one second (default 30 minutes); `usage` error otherwise. */
export function parseTtl(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LEASE_TTL_MS;
  const ms = parseDuration(text);
  if (ms === null) throw usageError(`ttl must be a duration such as 90s, 30m, 2h or 1h30m (got "${text}")`);
  if (ms < MIN_TTL_MS) throw usageError(`ttl must be at least 1s (got "${text}")`);
  return ms;
}

/** The clock-skew margin: `TASKPLAIN_LEASE_SKEW` (a duration, `0s` allowed) or 30 s. */
export function skewFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.TASKPLAIN_LEASE_SKEW;
  if (text === undefined || text === "") return DEFAULT_SKEW_MS;
  const ms = parseDuration(text);
  if (ms === null)
    throw usageError(`TASKPLAIN_LEASE_SKEW must be a duration such as 30s or 0s (got "${text}")`);
  return ms;
}

/** How often a running `exec` renews its lease. */
export const heartbeatIntervalMs = (ttlMs: number): number =>
  Math.max(200, Math.floor(ttlMs / HEARTBEATS_PER_TTL));

// --- holder ---------------------------------------------------------------------

/** Checks a holder name (given, or from `TASKPLAIN_HOLDER`); `usage` error otherwise. */
export function checkHolder(holder: string, source = "holder"): string {
  const result = holderText.safeParse(holder);
  if (!result.success) throw usageError(`${source} ${result.error.issues[0]?.message ?? "is invalid"}`);
  return holder;
}

/**
 * Who claims: `--holder`, else `$TASKPLAIN_HOLDER`, else `user@host:worktree`
 * (leases.md "Commands"). Two agents sharing one worktree and user must set distinct holders.
 */
export function defaultHolder(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
  who: { user: string; host: string; worktree: string },
): string {
  if (explicit !== undefined) return checkHolder(explicit);
  const fromEnv = env.TASKPLAIN_HOLDER?.trim();
  if (fromEnv) return checkHolder(fromEnv, "TASKPLAIN_HOLDER");
  return `${who.user}@${who.host}:${who.worktree}`;
}

// --- expiry ---------------------------------------------------------------------

/**
 * `live` until `expires_at`; then `expiring` for the skew margin (still blocks others:
 * the holder's clock may run behind ours); then `expired` (anyone may take it over).
 */
export type LeaseStatus = "live" | "expiring" | "expired";

export function leaseStatus(lease: Lease, nowMs: number, skewMs: number): LeaseStatus {
  const expires = timestampMs(lease.expires_at);
  if (nowMs < expires) return "live";
  return nowMs < expires + skewMs ? "expiring" : "expired";
}

/** True while the lease keeps others away from its task (live or within the skew margin). */
export const leaseBlocks = (lease: Lease, nowMs: number, skewMs: number): boolean =>
  leaseStatus(lease, nowMs, skewMs) !== "expired";

/** What `leases` and the board print for one lease: the record plus its standing now. */
export interface LeaseView extends Lease {
  status: LeaseStatus;
  /** since acquired_at */
  age_seconds: number;
  /** since the last renewal (the heartbeat) */
  heartbeat_age_seconds: number;
  /** until expires_at; negative once past */
  expires_in_seconds: number;
}

export function leaseView(lease: Lease, nowMs: number, skewMs: number): LeaseView {
  const seconds = (from: string, sign: 1 | -1) => Math.round(((nowMs - timestampMs(from)) * sign) / 1000);
  return {
    ...orderedLease(lease),
    status: leaseStatus(lease, nowMs, skewMs),
    age_seconds: seconds(lease.acquired_at, 1),
    heartbeat_age_seconds: seconds(lease.renewed_at, 1),
    expires_in_seconds: seconds(lease.expires_at, -1),
  };
}

/** "in 12m 03s", "expiring (3s past)", "expired 2m 10s ago". */
export function describeExpiry(view: Pick<LeaseView, "status" | "expires_in_seconds">): string {
  const s = view.expires_in_seconds;
  if (view.status === "live") return `in ${formatDuration(s)}`;
  if (view.status === "expiring") return `expiring (${formatDuration(-s)} past)`;
  return `expired ${formatDuration(-s)} ago`;
}

// --- who may do what ------------------------------------------------------------

export interface ClaimRequest {
  task: string;
  holder: string;
  tool: string | null;
  model: string | null;
  host: string;
  worktree: string;
  ttlMs: number;
}

export type ClaimDecision =
  | { action: "acquire" }
  | { action: "renew"; current: Lease }
  | { action: "take_over"; current: Lease }
  | { action: "held"; current: Lease };

/**
 * Acquire when there is no lease; renew when the caller already holds it (even past its
 * expiry: nobody took it); take over a lease expired beyond the skew margin; else held.
 */
export function decideClaim(
  current: Lease | null,
  holder: string,
  nowMs: number,
  skewMs: number,
): ClaimDecision {
  if (!current) return { action: "acquire" };
  if (current.holder === holder) return { action: "renew", current };
  if (!leaseBlocks(current, nowMs, skewMs)) return { action: "take_over", current };
  return { action: "held", current };
}

/** The record a claim writes for a decision that is not `held`. */
export function claimedLease(
  decision: Exclude<ClaimDecision, { action: "held" }>,
  request: ClaimRequest,
  nowMs: number,
): Lease {
  const now = new Date(nowMs).toISOString();
  const renewing = decision.action === "renew" ? decision.current : null;
  const generation =
    decision.action === "acquire"
      ? 1
      : decision.action === "renew"
        ? decision.current.generation
        : decision.current.generation + 1;
  return {
    task: request.task,
    holder: request.holder,
    tool: request.tool ?? renewing?.tool ?? null,
    model: request.model ?? renewing?.model ?? null,
    host: request.host,
    worktree: request.worktree,
    acquired_at: renewing?.acquired_at ?? now,
    renewed_at: now,
    expires_at: new Date(nowMs + request.ttlMs).toISOString(),
    generation,
  };
}

/** A heartbeat: the holder's own lease pushed forward by `ttlMs`; same generation. */
export function renewedLease(own: Lease, ttlMs: number, nowMs: number): Lease {
  return {
    ...orderedLease(own),
    renewed_at: new Date(nowMs).toISOString(),
    expires_at: new Date(nowMs + ttlMs).toISOString(),
  };
}

/** May `holder` release `current`? Only its holder, or anyone with `--force`. */
export function mayRelease(current: Lease, holder: string, force: boolean): boolean {
  return force || current.holder === holder;
}

// --- errors (category refused: exit 1 in the CLI; leases.md, errors.ts) -----------------

const until = (lease: Lease, nowMs: number, skewMs: number) =>
  describeExpiry(leaseView(lease, nowMs, skewMs));

/** `lease_held`: someone else holds the task; details carry the lease (holder, expiry). */
export function leaseHeldError(current: Lease, nowMs: number, skewMs: number, extra = ""): TaskplainError {
  return new TaskplainError(
    "lease_held",
    `${current.task} is leased to ${current.holder} until ${current.expires_at} (expires ${until(current, nowMs, skewMs)})${extra}`,
    { id: current.task, details: { lease: leaseView(current, nowMs, skewMs) } },
  );
}

/** `lease_lost`: the caller's lease was broken or taken over; details carry the new lease, if any. */
export function leaseLostError(
  task: string,
  holder: string,
  now: Lease | null,
  nowMs: number,
  skewMs: number,
): TaskplainError {
  const by = now ? `now held by ${now.holder} (generation ${now.generation})` : "it was released";
  return new TaskplainError("lease_lost", `${holder} lost the lease on ${task}: ${by}`, {
    id: task,
    details: { lease: now ? leaseView(now, nowMs, skewMs) : null },
  });
}

/** `task_done_elsewhere`: its holder closed it in a worktree whose change is not merged here; details: the mark. */
export const doneElsewhereError = (mark: Lease): TaskplainError =>
  new TaskplainError(
    "task_done_elsewhere",
    `${mark.task} was closed by ${mark.holder} in ${mark.worktree} at ${mark.renewed_at}; merge that work before claiming it again`,
    { id: mark.task, details: { done: mark } },
  );

/** `no_lease`: nothing to release or renew. */
export const noLeaseError = (task: string): TaskplainError =>
  new TaskplainError("no_lease", `no lease on ${task}`, { id: task });

/** `lease_invalid`: the stored record cannot be read; only a forced release clears it. */
export const leaseInvalidError = (task: string, problem: string, where: string): TaskplainError =>
  new TaskplainError("lease_invalid", `the lease on ${task} (${where}) is unreadable: ${problem}`, {
    id: task,
  });
