// Every mutation goes through a ChangeSet: commands plan file operations, then the
// set is applied under the repository lock (or only reported, with --dry-run).
import { existsSync } from "node:fs";
import path from "node:path";
import { TaskplainError } from "../domain/errors.js";
import type { Finding } from "../domain/validation/finding.js";
import { removeFile, renameFile, sweepAbandonedTemps, writeFileAtomically } from "../storage/atomic.js";
import { gitMove, gitRemove } from "../storage/git.js";
import { type LoadedRepository, loadFullYaml, loadRepository } from "../storage/repository.js";
import type { Workspace } from "../storage/workspace.js";
import { checkPlannedWrites } from "./write-checks.js";

export interface FileChange {
  op: "create" | "write" | "move" | "delete";
  path: string;
  from?: string;
}

interface PlannedOp {
  change: FileChange;
  content?: string;
  /** the frontmatter as it was before this write, when the writer had it at hand */
  before?: Record<string, unknown>;
  /** absolute path of a file outside tasks/ that the user named (cleanup's changelog) */
  external?: string;
}

export class ChangeSet {
  private readonly ops: PlannedOp[] = [];
  private loaded: Promise<LoadedRepository> | undefined;

  constructor(readonly ws: Workspace) {}

  get root(): string {
    return this.ws.root;
  }

  private abs(rel: string): string {
    const full = path.resolve(this.root, rel);
    const tasks = path.join(this.root, "tasks") + path.sep;
    // Paths are built from validated ids; this is the last guard against anything escaping tasks/.
    if (!full.startsWith(tasks))
      throw new TaskplainError("unsafe_path", `refusing to touch ${rel} outside tasks/`);
    return full;
  }

  /**
   * Writes a file (new or existing). A second write to the same path replaces the first.
   * `before`: the file's frontmatter before the change, when the caller read it (spares
   * the checks of planned writes a second read).
   */
  write(rel: string, content: string, isNew = false, before?: Record<string, unknown>): void {
    this.abs(rel);
    const prior = this.ops.find(
      (o) => (o.change.op === "write" || o.change.op === "create") && o.change.path === rel,
    );
    if (prior) {
      prior.content = content;
      return;
    }
    this.ops.push({
      change: { op: isNew ? "create" : "write", path: rel },
      content,
      ...(before ? { before } : {}),
    });
  }

  /**
   * Every task file as it is before this change, read once per change through the parse
   * cache (records of unchanged files are parsed only when their task is asked for).
   */
  repository(): Promise<LoadedRepository> {
    this.loaded ??= loadRepository(this.ws, { cache: true });
    return this.loaded;
  }

  /** The planned operations on task files (not a named file outside tasks/), in plan order. */
  planned(): ReadonlyArray<
    Readonly<{ change: FileChange; content?: string; before?: Record<string, unknown> }>
  > {
    return this.ops.filter((o) => !o.external);
  }

  /**
   * Writes a file outside tasks/ that the user named explicitly (`cleanup --changelog`);
   * `shown` is how the path appears in the file operations.
   */
  writeNamedFile(absPath: string, shown: string, content: string): void {
    this.ops.push({ change: { op: "write", path: shown }, content, external: absPath });
  }

  move(from: string, to: string): void {
    if (from === to) return;
    this.abs(from);
    this.abs(to);
    this.ops.push({ change: { op: "move", path: to, from } });
  }

  delete(rel: string): void {
    this.abs(rel);
    this.ops.push({ change: { op: "delete", path: rel } });
  }

  get changes(): FileChange[] {
    // moves first, then writes, then deletes: the order they are applied in
    const rank = { move: 0, create: 1, write: 1, delete: 2 } as const;
    return [...this.ops].sort((a, b) => rank[a.change.op] - rank[b.change.op]).map((o) => o.change);
  }

  get isEmpty(): boolean {
    return this.ops.length === 0;
  }

  /** Content planned for a path (after moves), if any. */
  plannedContent(rel: string): string | undefined {
    return this.ops.find((o) => o.change.path === rel && o.content !== undefined)?.content;
  }

