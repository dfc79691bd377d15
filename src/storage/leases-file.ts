// Leases outside git: one JSON file beside the repository lock (never in the working
// tree), changed only while holding that lock — the same commands and guarantees as the
// git refs, on one machine (leases.md "The model"). The token of a stored lease is a
// hash of its record, so a compare-and-swap sees any change made since it was read.
import { readFileSync } from "node:fs";
import path from "node:path";
import { TaskplainError } from "../domain/errors.js";
import { type Lease, orderedLease, parseLease } from "../domain/leases.js";
import { compareText } from "../domain/text-order.js";
import { writeFileAtomically } from "./atomic.js";
import { sha1Hex } from "./file-version.js";
import type { LeaseStore, StoredLease, SwapResult } from "./lease-store.js";
import { lockPathFor, withRepositoryLock } from "./lock.js";

type LeaseFile = Record<string, unknown>;

const tokenOf = (value: unknown): string => sha1Hex(JSON.stringify(value)).slice(0, 16);

export class FileLeaseStore implements LeaseStore {
  readonly kind = "file" as const;
  readonly remote: string | null = null;
  readonly file: string;

  /** `name`: the file beside the lock (leases, or the done marks of leased tasks). */
  constructor(
    readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
    name = "leases.json",
  ) {
    this.file = path.join(lockPathFor(root), name);
  }

  locationOf(): string {
    return this.file;
  }

  async sync(): Promise<void> {}

  private load(): LeaseFile {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw new TaskplainError("io_error", `could not read ${this.file}: ${(error as Error).message}`);
    }
    try {
      const value = JSON.parse(text) as { leases?: unknown };
      if (value && typeof value.leases === "object" && value.leases !== null)
        return value.leases as LeaseFile;
    } catch {}
    throw new TaskplainError("lease_file_invalid", `${this.file} is not a lease file`, { path: this.file });
  }

  private stored(task: string, raw: unknown): StoredLease {
    const parsed = parseLease(JSON.stringify(raw));
    const token = tokenOf(raw);
    if ("problem" in parsed) return { task, token, lease: null, problem: parsed.problem };
    return { task, token, lease: parsed.lease };
  }

  async read(task: string): Promise<StoredLease | null> {
    const raw = this.load()[task];
    return raw === undefined ? null : this.stored(task, raw);
  }

  async list(): Promise<StoredLease[]> {
    return Object.entries(this.load())
      .sort(([a], [b]) => compareText(a, b))
      .map(([task, raw]) => this.stored(task, raw));
  }

  swap(task: string, expected: StoredLease | null, next: Lease | null): Promise<SwapResult> {
    return withRepositoryLock(
      this.root,
      async (): Promise<SwapResult> => {
        const leases = this.load();
        const raw = leases[task];
        const current = raw === undefined ? null : this.stored(task, raw);
        if ((current?.token ?? null) !== (expected?.token ?? null)) return { ok: false, current };
        if (next) leases[task] = orderedLease(next);
        else delete leases[task];
        await writeFileAtomically(this.file, `${JSON.stringify({ leases }, null, 2)}\n`);
        return { ok: true, token: next ? tokenOf(leases[task]) : null };
      },
      this.env,
    );
  }
}
