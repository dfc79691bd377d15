// Leases shared through a git remote (leases.md "Across machines"). The remote is the
// truth and the local refs mirror it: every read fetches `refs/taskplain/leases/*`
// first, and every change is a local compare-and-swap followed by
// `git push <remote> <new>:<ref> --force-with-lease=<ref>:<old>` with the expected old
// value always explicit (empty: must not exist). The remote accepts one pusher; a
// rejected push rolls the local ref back and fetches what won.
import { TaskplainError } from "../domain/errors.js";
import { type Lease, TASKPLAIN_REFS } from "../domain/leases.js";
import { gitError, runGit, sleep } from "./git-run.js";
import type { LeaseStore, StoredLease, SwapResult } from "./lease-store.js";
import { GitLeaseStore, REF_LOCK_CONFIG } from "./leases-git.js";

/** The refspec that mirrors the remote's leases (and done marks) into the local ones. */
export const LEASE_REFSPEC = `+${TASKPLAIN_REFS}*:${TASKPLAIN_REFS}*`;

export class RemoteLeaseStore implements LeaseStore {
  readonly kind = "git" as const;
  private readonly local: GitLeaseStore;

  constructor(
    readonly root: string,
    readonly remote: string,
    prefix?: string,
  ) {
    this.local = new GitLeaseStore(root, prefix);
  }

  locationOf(task: string): string {
    return `${this.local.refOf(task)} on ${this.remote}`;
  }

  /**
   * Fetches every taskplain ref (leases and done marks), pruning the ones the remote no longer has. Concurrent
   * fetches from worktrees of one clone can collide on ref locks: retried a few times.
   */
  async sync(): Promise<void> {
    const args = [
      "fetch",
      "--quiet",
      "--no-tags",
      "--no-write-fetch-head",
      "--prune",
      this.remote,
      LEASE_REFSPEC,
    ];
    for (let attempt = 0; ; attempt++) {
      const r = await runGit(this.root, [...REF_LOCK_CONFIG, ...args]);
      if (r.code === 0) return;
      if (attempt >= 9 || !/lock|could not be updated|cannot update/i.test(r.stderr))
        throw gitError(`fetching leases from ${this.remote}`, r, "remote_error");
      await sleep(30 + Math.random() * 120);
    }
  }

  read(task: string): Promise<StoredLease | null> {
    return this.local.read(task);
  }

  list(): Promise<StoredLease[]> {
    return this.local.list();
  }

  /**
   * Compare-and-swap on the remote ref. A push the remote could not apply for a moment
   * (`failed to update ref`, `cannot lock ref`: another receive-pack holds the ref's lock
   * or packs refs) while the value is still the expected one is tried again, up to
   * TRANSIENT_TRIES times; after that it counts as a lost race.
   */
  async swap(task: string, expected: StoredLease | null, next: Lease | null): Promise<SwapResult> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.swapOnce(task, expected, next);
      if (result !== TRANSIENT) return result;
      const current = await this.local.read(task);
      if (attempt === TRANSIENT_TRIES) return { ok: false, current };
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * attempt));
    }
  }

  private async swapOnce(
    task: string,
    expected: StoredLease | null,
    next: Lease | null,
  ): Promise<SwapResult | typeof TRANSIENT> {
    const local = await this.local.swap(task, expected, next);
    if (!local.ok) return local;
    const ref = this.local.refOf(task);
    const push = await runGit(this.root, [
      "push",
      "--porcelain",
      "--no-verify",
      this.remote,
      `${local.token ?? ""}:${ref}`,
      `--force-with-lease=${ref}:${expected?.token ?? ""}`,
    ]);
    if (push.code === 0) return local;
    // Roll the local ref back to what it was (unless someone changed it meanwhile).
    await this.local.updateRef(task, expected?.token ?? null, local.token).catch(() => undefined);
    const reason = pushReason(push.stdout.toString("utf8"), push.stderr, ref);
    const unreachable = () =>
      new TaskplainError("remote_error", `pushing ${ref} to ${this.remote} failed: ${reason}`);
    if (
      !push.stdout
        .toString("utf8")
        .split("\n")
        .some((line) => line.startsWith("!\t"))
    )
      throw unreachable();
    // Rejected: a lost race when git says the value moved on (or the remote's value did);
    // anything else (a hook, a protected namespace) means the remote refuses us.
    await this.sync();
    const current = await this.local.read(task);
    const moved = (current?.token ?? null) !== (expected?.token ?? null);
    if (!moved && TRANSIENT_REASONS.test(reason)) return TRANSIENT;
    if (!(moved || RACE_REASONS.test(reason))) throw unreachable();
    return { ok: false, current };
  }
}

/** Push rejections the remote gives while another push holds the ref (worth another try). */
const TRANSIENT_REASONS = /failed to update ref|cannot lock ref/i;
const TRANSIENT_TRIES = 4;
const TRANSIENT = Symbol("transient");

/** Push rejections that mean another pusher got there first. */
const RACE_REASONS = /stale info|fetch first|non-fast-forward|lock|already exists/i;

/** The reason git gives for a failed push: the porcelain line of the ref, else stderr's last lines. */
function pushReason(porcelain: string, stderr: string, ref: string): string {
  const line = porcelain.split("\n").find((l) => l.startsWith("!\t") && l.includes(ref));
  if (line) return line.split("\t").slice(2).join(" ").trim();
  return stderr.trim().split("\n").slice(-2).join(" / ") || "git push failed";
}