  /**
   * Checks every operation against the disk before the first one runs, so a multi-file
   * change (a cascade, say) is refused whole: nothing moved, nothing staged
   * (task-format.md "Writes keep the repository valid"). Throws `path_taken` or `file_gone`.
   */
  preflight(): void {
    const vacated = new Set<string>();
    const claimed = new Set<string>();
    const taken = (rel: string, what: string) =>
      new TaskplainError("path_taken", `${what}: ${rel} already exists; nothing was changed`, { path: rel });
    for (const { change, external } of this.ops) {
      if (external || change.op !== "move") continue;
      if (!existsSync(this.abs(change.from!)))
        throw new TaskplainError(
          "file_gone",
          `${change.from} is no longer there (another process moved it); nothing was changed`,
          { path: change.from! },
        );
      vacated.add(change.from!);
    }
    for (const { change, external } of this.ops) {
      if (external) continue;
      const target = change.op === "move" || change.op === "create" ? change.path : undefined;
      if (target === undefined) continue;
      if (claimed.has(target)) throw taken(target, "two changes would write one path");
      claimed.add(target);
      if (!vacated.has(target) && existsSync(this.abs(target)))
        throw taken(target, change.op === "move" ? `cannot move ${change.from}` : "cannot create it");
    }
  }

  async apply(): Promise<void> {
    this.preflight();
    this.ws.invalidate();
    const ordered = [...this.ops].sort((a, b) => {
      const rank = { move: 0, create: 1, write: 1, delete: 2 } as const;
      return rank[a.change.op] - rank[b.change.op];
    });
    try {
      await this.applyOrdered(ordered);
    } finally {
      this.ws.invalidate();
    }
  }

  private async applyOrdered(ordered: PlannedOp[]): Promise<void> {
    for (const { change, content, external } of ordered) {
      if (external) await writeFileAtomically(external, content!);
      else if (change.op === "move") {
        const from = this.abs(change.from!);
        const to = this.abs(change.path);
        if (existsSync(to))
          throw new TaskplainError("path_taken", `cannot move ${change.from}: ${change.path} already exists`);
        if (!(await gitMove(this.root, from, to))) await renameFile(from, to);
      } else if (change.op === "delete") {
        const file = this.abs(change.path);
        if (!(await gitRemove(this.root, file))) await removeFile(file);
      } else {
        await writeFileAtomically(this.abs(change.path), content!);
      }
    }
  }
}

export interface MutationOptions {
  dryRun?: boolean;
  /**
   * false for `validate --fix`, whose repairs are checked by validate itself: a repair
   * that leaves a cross-file error is still a repair of the rest.
   */
  checkRepository?: boolean;
}

export interface MutationOutcome<T> {
  result: T;
  changes: FileChange[];
  dry_run: boolean;
  /** what `validate` would say about the written tasks (task-format.md "Writes keep the repository valid") */
  warnings: Finding[];
}

/**
 * Runs a read-modify-write under the repository lock. `plan` reads what it needs (fresh,
 * inside the lock), validates, and records its file operations in the ChangeSet; a plan
 * that throws leaves every file untouched. With dryRun the plan runs but nothing is applied.
 */
export async function mutate<T>(
  ws: Workspace,
  options: MutationOptions,
  plan: (changes: ChangeSet) => Promise<T>,
): Promise<MutationOutcome<T>> {
  await loadFullYaml(); // writers edit files through TaskFile (the yaml library)
  const run = async () => {
    // Other processes may have written while we waited for the lock: list files afresh.
    ws.invalidate();
    if (!options.dryRun) {
      // under the lock, a temp file in tasks/ is a killed writer's: never left behind (the
      // listing this takes is the one the plan's lookups use)
      sweepAbandonedTemps(ws.otherFiles());
    }
    const changes = new ChangeSet(ws);
    const result = await plan(changes);
    // refuses a change that adds a cross-file error, before the first file is touched
    const warnings = await checkPlannedWrites(ws, changes, { repository: options.checkRepository !== false });
    if (options.dryRun) changes.preflight();
    else await changes.apply();
    return { result, changes: changes.changes, dry_run: Boolean(options.dryRun), warnings };
  };
  return options.dryRun ? run() : ws.withLock(run);
}
