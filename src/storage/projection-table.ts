// A projection table: for one read-only operation, what it needs of each task file (a
// few fields, the file's findings), kept per file under the file's stat key, so an
// answer that must be computed again after an edit reads one small table and the
// changed files instead of every task (services/projected.ts). One file per projection
// in `.git/taskplain-projections/<name>`; never a source of truth: a missing, damaged or
// foreign table is rebuilt on the way, like the parse cache.
//
// Format 2: the header line (cache-files.ts), the SHA-1 of the table's name and the rest
// as a hex line (a table copied under another name is refused), then one JSON array of
// rows: [relPath, statKeyText, digest, value] for a task (digest: the SHA-1 of the value's
// JSON, projectionDigest), or [relPath, statKeyText, version, null, message, line | null]
// for a broken file.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { asciiJson, cacheDir, headerEnd, headerLine, jsonSafe, writeCacheFile } from "./cache-files.js";
import { sha1Hex } from "./file-version.js";

const FORMAT = 2;
export const PROJECTIONS_DIR_NAME = "taskplain-projections";
/** A projection's name: it names its file. */
const NAME = /^[a-z][a-z0-9-]*$/;

/** One file as a table row holds it: the projected value and its digest, or its version and why it is broken. */
export type TableEntry<P> =
  | { digest: string; value: P }
  | { version: string; broken: { message: string; line?: number } };

/**
 * The digest of a projected value (40 hex digits): the SHA-1 of its JSON as stored. Two
 * files whose values have the same digest answer every question on them alike.
 */
export const projectionDigest = (value: unknown): string => sha1Hex(asciiJson(value));

type Row = [string, string, string, unknown, string?, (number | null)?];

export class ProjectionTable<P> {
  /** rows as opened, in the order written (the listing's order then) */
  private readonly rows: Row[];
  /** relPath → position in `rows`, built when a row is not where its listing position says */
  private index: Map<string, number> | undefined;
  /** rows added by this process: relPath → row */
  private readonly added = new Map<string, Row>();

  private constructor(
    readonly file: string,
    private readonly name: string,
    private readonly root: string,
    rows: Row[],
  ) {
    this.rows = rows;
  }

  /**
   * The table `name` of `root`, as last written (empty when missing, damaged, or written
   * by another build or for another root); null when caching is off there (cacheDir).
   * Throws when `name` is not lowercase words joined by hyphens.
   */
  static open<P>(root: string, env: NodeJS.ProcessEnv, name: string): ProjectionTable<P> | null {
    if (!NAME.test(name)) throw new Error(`internal error: projection name ${JSON.stringify(name)}`);
    const dir = cacheDir(env, root);
    if (!dir) return null;
    const file = path.join(dir, PROJECTIONS_DIR_NAME, name);
    return new ProjectionTable<P>(file, name, root, readRows(file, name, root));
  }

  /**
   * The entry of `relPath` when the file still has the stat key `key` (statKeyText) it had
   * then. `at`, the file's position in the listing, finds the row at once when the listing
   * is the one the table was written from.
   */
  get(relPath: string, key: string, at = -1): TableEntry<P> | undefined {
    let row = this.rows[at];
    if (row === undefined || row[0] !== relPath) row = this.rowOf(relPath);
    if (row === undefined || row[1] !== key) return undefined;
    const [, , stamp, value, message, line] = row;
    if (value !== null) return { digest: stamp, value: value as P };
    return {
      version: stamp,
      broken: line == null ? { message: String(message) } : { message: String(message), line },
    };
  }

  /** The row of `relPath` as opened, found by path (the index is built on first use). */
  private rowOf(relPath: string): Row | undefined {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.rows.length; i++) this.index.set(this.rows[i]![0], i);
    }
    const i = this.index.get(relPath);
    return i === undefined ? undefined : this.rows[i];
  }

  /**
   * Remembers the entry of `relPath` read with stat key `key`, taken before the read (the
   * caller keeps only files whose stats can be trusted, stat-key.ts `settled`). Values
   * that do not survive JSON are not kept.
   */
  set(relPath: string, key: string, entry: TableEntry<P>): void {
    if ("value" in entry) {
      if (jsonSafe(entry.value, true)) this.added.set(relPath, [relPath, key, entry.digest, entry.value]);
    } else {
      const { message, line } = entry.broken;
      this.added.set(relPath, [relPath, key, entry.version, null, message, line ?? null]);
    }
  }

  /**
   * Writes the table anew, in the order of `listing` (every task file, as listed now), when
   * this process added rows or the table holds more rows than there are files (some are
   * gone). A stale row of a file changed too recently to be stored again stays: it is not
   * worth a rewrite, and its stat key never matches again.
   */
  save(listing: readonly { relPath: string }[]): void {
    if (this.added.size === 0 && this.rows.length <= listing.length) return;
    const rows: Row[] = [];
    for (const { relPath } of listing) {
      const row = this.added.get(relPath) ?? this.rowOf(relPath);
      if (row) rows.push(row);
    }
    const body = asciiJson(rows);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
    } catch {
      return; // a read-only git directory: nothing kept, nothing wrong
    }
    writeCacheFile(this.file, [headerLine(FORMAT, this.root), `${checksum(this.name, body)}\n`, body]);
  }
}

/** The SHA-1 a table is written with: of its name and its rows, so a table copied under another name is refused. */
const checksum = (name: string, body: string): string => sha1Hex(`${name}\n${body}`);

function readRows(file: string, name: string, root: string): Row[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return [];
  }
  const start = headerEnd(bytes, FORMAT, root);
  if (start === undefined) return [];
  const text = bytes.toString("latin1", start);
  const sum = text.indexOf("\n");
  const body = text.slice(sum + 1);
  if (sum !== 40 || checksum(name, body) !== text.slice(0, 40)) return []; // damaged, or another table
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  for (const row of parsed as Row[]) {
    if (
      !Array.isArray(row) ||
      typeof row[0] !== "string" ||
      typeof row[1] !== "string" ||
      typeof row[2] !== "string"
    )
      return [];
  }
  return parsed as Row[];
}
