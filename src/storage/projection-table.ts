// A projection table: for one read-only operation, what it needs of each task file (a
// few fields, the file's findings), kept per file under the file's stat key, so an
// answer that must be computed again after an edit reads one small table and the
// changed files instead of every task (services/projected.ts). One file per projection
// in `.git/taskplain-projections/<name>`; never a source of truth: a missing, damaged or
// foreign table is rebuilt on the way, like the parse cache.
//
// Format 3: the header line (cache-files.ts); one line with two SHA-1s, of the index and
// of the values (each taken with the table's name, so a table copied under another name
// is refused); the index, one JSON array of rows: [relPath, statKeyText, digest] for a
// task (digest: the SHA-1 of its value's JSON, projectionDigest) or [relPath,
// statKeyText, version, message, line | null] for a broken file; then the values, one
// JSON array in the index's order (null for a broken file). Both are checked when the
// file is opened, but the values are parsed only when asked for: an answer found by the
// digests never parses them.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { asciiJson, cacheDir, headerLine, jsonSafe, readCacheBytes, writeCacheFile } from "./cache-files.js";
import { sha1Hex } from "./file-version.js";

const FORMAT = 3;
export const PROJECTIONS_DIR_NAME = "taskplain-projections";
/** A projection's name: it names its file. */
const NAME = /^[a-z][a-z0-9-]*$/;

/** A file that could not be parsed, as a table row holds it. */
export interface BrokenEntry {
  version: string;
  broken: { message: string; line?: number };
}

/** One file to keep in a table: its projected value and that value's digest, or why it is broken. */
export type TableEntry<P> = { digest: string; value: P } | BrokenEntry;

/** One file as found in a table: its value's digest and where the value is (`valueAt`), or why it is broken. */
export type FoundEntry = { digest: string; at: number } | BrokenEntry;

/**
 * The digest of a projected value (40 hex digits): the SHA-1 of its JSON as stored. Two
 * files whose values have the same digest answer every question on them alike.
 */
export const projectionDigest = (value: unknown): string => sha1Hex(asciiJson(value));

type IndexRow = [string, string, string] | [string, string, string, string, number | null];

export class ProjectionTable<P> {
  /** relPath → position in `rows`, built when a row is not where its listing position says */
  private index: Map<string, number> | undefined;
  /** the values line, parsed on first use */
  private values: unknown[] | undefined;
  /** rows added by this process: relPath → [statKeyText, entry] */
  private readonly added = new Map<string, [string, TableEntry<P>]>();

  private constructor(
    readonly file: string,
    private readonly name: string,
    private readonly root: string,
    /** rows as opened, in the order written (the listing's order then) */
    private readonly rows: IndexRow[],
    /** the values' JSON as opened (checked) */
    private readonly valuesText: string,
  ) {}

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
    const read = readTable(file, name, root);
    return new ProjectionTable<P>(file, name, root, read?.rows ?? [], read?.values ?? "[]");
  }

  /**
   * The entry of `relPath` when the file still has the stat key `key` (statKeyText) it had
   * then. `at`, the file's position in the listing, finds the row at once when the listing
   * is the one the table was written from.
   */
  get(relPath: string, key: string, at = -1): FoundEntry | undefined {
    let i = at;
    if (this.rows[i]?.[0] !== relPath) i = this.positionOf(relPath);
    const row = this.rows[i];
    if (row === undefined || row[1] !== key) return undefined;
    if (row.length === 3) return { digest: row[2], at: i };
    const [, , version, message, line] = row;
    return { version, broken: line === null ? { message } : { message, line } };
  }

  /** The value of the row at `at` (a FoundEntry's), the values parsed on first use. */
  valueAt(at: number): P {
    this.values ??= JSON.parse(this.valuesText) as unknown[];
    return this.values[at] as P;
  }

  /** The position of `relPath`'s row as opened (-1 when none); the index is built on first use. */
  private positionOf(relPath: string): number {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.rows.length; i++) this.index.set(this.rows[i]![0], i);
    }
    return this.index.get(relPath) ?? -1;
  }

  /**
   * Remembers the entry of `relPath` read with stat key `key`, taken before the read (the
   * caller keeps only files whose stats can be trusted, stat-key.ts `settled`). Values
   * that do not survive JSON are not kept.
   */
  set(relPath: string, key: string, entry: TableEntry<P>): void {
    if ("value" in entry && !jsonSafe(entry.value, true)) return;
    this.added.set(relPath, [key, entry]);
  }

  /**
   * Writes the table anew, in the order of `listing` (every task file, as listed now), when
   * this process added rows or the table holds more rows than there are files (some are
   * gone). A stale row of a file changed too recently to be stored again stays: it is not
   * worth a rewrite, and its stat key never matches again.
   */
  save(listing: readonly { relPath: string }[]): void {
    if (this.added.size === 0 && this.rows.length <= listing.length) return;
    const rows: IndexRow[] = [];
    const values: unknown[] = [];
    for (const { relPath } of listing) {
      const added = this.added.get(relPath);
      if (added) {
        const [key, entry] = added;
        if ("value" in entry) {
          rows.push([relPath, key, entry.digest]);
          values.push(entry.value);
        } else {
          rows.push([relPath, key, entry.version, entry.broken.message, entry.broken.line ?? null]);
          values.push(null);
        }
        continue;
      }
      const i = this.positionOf(relPath);
      const row = this.rows[i];
      if (row === undefined) continue;
      rows.push(row);
      values.push(row.length === 3 ? this.valueAt(i) : null);
    }
    const indexText = asciiJson(rows);
    const valuesText = asciiJson(values);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
    } catch {
      return; // a read-only git directory: nothing kept, nothing wrong
    }
    const sums = `${checksum(this.name, indexText)} ${checksum(`${this.name}.values`, valuesText)}\n`;
    writeCacheFile(this.file, [headerLine(FORMAT, this.root), sums, indexText, "\n", valuesText]);
  }
}

/** The SHA-1 a table is written with: of its name and its rows, so a table copied under another name is refused. */
const checksum = (name: string, body: string): string => sha1Hex(`${name}\n${body}`);

const isIndexRow = (row: unknown): row is IndexRow =>
  Array.isArray(row) &&
  typeof row[0] === "string" &&
  typeof row[1] === "string" &&
  typeof row[2] === "string" &&
  (row.length === 3 ||
    (row.length === 5 && typeof row[3] === "string" && (row[4] === null || typeof row[4] === "number")));

/** The index rows and the values' JSON of a table file whose header and SHA-1s are right; undefined otherwise. */
function readTable(
  file: string,
  name: string,
  root: string,
): { rows: IndexRow[]; values: string } | undefined {
  const text = readCacheBytes(file, FORMAT, root, false)?.toString("latin1");
  if (text === undefined) return undefined;
  const sums = text.indexOf("\n");
  const split = text.indexOf("\n", sums + 1);
  if (sums !== 81 || split < 0) return undefined;
  const indexText = text.slice(sums + 1, split);
  const valuesText = text.slice(split + 1);
  // damaged, cut, or another table's
  if (text.slice(0, 40) !== checksum(name, indexText)) return undefined;
  if (text.slice(41, 81) !== checksum(`${name}.values`, valuesText)) return undefined;
  let rows: unknown;
  try {
    rows = JSON.parse(indexText);
  } catch {
    return undefined;
  }
  return Array.isArray(rows) && rows.every(isIndexRow) ? { rows, values: valuesText } : undefined;
}
