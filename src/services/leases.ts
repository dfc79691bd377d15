// Use cases of leases (leases.md): claim (acquire, renew or take over), renew a held
// lease (exec's heartbeat), release, and list. Each returns the JSON view the front
// doors print. Races are settled by the store's compare-and-swap: a lost swap re-reads
// and decides again, so the loser ends with `lease_held` naming the winner.
import os from "node:os";
import { OPEN_STATES } from "../domain/enums.js";
import { TaskplainError } from "../domain/errors.js";
import {
  type ClaimRequest,
  claimedLease,
  decideClaim,
  defaultHolder,
  doneElsewhereError,
  type Lease,
  type LeaseView,
  leaseBlocks,
  leaseHeldError,
  leaseInvalidError,
  leaseLostError,
  leaseView,
  mayRelease,
  noLeaseError,
  parseTtl,
  renewedLease,
  skewFromEnv,
} from "../domain/leases.js";
import { compareText } from "../domain/text-order.js";
import { type LeaseStore, leaseRemote, openLeaseStore, type StoredLease } from "../storage/leases.js";
import type { Workspace } from "../storage/workspace.js";
import { getTask } from "./repo.js";

/** What every lease operation needs besides its own input. */
export interface LeaseOptions {
  /** `--remote`; falls back to TASKPLAIN_LEASE_REMOTE */
  remote?: string | undefined;
  /** the caller fetched from the remote a moment ago: do not fetch again */
  synced?: boolean;
}

export interface LeaseChange {
  op: "create" | "update" | "delete";
  /** the ref (or file) that holds the lease */
  path: string;
}

export interface Setting {
  store: LeaseStore;
  remote: string | null;
  env: NodeJS.ProcessEnv;
  now: () => number;
  skewMs: number;
}

/** The store and settings of `ws` (env and clock come from the workspace). */
export function settingFor(ws: Workspace, options: LeaseOptions): Setting {
  const env = ws.env;
  const remote = leaseRemote(options.remote, env);
  return {
    store: openLeaseStore(ws.root, remote, "leases", env),
    remote,
    env,
    now: () => ws.clock.now(),
    skewMs: skewFromEnv(env),
  };
}

function whoAmI(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? "user";
  }
}

/** The given holder, else $TASKPLAIN_HOLDER, else user@host:<root>. */
export function holderFor(ws: Workspace, explicit: string | undefined): string {
  return defaultHolder(explicit, ws.env, { user: whoAmI(), host: os.hostname(), worktree: ws.root });
}

const storeInfo = (store: LeaseStore) => ({ store: store.kind, remote: store.remote });

function usable(stored: StoredLease | null, where: string): Lease | null {
  if (!stored) return null;
  if (!stored.lease) throw leaseInvalidError(stored.task, stored.problem ?? "unreadable", where);
  return stored.lease;
}

/** Attempts before giving up on a task whose lease keeps changing under us. */
const MAX_ROUNDS = 8;

const contended = (task: string) =>
  new TaskplainError("lease_contended", `the lease on ${task} kept changing while claiming it`, { id: task });

// --- claim ---------------------------------------------------------------------

export interface ClaimInput extends LeaseOptions {
  id: string;
  holder?: string | undefined;
  /** `--ttl` text, default 30m */
  ttl?: string | undefined;
  tool?: string | undefined;
  model?: string | undefined;
  dryRun?: boolean;
}

export interface ClaimView {
  action: "acquired" | "renewed" | "taken_over";
  lease: LeaseView;
  /** the expired lease a take-over replaced */
  previous: LeaseView | null;
  store: "git" | "file";
  remote: string | null;
  dry_run?: true;
  changes: LeaseChange[];
}

export interface ClaimOutcome {
  view: ClaimView;
  /** the stored value now (for renewals by the same process); null on a dry run */
  token: string | null;
  ttlMs: number;
}

const ACTIONS = { acquire: "acquired", renew: "renewed", take_over: "taken_over" } as const;

