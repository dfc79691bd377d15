// Leases as git refs: `refs/taskplain/leases/<id>` points at a small commit whose tree
// holds `lease.json`; each renewal or take-over is a new commit whose parent is the
// previous one, so `git log refs/taskplain/leases/<id>` is the lease's history. Refs
// live in the git common directory, so every worktree of a clone sees the same leases,
// and `git update-ref <ref> <new> <old>` is the atomic compare-and-swap (leases.md).
import { LEASE_REF_PREFIX, type Lease, orderedLease, parseLease } from "../domain/leases.js";
import { gitError, gitText, runGit, sleep } from "./git-run.js";
import type { LeaseStore, StoredLease, SwapResult } from "./lease-store.js";

const LEASE_FILE = "lease.json";
/** Waiting for another process's ref lock instead of failing at once (git config, ms). */
export const REF_LOCK_CONFIG = ["-c", "core.filesRefLockTimeout=2000", "-c", "core.packedRefsTimeout=2000"];
const IDENTITY = {
  GIT_AUTHOR_NAME: "taskplain",
  GIT_AUTHOR_EMAIL: "taskplain@localhost",
  GIT_COMMITTER_NAME: "taskplain",
  GIT_COMMITTER_EMAIL: "taskplain@localhost",
};

export class GitLeaseStore implements LeaseStore {
  readonly kind = "git" as const;
  readonly remote: string | null = null;

  /** `prefix`: the ref folder (leases, or the done marks of leased tasks). */
  constructor(
    readonly root: string,
    readonly prefix: string = LEASE_REF_PREFIX,
  ) {}

  refOf(task: string): string {
    return `${this.prefix}${task}`;
  }

  locationOf(task: string): string {
    return this.refOf(task);
  }

  async sync(): Promise<void> {}

  async read(task: string): Promise<StoredLease | null> {
    return (await this.readRefs(this.refOf(task)))[0] ?? null;
  }

  list(): Promise<StoredLease[]> {
    return this.readRefs(this.prefix);
  }

  /** The leases under `pattern` (a ref or a ref prefix): refs listed, then every lease.json in one cat-file. */
  private async readRefs(pattern: string): Promise<StoredLease[]> {
    const listing = await gitText(
      this.root,
      ["for-each-ref", "--format=%(objectname) %(refname)", pattern],
      "listing lease refs",
    );
    const refs = listing
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [token, ref] = line.split(" ") as [string, string];
        return { token, task: ref.slice(this.prefix.length) };
      })
      .filter((r) => r.task !== "" && !r.task.includes("/"));
    if (refs.length === 0) return [];
    const blobs = await this.readBlobs(refs.map((r) => `${r.token}:${LEASE_FILE}`));
    return refs.map((r, i) => {
      const text = blobs[i];
      if (text === undefined) return { ...r, lease: null, problem: `the commit has no ${LEASE_FILE}` };
      const parsed = parseLease(text);
      if ("problem" in parsed) return { ...r, lease: null, problem: parsed.problem };
      if (parsed.lease.task !== r.task)
        return { ...r, lease: null, problem: `it names task ${parsed.lease.task}, not ${r.task}` };
      return { ...r, lease: parsed.lease };
    });
  }

  /** Contents of `<commit>:<path>` objects in one `git cat-file --batch` (undefined when missing). */
  private async readBlobs(names: string[]): Promise<(string | undefined)[]> {
    const r = await runGit(this.root, ["cat-file", "--batch"], { input: `${names.join("\n")}\n` });
    if (r.code !== 0) throw gitError("reading leases", r);
    const out: (string | undefined)[] = [];
    const buf = r.stdout;
    let at = 0;
    for (let i = 0; i < names.length; i++) {
      const eol = buf.indexOf(10, at);
      if (eol < 0) break;
      const header = buf.subarray(at, eol).toString("utf8");
      at = eol + 1;
      const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (!m) {
        out.push(undefined); // "<name> missing"
        continue;
      }
      const size = Number(m[2]);
      out.push(m[1] === "blob" ? buf.subarray(at, at + size).toString("utf8") : undefined);
      at += size + 1;
    }
    return out;
  }

  async swap(task: string, expected: StoredLease | null, next: Lease | null): Promise<SwapResult> {
    const newToken = next ? await this.writeCommit(next, expected?.token ?? null) : null;
    const done = await this.updateRef(task, newToken, expected?.token ?? null);
    return done.ok ? { ok: true, token: newToken } : { ok: false, current: done.current };
  }

  /** The lease commit: blob lease.json in a one-file tree, parent = the lease it replaces. */
  private async writeCommit(lease: Lease, parent: string | null): Promise<string> {
    const json = `${JSON.stringify(orderedLease(lease), null, 2)}\n`;
    const blob = await gitText(this.root, ["hash-object", "-w", "--stdin"], "storing the lease", {
      input: json,
    });
    const tree = await gitText(this.root, ["mktree"], "storing the lease", {
      input: `100644 blob ${blob}\t${LEASE_FILE}\n`,
    });
    const message = `lease ${lease.task}: ${lease.holder} until ${lease.expires_at} (generation ${lease.generation})`;
    const args = ["commit-tree", "--no-gpg-sign", tree, ...(parent ? ["-p", parent] : []), "-m", message];
    return gitText(this.root, args, "storing the lease", { env: IDENTITY });
  }

  /**
   * Compare-and-swap of the lease ref from `oldToken` (null: must not exist) to
   * `newToken` (null: delete). A failure while the ref still holds `oldToken` was
   * contention for git's ref lock, so it is retried; a changed ref is a lost race.
   */
  async updateRef(
    task: string,
    newToken: string | null,
    oldToken: string | null,
  ): Promise<{ ok: true } | { ok: false; current: StoredLease | null }> {
    const ref = this.refOf(task);
    const args = newToken
      ? ["update-ref", "-m", "taskplain lease", ref, newToken, oldToken ?? ""]
      : ["update-ref", "-d", ref, oldToken ?? ""];
    for (let attempt = 0; ; attempt++) {
      const r = await runGit(this.root, [...REF_LOCK_CONFIG, ...args]);
      if (r.code === 0) return { ok: true };
      const current = await this.read(task);
      if ((current?.token ?? null) !== oldToken) return { ok: false, current };
      if (attempt >= 4) throw gitError(`updating ${ref}`, r);
      await sleep(20 + Math.random() * 80);
    }
  }
}
