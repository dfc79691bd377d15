// What a file's stats say about its content, and when they may be trusted. The caches
// (parse cache, folder listings, stored answers) all take a file whose size, times and
// inode are unchanged to have unchanged content — the rule git's index uses — except
// when it changed so recently that a second change could have left them the same.
import { type Stats, statSync } from "node:fs";

/**
 * Files (and folders) changed less than this long ago (ms) are not trusted by their
 * stats: a second change within the file system's timestamp resolution could leave size
 * and times as they were (git's "racy clean", Documentation/technical/racy-git.txt).
 */
export const RACY_MS = 2000;

/** A stat key as text: `size \t mtimeMs \t ctimeMs \t ino \t` (bytes, ms; numbers as JavaScript prints them). */
export const statKeyText = (st: Stats): string => `${st.size}\t${st.mtimeMs}\t${st.ctimeMs}\t${st.ino}\t`;

/** Whether `st` was last changed at least RACY_MS before `nowMs` (ms since the epoch). */
export const settled = (st: Pick<Stats, "mtimeMs" | "ctimeMs">, nowMs: number): boolean =>
  nowMs - Math.max(st.mtimeMs, st.ctimeMs) >= RACY_MS;

/** One stat of every file of a listing (see statFiles). */
export interface StatPass {
  /** the listing stat'ed */
  files: readonly { relPath: string; absPath: string }[];
  /** relPath → the stats taken (files that could not be stat'ed are absent) */
  stats: Map<string, Stats>;
  /** each file's stat key (statKeyText), aligned with the listing; undefined where absent from `stats` */
  keys: (string | undefined)[];
  /**
   * Every path with its stat key, one per line, in the listing's order; undefined when a
   * file could not be stat'ed or is not settled (changed within RACY_MS): then the stats
   * do not say which content the files have.
   */
  text: string | undefined;
}

/**
 * Stats every file of `files` (one `stat` each) at clock time `nowMs`. Readers that go on
 * to read the files pass `stats` along, so each file is stat'ed once, before its read.
 * Never throws: a file that is gone or unreadable is left out of `stats`.
 */
export function statFiles(files: readonly { relPath: string; absPath: string }[], nowMs: number): StatPass {
  const stats = new Map<string, Stats>();
  const keys: (string | undefined)[] = new Array(files.length);
  const lines: string[] = [];
  let trusted = true;
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    let st: Stats | undefined;
    try {
      st = statSync(file.absPath, { throwIfNoEntry: false });
    } catch {
      st = undefined; // unreadable: the read reports it
    }
    if (!st) {
      trusted = false;
      continue;
    }
    stats.set(file.relPath, st);
    const key = statKeyText(st);
    keys[i] = key;
    if (trusted && settled(st, nowMs)) lines.push(`${file.relPath}\t${key}`);
    else trusted = false;
  }
  return { files, stats, keys, text: trusted ? lines.join("\n") : undefined };
}
