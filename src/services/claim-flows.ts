// `next --claim` and `pickup --claim` (leases.md "Commands"): rank as usual with leased
// tasks counted as taken, then claim atomically. A lost race re-reads the leases and
// moves on to the next candidate, so N agents calling at once get N different tasks.
import { type NextResult, type RankedTask, type RankOptions, rankReadyTasks } from "../domain/ranking.js";
import { type TakenTask, takenTasks } from "./lease-guard.js";
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

export async function nextWithClaim(root: string, input: NextClaimInput): Promise<NextClaimResult> {
  const s = settingFor(root, input);
  const holder = holderFor(root, input.holder, s.env);
  const want = Math.max(1, Math.floor(input.rank.parallelize ?? 1));
  const claimed: ClaimedTask[] = [];
  let skipped: NextResult["skipped"] = [];
  for (let round = 0; round < MAX_ROUNDS && claimed.length < want; round++) {
    await s.store.sync();
    const taken: Map<string, TakenTask> = await takenTasks(root, { ...input, synced: true });
    const repo = await loadAll(root, { cache: true });
    const pathOf = new Map(repo.records.map((rec) => [rec.task.id, rec.ref.relPath]));
    const ranked = rankReadyTasks(
      repo.records.map((rec) => rec.task),
      { ...input.rank, parallelize: want - claimed.length, taken },
    );
    const mine = new Set(claimed.map((t) => t.id));
    skipped = ranked.skipped.filter((sk) => !mine.has(sk.id));
    if (ranked.tasks.length === 0) break;
    let lostAny = false;
    for (const pick of ranked.tasks) {
      try {
        const outcome = await claimTask(root, { ...input, id: pick.id, holder, synced: true, dryRun: false });
        const { id, title, ...rest } = pick;
        claimed.push({ id, title, path: pathOf.get(id), ...rest, lease: outcome.view.lease });
      } catch (error) {
        if (!LOST.has((error as { code?: string }).code ?? "")) throw error;
        lostAny = true;
      }
    }
    if (!lostAny) break;
  }
  return { tasks: claimed, skipped, holder };
}

export type PickupClaimInput = PickupInput & Omit<ClaimInput, "id" | "dryRun" | "force">;

/**
 * Claims, then picks up. A pickup that is refused gives back a lease it had just taken
 * (a renewal of a lease the caller already held is kept).
 */
export async function pickupWithClaim(root: string, input: PickupClaimInput) {
  const s = settingFor(root, input);
  const holder = holderFor(root, input.holder, s.env);
  if (input.dryRun) {
    const claim = await claimTask(root, { ...input, holder, dryRun: true });
    const pickup = await pickupTask(root, { ...input, lease: { holder, remote: input.remote, env: s.env } });
    return { claim: claim.view, pickup };
  }
  const claim = await claimTask(root, { ...input, holder, dryRun: false });
  try {
    const pickup = await pickupTask(root, {
      ...input,
      lease: { holder, remote: input.remote, env: s.env, force: input.force },
    });
    return { claim: claim.view, pickup };
  } catch (error) {
    if (claim.view.action !== "renewed" && claim.token)
      await releaseTask(root, {
        id: input.id,
        holder,
        remote: input.remote,
        env: s.env,
        token: claim.token,
      }).catch(() => undefined);
    throw error;
  }
}
