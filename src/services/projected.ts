// Read-only repository-wide operations computed from projections: what an operation needs
// of each task file (a few fields, the file's findings), kept per file by its stats in a
// projection table (storage/projection-table.ts). After an edit, such an operation reads
// one small table and the changed files, instead of materializing every task from the
// parse cache (issue 17: the answers that must be computed again).
import { ProjectionTable, projectionDigest, type TableEntry } from "../storage/projection-table.js";
import { isGone, readTaskText } from "../storage/read-text.js";
import {
  type BrokenFile,
  isBroken,
  parseRecord,
  type TaskFileRef,
  type TaskRecord,
  unreadable,
  withFullYaml,
} from "../storage/records.js";
import { type StatPass, settled, statKeyText } from "../storage/stat-key.js";
import type { Workspace } from "../storage/workspace.js";
import { loadAll, type RepositoryAnswer, rememberedAnswer } from "./repo.js";

/**
 * What one operation needs of each task file. `of` must be a pure function of the file's
 * content and path and of the repository root, and return plain JSON data (it is stored).
 * Its type is the operation's contract: the domain functions it feeds accept exactly
 * these fields (e.g. ranking.ts RANK_FIELDS), so the compiler refuses a read of more.
 */
export interface Projection<P> {
  /** Names the table file: lowercase words joined by hyphens. */
  readonly name: string;
  of(record: TaskRecord, root: string): P;
}

/**
 * One task file as an operation sees it: where it is and its projection, with the
 * projection's digest (projectionDigest) — not the file's version: an answer is a function
 * of the projections, so an edit that leaves them alike leaves the answer alike.
 */
export interface ProjectedRow<P> {
  ref: TaskFileRef;
  digest: string;
  value: P;
}

/** Every task file projected, in listing order, and the files that could not be read. */
export interface ProjectedRepository<P> {
  rows: readonly ProjectedRow<P>[];
  broken: readonly BrokenFile[];
}

/**
 * At most this many changed files are read one by one; beyond (a checkout, a new build)
 * the whole repository is read through the parse cache and the table written anew.
 */
export const DIRECT_READS = 256;

/** Projections of records kept in memory (a watched workspace hands the same records again). */
const memos = new WeakMap<Projection<unknown>, WeakMap<TaskRecord, { value: unknown; digest: string }>>();

function project<P>(
  projection: Projection<P>,
  record: TaskRecord,
  root: string,
): { value: P; digest: string } {
  let memo = memos.get(projection);
  if (!memo) {
    memo = new WeakMap();
    memos.set(projection, memo);
  }
  let done = memo.get(record);
  if (!done) {
    const value = projection.of(record, root);
    done = { value, digest: projectionDigest(value) };
    memo.set(record, done);
  }
  return done as { value: P; digest: string };
}

/**
 * The answer of the read-only operation `operation` over every task file, computed by
 * `compute` from `projection` of each file, and remembered as every answer is
 * (rememberedAnswer in repo.ts): first by every file's stats, then by every file's path
 * and projection digest. When neither is stored, the projections come from the table for
 * unchanged files (their values parsed only then) and from reading the others.
 *
 * `compute` must be a pure function of the projected files and `inputs`. Throws what
 * loading the repository throws.
 */
export function projectedRead<P, V>(
  ws: Workspace,
  operation: string,
  inputs: unknown,
  projection: Projection<P>,
  compute: (repo: ProjectedRepository<P>) => V,
): Promise<RepositoryAnswer<V>> {
  const read = async (pass: StatPass | undefined) => {
    const table = pass ? ProjectionTable.open<P>(ws.root, ws.env, projection.name) : null;
    const repo =
      (table && pass && (await fromTable(ws, projection, table, pass))) ??
      (await fromFiles(ws, projection, table, pass));
    table?.save(ws.listTaskFiles());
    // the answer's key: every file's path and projection digest (in the version's place)
    const records = repo.rows.map((row) => ({ ref: row.ref, version: row.digest }));
    return { records, ...repo };
  };
  return rememberedAnswer(ws, operation, inputs, read, ({ rows, broken }) => compute({ rows, broken }));
}

