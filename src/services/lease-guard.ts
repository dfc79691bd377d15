// Leases seen from the other commands (leases.md "Commands"): `complete`, `move`,
// `update` and `pickup` by someone other than the live holder are refused unless
// forced; closing a leased task turns its lease into a done mark (so worktrees that
// have not merged the change yet do not hand it out again) and reopening clears it;
// `next` treats leased and closed-elsewhere tasks as taken.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { State } from "../domain/enums.js";
import { leaseBlocks, leaseHeldError } from "../domain/leases.js";
import type { LeaseHold } from "../domain/ranking.js";
import { gitCommonDirOf } from "../storage/git-dir.js";
import { openLeaseStore } from "../storage/leases.js";
import type { Workspace } from "../storage/workspace.js";
import { holderFor, type LeaseOptions, type Setting, settingFor } from "./leases.js";

export interface GuardInput extends LeaseOptions {
  id: string;
  /** who is asking (default $TASKPLAIN_HOLDER, else user@host:worktree) */
  holder?: string | undefined;
  /** act even though someone else holds the lease */
  force?: boolean;
}

/** True when the repository may hold leases at all (cheap: no git process when it has none). */
function mayHaveLeases(ws: Workspace, s: Setting): boolean {
  if (s.remote) return true;
  const common = gitCommonDirOf(ws.root);
  if (!common) return true; // the file store answers cheaply itself
  if (existsSync(path.join(common, "refs", "taskplain")) || existsSync(path.join(common, "reftable")))
    return true;
  try {
    return readFileSync(path.join(common, "packed-refs"), "utf8").includes(" refs/taskplain/");
  } catch {
    return false;
  }
}

/**
 * Refuses (lease_held, exit 1) when someone other than the caller holds a live lease on
 * the task, unless `force`. Reads what is there now (fetching first with a remote).
 */
export async function refuseUnlessHolder(ws: Workspace, input: GuardInput): Promise<void> {
  const s = settingFor(ws, input);
  if (input.force || !mayHaveLeases(ws, s)) return;
  if (!input.synced) await s.store.sync();
  const stored = await s.store.read(input.id);
  const nowMs = s.now();
  if (!stored?.lease || !leaseBlocks(stored.lease, nowMs, s.skewMs)) return;
  if (stored.lease.holder === holderFor(ws, input.holder)) return;
  throw leaseHeldError(stored.lease, nowMs, s.skewMs);
}

/**
 * After a task changed state: closing it (done, canceled) while leased keeps the lease
 * as a done mark and deletes the lease; reopening it deletes its done mark. Tasks that
 * were never leased leave no trace.
 */
export async function afterStateChange(ws: Workspace, input: GuardInput & { state: State }): Promise<void> {
  const s = settingFor(ws, input);
  if (!mayHaveLeases(ws, s)) return;
  await s.store.sync();
  const done = openLeaseStore(ws.root, s.remote, "done", s.env);
  const closed = input.state === "done" || input.state === "canceled";
  if (!closed) {
    const mark = await done.read(input.id);
    if (mark) await done.swap(input.id, mark, null);
    return;
  }
  const stored = await s.store.read(input.id);
  if (!stored?.lease) return;
  const now = new Date(s.now()).toISOString();
  const mark = { ...stored.lease, renewed_at: now, expires_at: now };
  const previous = await done.read(input.id);
  // the mark first: a lease is only deleted once its task cannot be handed out again
  const marked = await done.swap(input.id, previous, mark);
  if (!marked.ok) return; // the lease stays until it expires
  await s.store.swap(input.id, stored, null);
}

/**
 * Tasks `next` must not hand out (ranking.ts `leases`): under a live lease (anyone's, the
 * caller's included: it already has them), or closed by a holder in a worktree whose
 * change is not merged here (a done mark).
 */
export async function takenTasks(ws: Workspace, options: LeaseOptions = {}): Promise<Map<string, LeaseHold>> {
  const s = settingFor(ws, options);
  const taken = new Map<string, LeaseHold>();
  if (!mayHaveLeases(ws, s)) return taken;
  if (!options.synced) await s.store.sync();
  const nowMs = s.now();
  for (const entry of await openLeaseStore(ws.root, s.remote, "done", s.env).list()) {
    if (entry.lease) taken.set(entry.task, { holder: entry.lease.holder, closed_in: entry.lease.worktree });
  }
  for (const entry of await s.store.list()) {
    if (!entry.lease || !leaseBlocks(entry.lease, nowMs, s.skewMs)) continue;
    taken.set(entry.task, { holder: entry.lease.holder, expires_at: entry.lease.expires_at });
  }
  return taken;
}

/** What a task-changing command passes so its lease rules can be checked (all optional). */
export interface LeaseCheck {
  holder?: string | undefined;
  remote?: string | undefined;
  /** `--force`: act even though someone else holds the lease */
  force?: boolean;
}

/** refuseUnlessHolder for a command's input (`lease` as given to the service, or defaults). */
export const guardLease = (ws: Workspace, id: string, lease: LeaseCheck = {}): Promise<void> =>
  refuseUnlessHolder(ws, { id, ...lease });

/** afterStateChange for a command that moved a task (errors here never undo the move). */
export async function settleLease(
  ws: Workspace,
  id: string,
  state: State,
  lease: LeaseCheck = {},
): Promise<void> {
  await afterStateChange(ws, { id, state, ...lease }).catch(() => undefined);
}
