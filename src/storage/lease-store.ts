// What every lease store offers the lease service: read the stored leases and swap one
// atomically (compare-and-swap). Stores: git refs (leases-git.ts), git refs mirrored
// on a shared remote (leases-remote.ts), a file under the repository lock outside git
// (leases-file.ts). leases.md "The model".
import type { Lease } from "../domain/leases.js";

/** One stored lease: `token` identifies the stored value (a commit id for git refs). */
export interface StoredLease {
  task: string;
  token: string;
  /** null when the stored record cannot be read (`problem` says why) */
  lease: Lease | null;
  problem?: string;
}

export type SwapResult = { ok: true; token: string | null } | { ok: false; current: StoredLease | null };

export interface LeaseStore {
  readonly kind: "git" | "file";
  /** the remote every change is pushed to, when there is one */
  readonly remote: string | null;
  /** the ref or file that holds the lease of `task` (for messages and --dry-run) */
  locationOf(task: string): string;
  /** Brings the local view up to date (fetches from the remote; a no-op without one). */
  sync(): Promise<void>;
  read(task: string): Promise<StoredLease | null>;
  list(): Promise<StoredLease[]>;
  /**
   * Replaces the stored value `expected` (null: there must be none) by `next` (null:
   * delete) in one atomic step. `ok: false` with what is there now when someone else
   * changed it first.
   */
  swap(task: string, expected: StoredLease | null, next: Lease | null): Promise<SwapResult>;
}
