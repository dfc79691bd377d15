// A lease held for the life of a running command (`exec`, leases.md "Commands"): claim
// (or renew, when the caller already holds it), renew every TTL/3, release at the end.
// When a renewal finds someone else's value (`release --force`, a take-over after
// expiry) the keeper stops and reports `lease_lost` once; failures to reach git or the
// remote are retried at the next beat.
import type { TaskplainError } from "../domain/errors.js";
import { heartbeatIntervalMs } from "../domain/leases.js";
import { openLeaseStore } from "../storage/leases.js";
import type { Workspace } from "../storage/workspace.js";
import { type ClaimInput, type ClaimView, claimTask, releaseTask, renewLease, settingFor } from "./leases.js";

export interface KeeperInput extends ClaimInput {
  /** called once when the lease is lost */
  onLost: (error: TaskplainError) => void;
}

export class LeaseKeeper {
  private timer: NodeJS.Timeout | undefined;
  private beat: Promise<void> = Promise.resolve();
  private stopped = false;
  /** the error that ended the lease, once lost */
  lost: TaskplainError | null = null;
  /** successful renewals so far */
  renewals = 0;

  private constructor(
    private readonly ws: Workspace,
    private readonly input: KeeperInput,
    readonly claim: ClaimView,
    private token: string,
    private readonly ttlMs: number,
  ) {}

  /** Claims the task (lease_held, exit 1, when someone else holds it) and starts the heartbeat. */
  static async start(ws: Workspace, input: KeeperInput): Promise<LeaseKeeper> {
    const outcome = await claimTask(ws, { ...input, dryRun: false });
    const keeper = new LeaseKeeper(ws, input, outcome.view, outcome.token!, outcome.ttlMs);
    keeper.schedule();
    return keeper;
  }

  get holder(): string {
    return this.claim.lease.holder;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.beat = this.renew().finally(() => this.schedule());
    }, heartbeatIntervalMs(this.ttlMs));
    this.timer.unref?.();
  }

  private async renew(): Promise<void> {
    try {
      const renewed = await renewLease(this.ws, {
        ...this.input,
        holder: this.holder,
        token: this.token,
        ttlMs: this.ttlMs,
      });
      this.token = renewed.token;
      this.renewals++;
    } catch (error) {
      const e = error as TaskplainError;
      if (e.code === "lease_lost" || e.code === "lease_invalid") {
        this.stopped = true;
        if (await this.closedByUs()) return; // the command completed the task: nothing was lost
        this.lost = e;
        this.input.onLost(e);
      }
      // anything else (git busy, remote unreachable): try again at the next beat
    }
  }

  /** True when our lease became a done mark: the command itself closed the task. */
  private async closedByUs(): Promise<boolean> {
    try {
      const s = settingFor(this.ws, this.input);
      const mark = await openLeaseStore(this.ws.root, s.remote, "done", s.env).read(this.input.id);
      return mark?.lease?.holder === this.holder;
    } catch {
      return false;
    }
  }

  /** Stops the heartbeat and releases the lease if it is still ours (true when it was released). */
  async stop(): Promise<boolean> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.beat;
    if (this.lost) return false;
    try {
      await releaseTask(this.ws, { ...this.input, holder: this.holder, token: this.token, dryRun: false });
      return true;
    } catch {
      return false; // already released, taken over, or closed into a done mark
    }
  }
}