/** Claims task `id` for the caller. Throws lease_held (exit 1), task_closed (1), task_not_found (6). */
export async function claimTask(ws: Workspace, input: ClaimInput): Promise<ClaimOutcome> {
  const ttlMs = parseTtl(input.ttl);
  const s = settingFor(ws, input);
  const holder = holderFor(ws, input.holder);
  const record = await getTask(ws, input.id);
  if (!OPEN_STATES.includes(record.task.state)) {
    throw new TaskplainError(
      "task_closed",
      `${input.id} is ${record.task.state}: only open tasks can be claimed`,
      {
        id: input.id,
      },
    );
  }
  const request: ClaimRequest = {
    task: input.id,
    holder,
    tool: input.tool ?? null,
    model: input.model ?? null,
    host: os.hostname(),
    worktree: ws.root,
    ttlMs,
  };
  if (!input.synced) await s.store.sync();
  const done = await openLeaseStore(ws.root, s.remote, "done", s.env).read(input.id);
  if (done?.lease) throw doneElsewhereError(done.lease);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const stored = await s.store.read(input.id);
    const current = usable(stored, s.store.locationOf(input.id));
    const nowMs = s.now();
    const decision = decideClaim(current, holder, nowMs, s.skewMs);
    if (decision.action === "held") throw leaseHeldError(decision.current, nowMs, s.skewMs);
    const next = claimedLease(decision, request, nowMs);
    const view: ClaimView = {
      action: ACTIONS[decision.action],
      lease: leaseView(next, nowMs, s.skewMs),
      previous: decision.action === "take_over" ? leaseView(decision.current, nowMs, s.skewMs) : null,
      ...storeInfo(s.store),
      ...(input.dryRun ? { dry_run: true as const } : {}),
      changes: [{ op: stored ? "update" : "create", path: s.store.locationOf(input.id) }],
    };
    if (input.dryRun) return { view, token: null, ttlMs };
    const swapped = await s.store.swap(input.id, stored, next);
    if (!swapped.ok) continue;
    if (decision.action !== "renew") await refuseIfClosedMeanwhile(ws, s, input.id, next, swapped.token!);
    return { view, token: swapped.token, ttlMs };
  }
  throw contended(input.id);
}

/**
 * The holder that closes a task writes its done mark, then deletes its lease. A reader
 * that lists the two (a fetch, two for-each-refs) is not atomic across them and may see
 * neither; so after winning a lease, look again: if the task was closed meanwhile, give
 * the lease back and refuse (task_done_elsewhere).
 */
async function refuseIfClosedMeanwhile(
  ws: Workspace,
  s: Setting,
  task: string,
  lease: Lease,
  token: string,
): Promise<void> {
  await s.store.sync();
  const done = await openLeaseStore(ws.root, s.remote, "done", s.env).read(task);
  if (!done?.lease) return;
  await s.store.swap(task, { task, token, lease }, null).catch(() => undefined);
  throw doneElsewhereError(done.lease);
}

// --- renew (exec's heartbeat) ----------------------------------------------------

export interface RenewInput extends LeaseOptions {
  id: string;
  holder: string;
  /** the value this holder stored last */
  token: string;
  ttlMs: number;
}

/** Pushes the caller's own lease forward; `lease_lost` (exit 1) when the stored value is not its own. */
export async function renewLease(
  ws: Workspace,
  input: RenewInput,
): Promise<{ lease: LeaseView; token: string }> {
  const s = settingFor(ws, input);
  await s.store.sync();
  const stored = await s.store.read(input.id);
  const nowMs = s.now();
  if (!stored || stored.token !== input.token || !stored.lease || stored.lease.holder !== input.holder)
    throw leaseLostError(input.id, input.holder, stored?.lease ?? null, nowMs, s.skewMs);
  const next = renewedLease(stored.lease, input.ttlMs, nowMs);
  const swapped = await s.store.swap(input.id, stored, next);
  if (!swapped.ok || !swapped.token)
    throw leaseLostError(
      input.id,
      input.holder,
      swapped.ok ? null : (swapped.current?.lease ?? null),
      nowMs,
      s.skewMs,
    );
  return { lease: leaseView(next, nowMs, s.skewMs), token: swapped.token };
}

// --- release ---------------------------------------------------------------------

