// A projection table: for one read-only operation, what it needs of each task file (a
// few fields, the file's findings), kept per file under the file's stat key, so an
// answer that must be computed again after an edit reads one small table and the
// changed files instead of every task (services/projected.ts). One file per projection
// in `.git/taskplain-projections/<name>`; never a source of truth: a missing, damaged or
// foreign table is rebuilt on the way, like the parse cache.
//
// Format 1: the header line (cache-files.ts), the SHA-1 of the rest as a hex line, then
// one JSON array of rows: [relPath, statKeyText, version, value] for a task, or
// [relPath, statKeyText, version, null, message, line | null] for a broken file.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { asciiJson, cacheDir, headerEnd, headerLine, jsonSafe, writeCacheFile } from "./cache-files.js";
import { sha1Hex } from "./file-version.js";

const FORMAT = 1;
export const PROJECTIONS_DIR_NAME = "taskplain-projections";
/** A projection's name: it names its file. */
const NAME = /^[a-z][a-z0-9-]*$/;

/** One file as a table row holds it: its version and the projected value, or why it is broken. */
export type TableEntry<P> =
  | { version: string; value: P }
  | { version: string; broken: { message: string; line?: number } };

type Row = [string, string, string, unknown, string?, (number | null)?];

export class ProjectionTable<P> {
  /** rows as opened: relPath → [statKeyText, entry] */
  private readonly rows: Map<string, [string, TableEntry<P>]>;
  /** rows to write: relPath → [statKeyText, entry] (those asked for or added by this process) */
  private readonly kept = new Map<string, [string, TableEntry<P>]>();
  private added = 0;

  private constructor(
    readonly file: string,
    private readonly root: string,
    rows: Map<string, [string, TableEntry<P>]>,
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
    return new ProjectionTable<P>(file, root, readRows<P>(file, root));
  }

  /** The entry of `relPath` when the file still has the stat key `key` (statKeyText) it had then. */
  get(relPath: string, key: string): TableEntry<P> | undefined {
    const row = this.rows.get(relPath);
    if (row === undefined) return undefined;
    // kept even when stale: a file changed too recently to be stored again is not worth a rewrite
    this.kept.set(relPath, row);
    return row[0] === key ? row[1] : undefined;
  }

  /**
   * Remembers the entry of `relPath` read with stat key `key`, taken before the read (the
   * caller keeps only files whose stats can be trusted, stat-key.ts `settled`). Values
   * that do not survive JSON are not kept.
   */
  set(relPath: string, key: string, entry: TableEntry<P>): void {
    if ("value" in entry && !jsonSafe(entry.value, true)) return;
    this.kept.set(relPath, [key, entry]);
    this.added += 1;
  }

  /**
   * Writes the table anew when this process added rows or some opened rows were never
   * asked for (their files are gone): the rows written are those asked for or added.
   */
  save(): void {
    if (this.added === 0 && this.kept.size === this.rows.size) return;
    const rows: Row[] = [];
    for (const [relPath, [key, entry]] of this.kept) {
      if ("value" in entry) rows.push([relPath, key, entry.version, entry.value]);
      else rows.push([relPath, key, entry.version, null, entry.broken.message, entry.broken.line ?? null]);
    }
    const body = asciiJson(rows);
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
    } catch {
      return; // a read-only git directory: nothing kept, nothing wrong
    }
    writeCacheFile(this.file, [headerLine(FORMAT, this.root), `${sha1Hex(body)}\n`, body]);
  }
}

function readRows<P>(file: string, root: string): Map<string, [string, TableEntry<P>]> {
  const rows = new Map<string, [string, TableEntry<P>]>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return rows;
  }
  const start = headerEnd(bytes, FORMAT, root);
  if (start === undefined) return rows;
  const text = bytes.toString("latin1", start);
  const sum = text.indexOf("\n");
  const body = text.slice(sum + 1);
  if (sum !== 40 || sha1Hex(body) !== text.slice(0, 40)) return rows; // damaged: start afresh
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return rows;
  }
  if (!Array.isArray(parsed)) return rows;
  for (const row of parsed as Row[]) {
    if (!Array.isArray(row) || typeof row[0] !== "string" || typeof row[1] !== "string") return new Map();
    const [relPath, key, version, value, message, line] = row;
    if (typeof version !== "string") return new Map();
    const entry: TableEntry<P> =
      value === null
        ? {
            version,
            broken: line == null ? { message: String(message) } : { message: String(message), line },
          }
        : { version, value: value as P };
    rows.set(relPath, [key, entry]);
  }
  return rows;
}
