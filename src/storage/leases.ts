// Which lease store a repository uses: git refs inside a git repository (mirrored on a
// remote with `--remote` / TASKPLAIN_LEASE_REMOTE), a file under the repository lock
// outside git. Also the one-time set-up of a remote's fetch refspec for lease refs.
import { usageError } from "../domain/errors.js";
import { DONE_REF_PREFIX, LEASE_REF_PREFIX } from "../domain/leases.js";
import { gitCommonDirOf } from "./git-dir.js";
import { gitText, runGit } from "./git-run.js";
import type { LeaseStore } from "./lease-store.js";
import { FileLeaseStore } from "./leases-file.js";
import { GitLeaseStore } from "./leases-git.js";
import { LEASE_REFSPEC, RemoteLeaseStore } from "./leases-remote.js";

export type { LeaseStore, StoredLease, SwapResult } from "./lease-store.js";
export { LEASE_REFSPEC } from "./leases-remote.js";

/** The remote named by `--remote`, else `TASKPLAIN_LEASE_REMOTE`; null for none. */
export function leaseRemote(explicit: string | undefined, env: NodeJS.ProcessEnv): string | null {
  const name = explicit ?? env.TASKPLAIN_LEASE_REMOTE;
  return name ? name : null;
}

/** Leases, or the done marks of leased tasks that were completed or canceled. */
export type LeaseBook = "leases" | "done";

export function openLeaseStore(
  root: string,
  remote: string | null,
  book: LeaseBook,
  env: NodeJS.ProcessEnv,
): LeaseStore {
  const prefix = book === "leases" ? LEASE_REF_PREFIX : DONE_REF_PREFIX;
  if (gitCommonDirOf(root))
    return remote ? new RemoteLeaseStore(root, remote, prefix) : new GitLeaseStore(root, prefix);
  if (remote)
    throw usageError(`remote ${remote}: ${root} is not in a git repository, so its leases cannot be shared`, {
      hint: "unset TASKPLAIN_LEASE_REMOTE, or work inside a clone",
    });
  return new FileLeaseStore(root, env, book === "leases" ? "leases.json" : "done.json");
}

/**
 * Adds the lease refspec to `remote.<name>.fetch` (once), so a plain `git fetch <name>`
 * also mirrors the leases. Returns whether it was added; usage error for an unknown remote.
 */
export async function setUpLeaseRemote(root: string, remote: string, dryRun: boolean): Promise<boolean> {
  if (!gitCommonDirOf(root)) throw usageError(`remote ${remote}: ${root} is not in a git repository`);
  const url = await runGit(root, ["remote", "get-url", remote]);
  if (url.code !== 0)
    throw usageError(`there is no git remote named "${remote}"`, { hint: "git remote -v lists the remotes" });
  const key = `remote.${remote}.fetch`;
  const existing = await runGit(root, ["config", "--get-all", key]);
  const lines = existing.stdout.toString("utf8").split("\n");
  if (lines.includes(LEASE_REFSPEC)) return false;
  if (!dryRun) await gitText(root, ["config", "--add", key, LEASE_REFSPEC], `git config --add ${key}`);
  return true;
}
