// `next --claim` and `pickup --claim` (leases.md "Commands"): rank as usual with leased
// tasks counted as taken, then claim atomically. A lost race re-reads the leases and
// moves on to the next candidate, so N agents calling at once get N different tasks.
import { type NextResult, type RankedTask, type RankOptions, rankReadyTasks } from "../domain/ranking.js";
import type { BrokenFile } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { takenTasks } from "./lease-guard.js";
import { type ClaimInput, type ClaimView, claimTask, holderFor, releaseTask, settingFor } from "./leases.js";
import { type PickupInput, pickupTask } from "./pickup.js";
import { loadAll } from "./repo.js";

/** Errors that mean "someone else got it first": try the next candidate. */
const LOST = new Set(["lease_held", "lease_contended", "task_done_elsewhere"]);
/** Rounds of rank → claim before giving up on a crowd that keeps winning. */
const MAX_ROUNDS = 12;

export type NextClaimInput = Omit<ClaimInput, "id" | "dryRun"> & { rank: RankOptions };

export interface ClaimedTask extends RankedTask {
  path: string | undefined;
  lease: ClaimView["lease"];
}

export interface NextClaimResult {
  tasks: ClaimedTask[];
  skipped: NextResult["skipped"];
  holder: string;
}

export async function nextWithClaim(
  ws: Workspace,
  input: NextClaimInput,
): Promise<{ view: NextClaimResult; broken: readonly BrokenFile[] }> {
  const s = settingFor(ws, input);
  const holder = holderFor(ws, input.holder);
  let broken: readonly BrokenFile[] = [];
  const want = Math.max(1, Math.floor(input.rank.parallelize ?? 1));
  const claimed: ClaimedTask[] = [];
  let skipped: NextResult["skipped"] = [];
  for (let round = 0; round < MAX_ROUNDS && claimed.length < want; round++) {
    await s.store.sync();
    const leases = await takenTasks(ws, { ...input, synced: true });
    const repo = await loadAll(ws, { cache: true });
    broken = repo.broken;
    const pathOf = new Map(repo.records.map((rec) => [rec.task.id, rec.ref.relPath]));
    const ranked = rankReadyTasks(
      repo.records.map((rec) => rec.task),
      { ...input.rank, parallelize: want - claimed.length, leases },
    );
    const mine = new Set(claimed.map((t) => t.id));
    skipped = ranked.skipped.filter((sk) => !mine.has(sk.id));
    if (ranked.tasks.length === 0) break;
    let lostAny = false;
    for (const pick of ranked.tasks) {
      try {
        const outcome = await claimTask(ws, { ...input, id: pick.id, holder, synced: true, dryRun: false });
        const { id, title, ...rest } = pick;
        claimed.push({ id, title, path: pathOf.get(id), ...rest, lease: outcome.view.lease });
      } catch (error) {
        if (!LOST.has((error as { code?: string }).code ?? "")) throw error;
        lostAny = true;
      }
    }
    if (!lostAny) break;
  }
  return { view: { tasks: claimed, skipped, holder }, broken };
}

export type PickupClaimInput = PickupInput & Omit<ClaimInput, "id" | "dryRun" | "force">;

/**
 * Claims, then picks up. A pickup that is refused gives back a lease it had just taken
 * (a renewal of a lease the caller already held is kept).
 */
export async function pickupWithClaim(ws: Workspace, input: PickupClaimInput) {
  const holder = holderFor(ws, input.holder);
  if (input.dryRun) {
    const claim = await claimTask(ws, { ...input, holder, dryRun: true });
    const pickup = await pickupTask(ws, { ...input, lease: { holder, remote: input.remote } });
    return { claim: claim.view, pickup };
  }
  const claim = await claimTask(ws, { ...input, holder, dryRun: false });
  try {
    const pickup = await pickupTask(ws, {
      ...input,
      lease: { holder, remote: input.remote, force: input.force },
    });
    return { claim: claim.view, pickup };
  } catch (error) {
    if (claim.view.action !== "renewed" && claim.token)
      await releaseTask(ws, {
        id: input.id,
        holder,
        remote: input.remote,
        token: claim.token,
      }).catch(() => undefined);
    throw error;
  }
}
