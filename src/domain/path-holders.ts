// The paths in use while `next` hands out work: tasks in progress (and leased) plus the
// picks so far, indexed so that each candidate is compared only with holders it could
// collide with. The answers are exactly those of comparing with every holder in turn
// (cli.md, "next"): the index only skips pairs that provably cannot overlap.
import { globsOverlap, literalHead, touchesConflict } from "./globs.js";
import type { Task } from "./task.js";

/** One holder a candidate clashes with, and why. */
export interface Clash {
  id: string;
  why: string;
}

/** A holder's glob: which holder, its position in the holder's `touches`, the text. */
interface Entry {
  holder: number;
  position: number;
  glob: string;
}

interface Node {
  children: Map<string, Node>;
  /** Globs whose literal head ends exactly here. */
  here: Entry[];
  /** Globs whose literal head passes through or ends here. */
  below: Entry[];
}

const node = (): Node => ({ children: new Map(), here: [], below: [] });
const headSegments = (glob: string): string[] => {
  const head = literalHead(glob);
  return head === "" ? [] : head.split("/");
};

/**
 * Why `candidate` may not run beside `holder`, or undefined when both can: `isolation:
 * global` on either side conflicts, else the first overlapping pair of `touches` globs.
 */
export function conflictBetween(candidate: Task, holder: Task): string | undefined {
  if (holder.isolation === "global") return `${holder.id} has isolation global`;
  if (candidate.isolation === "global") return `isolation global conflicts with ${holder.id}`;
  const pair = touchesConflict(candidate.touches, holder.touches);
  return pair ? `${pair[0]} overlaps ${pair[1]} of ${holder.id}` : undefined;
}

/**
 * Holders of paths, in the order they were added. Two globs can only overlap when the
 * literal head of one (its leading segments without glob syntax) is a segment prefix of
 * the other's, so holders are kept in a trie of their heads: a candidate glob meets the
 * holders whose head lies on its own head's path (shorter or equal) or below it (longer).
 */
export class PathHolders {
  private readonly holders: Task[] = [];
  private readonly global: number[] = [];
  private readonly root = node();
  /** globsOverlap answers for this run, without building a pair key per question. */
  private readonly answers = new Map<string, Map<string, boolean>>();
  private readonly heads = new Map<string, string[]>();

  /** The literal head of a glob as segments, computed once per glob for this run. */
  private head(glob: string): string[] {
    let segs = this.heads.get(glob);
    if (!segs) {
      segs = headSegments(glob);
      this.heads.set(glob, segs);
    }
    return segs;
  }

  add(task: Task): void {
    const holder = this.holders.length;
    this.holders.push(task);
    if (task.isolation === "global") {
      this.global.push(holder);
      return;
    }
    task.touches.forEach((glob, position) => {
      if (glob.trim() === "") return;
      const entry: Entry = { holder, position, glob };
      let at = this.root;
      at.below.push(entry);
      for (const seg of this.head(glob)) {
        let next = at.children.get(seg);
        if (!next) {
          next = node();
          at.children.set(seg, next);
        }
        at = next;
        at.below.push(entry);
      }
      at.here.push(entry);
    });
  }

  private overlap(x: string, y: string): boolean {
    let row = this.answers.get(x);
    if (!row) {
      row = new Map();
      this.answers.set(x, row);
    }
    let answer = row.get(y);
    if (answer === undefined) {
      answer = globsOverlap(x, y);
      row.set(y, answer);
    }
    return answer;
  }

  /**
   * Every holder `candidate` conflicts with, in the order the holders were added, each
   * with the reason conflictBetween gives: for touches, the first overlapping pair in
   * the candidate's order, then the holder's.
   */
  clashes(candidate: Task): Clash[] {
    if (candidate.isolation === "global") {
      return this.holders.map((holder) => ({ id: holder.id, why: conflictBetween(candidate, holder)! }));
    }
    // holder → the reason, found at the earliest candidate glob, then earliest holder glob.
    const found = new Map<number, { at: number; position: number; why: string }>();
    for (const h of this.global)
      found.set(h, { at: -1, position: -1, why: `${this.holders[h]!.id} has isolation global` });
    candidate.touches.forEach((x, at) => {
      if (x.trim() === "") return;
      const consider = (e: Entry) => {
        const prior = found.get(e.holder);
        if (prior && (prior.at < at || prior.position < e.position)) return;
        if (this.overlap(x, e.glob))
          found.set(e.holder, {
            at,
            position: e.position,
            why: `${x} overlaps ${e.glob} of ${this.holders[e.holder]!.id}`,
          });
      };
      let node: Node | undefined = this.root;
      for (const seg of this.head(x)) {
        for (const e of node.here) consider(e);
        node = node.children.get(seg);
        if (!node) break;
      }
      if (node) for (const e of node.below) consider(e);
    });
    return [...found].sort((a, b) => a[0] - b[0]).map(([h, f]) => ({ id: this.holders[h]!.id, why: f.why }));
  }
}