export interface ReleaseInput extends LeaseOptions {
  id: string;
  holder?: string | undefined;
  force?: boolean;
  dryRun?: boolean;
  /** only release while the stored value is still this one (exec's own release) */
  token?: string;
}

export interface ReleaseView {
  task: string;
  /** the lease as it was (null when an unreadable record was cleared) */
  released: LeaseView | null;
  /** who released it */
  holder: string;
  /** true when the lease belonged to someone else (`--force`) */
  forced: boolean;
  store: "git" | "file";
  remote: string | null;
  dry_run?: true;
  changes: LeaseChange[];
}

/** Gives a lease back. no_lease (1) when there is none; lease_held (1) for someone else's without --force. */
export async function releaseTask(ws: Workspace, input: ReleaseInput): Promise<ReleaseView> {
  const s = settingFor(ws, input);
  const holder = holderFor(ws, input.holder);
  const force = Boolean(input.force);
  await s.store.sync();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const stored = await s.store.read(input.id);
    const nowMs = s.now();
    if (!stored) throw noLeaseError(input.id);
    if (input.token !== undefined && stored.token !== input.token)
      throw leaseLostError(input.id, holder, stored.lease, nowMs, s.skewMs);
    if (!stored.lease && !force) usable(stored, s.store.locationOf(input.id));
    if (stored.lease && !mayRelease(stored.lease, holder, force)) {
      throw leaseHeldError(
        stored.lease,
        nowMs,
        s.skewMs,
        `; only its holder releases it (you are ${holder})`,
      );
    }
    const view: ReleaseView = {
      task: input.id,
      released: stored.lease ? leaseView(stored.lease, nowMs, s.skewMs) : null,
      holder,
      forced: stored.lease?.holder !== holder,
      ...storeInfo(s.store),
      ...(input.dryRun ? { dry_run: true as const } : {}),
      changes: [{ op: "delete", path: s.store.locationOf(input.id) }],
    };
    if (input.dryRun) return view;
    const swapped = await s.store.swap(input.id, stored, null);
    if (swapped.ok) return view;
  }
  throw contended(input.id);
}

// --- list ------------------------------------------------------------------------

export interface LeasesInput extends LeaseOptions {
  /** include expired leases */
  all?: boolean;
}

export interface LeasesView {
  leases: LeaseView[];
  /** stored records that could not be read */
  invalid: { task: string; problem: string; path: string }[];
  store: "git" | "file";
  remote: string | null;
}

/** Live leases (and expiring ones, which still block); with `all` the expired ones too. Sorted by task. */
export async function listLeases(ws: Workspace, input: LeasesInput = {}): Promise<LeasesView> {
  const s = settingFor(ws, input);
  await s.store.sync();
  const stored = await s.store.list();
  const nowMs = s.now();
  const leases: LeaseView[] = [];
  const invalid: LeasesView["invalid"] = [];
  for (const entry of stored) {
    if (!entry.lease) {
      invalid.push({
        task: entry.task,
        problem: entry.problem ?? "unreadable",
        path: s.store.locationOf(entry.task),
      });
    } else if (input.all || leaseBlocks(entry.lease, nowMs, s.skewMs)) {
      leases.push(leaseView(entry.lease, nowMs, s.skewMs));
    }
  }
  leases.sort((a, b) => compareText(a.task, b.task));
  return { leases, invalid, ...storeInfo(s.store) };
}

// --- sharing through a remote (init --remote) ---------------------------------------

export interface LeaseRemoteSetup {
  remote: string;
  refspec: string;
  /** false when remote.<name>.fetch already had it */
  added: boolean;
}

/** Adds `+refs/taskplain/leases/*:refs/taskplain/leases/*` to the remote's fetch refspecs (once). */
export async function shareLeasesThrough(
  ws: Workspace,
  remote: string,
  dryRun: boolean,
): Promise<LeaseRemoteSetup> {
  const { setUpLeaseRemote, LEASE_REFSPEC } = await import("../storage/leases.js");
  return { remote, refspec: LEASE_REFSPEC, added: await setUpLeaseRemote(ws.root, remote, dryRun) };
}