type Slot<P> = ProjectedRow<P> | BrokenFile;

/** A row found in the table: its value is parsed from the table only when first read. */
class TableRow<P> implements ProjectedRow<P> {
  constructor(
    readonly ref: TaskFileRef,
    readonly digest: string,
    private readonly table: ProjectionTable<P>,
    private readonly at: number,
  ) {}

  get value(): P {
    return this.table.valueAt(this.at);
  }
}

/**
 * The projections from the table, reading only files whose stats changed; undefined when
 * the full read must decide (a file gone or unstat'able, too many changed).
 */
async function fromTable<P>(
  ws: Workspace,
  projection: Projection<P>,
  table: ProjectionTable<P>,
  pass: StatPass,
): Promise<ProjectedRepository<P> | undefined> {
  const listing = ws.listTaskFiles();
  if (listing !== pass.files) return undefined; // listed anew since the stats were taken
  const slots: (Slot<P> | undefined)[] = new Array(listing.length);
  const todo: number[] = [];
  for (let i = 0; i < listing.length; i++) {
    const ref = listing[i]!;
    const key = pass.keys[i];
    if (key === undefined) return undefined;
    const entry = table.get(ref.relPath, key, i);
    if (entry === undefined) {
      if (todo.push(i) > DIRECT_READS) return undefined;
    } else if ("digest" in entry) slots[i] = new TableRow(ref, entry.digest, table, entry.at);
    else slots[i] = { ref, version: entry.version, ...entry.broken };
  }
  const now = ws.clock.now();
  for (const i of todo) {
    const ref = listing[i]!;
    const st = pass.stats.get(ref.relPath)!;
    let text: string;
    try {
      text = readTaskText(ref.absPath);
    } catch (error) {
      if (isGone(error)) return undefined; // moved meanwhile: the full read looks again
      slots[i] = unreadable(ref, error);
      continue;
    }
    const read = await withFullYaml(() => parseRecord(ref, text));
    let slot: Slot<P> = read as BrokenFile;
    if (!isBroken(read)) {
      const value = projection.of(read, ws.root);
      slot = { ref, digest: projectionDigest(value), value };
    }
    slots[i] = slot;
    if (settled(st, now)) table.set(ref.relPath, pass.keys[i]!, tableEntry(slot));
  }
  return split(slots as Slot<P>[]);
}

/** The projections of a full read (through the parse cache), remembered in `table` when given. */
async function fromFiles<P>(
  ws: Workspace,
  projection: Projection<P>,
  table: ProjectionTable<P> | null,
  pass: StatPass | undefined,
): Promise<ProjectedRepository<P>> {
  const repo = await loadAll(ws, { cache: true, stats: pass?.stats });
  const rows = repo.records.map((r): ProjectedRow<P> => ({ ref: r.ref, ...project(projection, r, ws.root) }));
  if (table && pass) {
    const now = ws.clock.now();
    for (const slot of [...rows, ...repo.broken]) {
      const st = pass.stats.get(slot.ref.relPath);
      if (st && settled(st, now) && ("value" in slot || slot.version !== ""))
        table.set(slot.ref.relPath, statKeyText(st), tableEntry(slot));
    }
  }
  return { rows, broken: repo.broken };
}

const tableEntry = <P>(slot: Slot<P>): TableEntry<P> =>
  "value" in slot
    ? { digest: slot.digest, value: slot.value }
    : {
        version: slot.version,
        broken:
          slot.line === undefined ? { message: slot.message } : { message: slot.message, line: slot.line },
      };

function split<P>(slots: readonly Slot<P>[]): ProjectedRepository<P> {
  const rows: ProjectedRow<P>[] = [];
  const broken: BrokenFile[] = [];
  for (const slot of slots) {
    if ("value" in slot) rows.push(slot);
    else broken.push(slot);
  }
  return { rows, broken };
}
