// Beside the parse cache, each task's JSON text as `list --output json` prints it
// (`.git/taskplain-views`), so listing 10,000 tasks joins stored bytes instead of
// building and serializing 10,000 objects. A text is keyed by the file's path and
// version (the hash of its content), and the file by build: a text is a pure function
// of the three, so it can never be stale — at worst it is missing and rendered again.
//
// Format 1: a header line, then per file `relPath \t version \t byteLength \n` + the
// text's UTF-8 bytes + `\n`. Read as one buffer; texts are sliced out, never decoded.
import path from "node:path";
import {
  cacheDir,
  headerLine,
  REWRITE_SHARE,
  readCacheBytes,
  SAFE_PATH,
  sweepLeftovers,
  writeCacheFile,
} from "./cache-files.js";

const FORMAT = 1;
export const VIEWS_FILE_NAME = "taskplain-views";

interface Stored {
  version: string;
  text: Uint8Array;
}

export class ViewCache {
  /** texts rendered by this process */
  private readonly texts = new Map<string, Stored>();
  private changes = 0;

  private constructor(
    readonly file: string,
    private readonly root: string,
  ) {}

  /** The view cache of `root`, or null when caching is off there (as the parse cache). */
  static open(root: string, env: NodeJS.ProcessEnv): ViewCache | null {
    const dir = cacheDir(env, root);
    if (!dir) return null;
    const cache = new ViewCache(path.join(dir, VIEWS_FILE_NAME), root);
    const bytes = readCacheBytes(cache.file, FORMAT, root, false);
    if (bytes) cache.index(bytes);
    return cache;
  }

  // The texts of the file as opened: path → slot; per slot its version and where its bytes are.
  private bytes: Buffer = Buffer.alloc(0);
  private readonly slots = new Map<string, number>();
  private readonly versions: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  private index(bytes: Buffer): void {
    this.bytes = bytes;
    for (let at = 0; at < bytes.length; ) {
      const tab1 = bytes.indexOf(9, at);
      const tab2 = tab1 < 0 ? -1 : bytes.indexOf(9, tab1 + 1);
      const eol = tab2 < 0 ? -1 : bytes.indexOf(10, tab2 + 1);
      if (eol < 0) return;
      let size = 0;
      for (let i = tab2 + 1; i < eol; i++) {
        const digit = bytes[i]! - 48;
        if (digit < 0 || digit > 9) return;
        size = size * 10 + digit;
      }
      const end = eol + 1 + size;
      // a torn or foreign tail: keep what came before
      if (tab1 === at || eol === tab2 + 1 || end >= bytes.length || bytes[end] !== 10) return;
      this.slots.set(bytes.toString("latin1", at, tab1), this.versions.length);
      this.versions.push(bytes.toString("latin1", tab1 + 1, tab2));
      this.starts.push(eol + 1);
      this.ends.push(end);
      at = end + 1;
    }
  }

  /** The stored text of `relPath` at `version` (UTF-8 bytes), or undefined. */
  get(relPath: string, version: string): Uint8Array | undefined {
    const fresh = this.texts.get(relPath);
    if (fresh) return fresh.version === version ? fresh.text : undefined;
    const slot = this.slots.get(relPath);
    if (slot === undefined || this.versions[slot] !== version) return undefined;
    return this.bytes.subarray(this.starts[slot], this.ends[slot]);
  }

  /** Stores the text of `relPath` at `version` and returns its UTF-8 bytes. */
  put(relPath: string, version: string, text: string): Uint8Array {
    const bytes = Buffer.from(text, "utf8");
    if (SAFE_PATH.test(relPath) && !version.includes("\t")) {
      this.texts.set(relPath, { version, text: bytes });
      this.slots.delete(relPath);
      this.changes += 1;
    }
    return bytes;
  }

  /** Writes the texts (of files in `live` only, when given) if enough of them are new. */
  save(live?: ReadonlySet<string>): void {
    if (this.changes === 0 || this.changes * REWRITE_SHARE < this.texts.size + this.slots.size) return;
    this.changes = 0;
    sweepLeftovers(path.dirname(this.file), [VIEWS_FILE_NAME]);
    const { texts, slots, versions, starts, ends, bytes, root } = this;
    writeCacheFile(
      this.file,
      (function* pieces() {
        yield headerLine(FORMAT, root);
        const entry = function* (relPath: string, version: string, text: Uint8Array) {
          if (live && !live.has(relPath)) return;
          yield `${relPath}\t${version}\t${text.length}\n`;
          yield text;
          yield "\n";
        };
        for (const [relPath, slot] of slots) {
          yield* entry(relPath, versions[slot]!, bytes.subarray(starts[slot], ends[slot]));
        }
        for (const [relPath, { version, text }] of texts) yield* entry(relPath, version, text);
      })(),
    );
  }
}
