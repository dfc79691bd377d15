// Beside the parse cache, a small index of who lists which children, so `show` finds a
// task's parent without reading every epic and story (`.git/taskplain-parents`).
import { type Stats, unlinkSync } from "node:fs";
import path from "node:path";
import { asciiJson, cacheDir, headerLine, readCacheBytes, writeCacheFile } from "./cache-files.js";

const FORMAT = 1;
export const PARENTS_FILE_NAME = "taskplain-parents";
/** Format 1's file name (written by earlier builds); removed when this one is written. */
const LEGACY_FILE_NAME = "taskplain-parents.json";

/** A file's stat key (size, mtimeMs, ctimeMs, inode) and the children it listed then. */
export type ParentEntry = [size: number, mtimeMs: number, ctimeMs: number, ino: number, children: string[]];

/**
 * The `children` lists of epics and stories as the parse cache last saw them: a file
 * whose size and times are unchanged and whose list lacks the id is skipped; every other
 * candidate is read.
 */
export class ParentIndex {
  private constructor(private readonly files: Record<string, ParentEntry>) {}

  static open(root: string, env: NodeJS.ProcessEnv): ParentIndex | null {
    const dir = cacheDir(env, root);
    if (!dir) return null;
    const bytes = readCacheBytes(path.join(dir, PARENTS_FILE_NAME), FORMAT, root, false);
    let files: Record<string, ParentEntry> = {};
    try {
      if (bytes) files = JSON.parse(bytes.toString("utf8")) as Record<string, ParentEntry>;
    } catch {
      // corrupt: an empty index (every candidate is read)
    }
    return new ParentIndex(files && typeof files === "object" ? files : {});
  }

  /** Writes the index of `root` (nothing when caching is off there). */
  static write(root: string, env: NodeJS.ProcessEnv, entries: [string, ParentEntry][]): void {
    const dir = cacheDir(env, root);
    if (!dir) return;
    writeCacheFile(path.join(dir, PARENTS_FILE_NAME), [
      headerLine(FORMAT, root),
      `${asciiJson(Object.fromEntries(entries))}\n`,
    ]);
    try {
      unlinkSync(path.join(dir, LEGACY_FILE_NAME));
    } catch {
      // there was none
    }
  }

  /** The children `relPath` lists, when the file is unchanged since indexed; else undefined. */
  children(relPath: string, st: Stats): string[] | undefined {
    return this.childrenFor(relPath, [st.size, st.mtimeMs, st.ctimeMs, st.ino]);
  }

  /** The children `relPath` listed when it had this stat key (size, mtimeMs, ctimeMs, inode). */
  childrenFor(relPath: string, key: readonly number[]): string[] | undefined {
    const entry = this.files[relPath];
    if (!Array.isArray(entry) || !Array.isArray(entry[4])) return undefined;
    return entry[0] === key[0] && entry[1] === key[1] && entry[2] === key[2] && entry[3] === key[3]
      ? entry[4]
      : undefined;
  }
}
