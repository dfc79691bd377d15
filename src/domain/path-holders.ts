// The paths in use while `next` hands out work: tasks in progress (and leased) plus the
// picks so far, indexed so that each candidate is compared only with holders it could
// collide with. The answers are exactly those of comparing with every holder in turn
// (cli.md, "next"): the index only skips pairs that provably cannot overlap.
import { globsOverlap, literalHead, touchesConflict } from "./globs.js";
import type { Task } from "./task.js";

/** The part of a task that holds paths or asks for them. */
export type PathTask = Pick<Task, "id" | "kind" | "isolation" | "touches">;

/** One holder a candidate clashes with, and why. */
export interface Clash {
  id: string;
  why: string;
}

/** A holder's glob: which holder, and its position in the holder's `touches`. */
interface Entry {
  holder: number;
  position: number;
}

/** Every entry holding one glob text (holders reuse a small vocabulary of paths). */
interface Group {
  glob: string;
  entries: Entry[];
}

interface Node {
  children: Map<string, Node>;
  /** Globs whose literal head ends exactly here. */
  here: Group[];
  /** Globs whose literal head passes through or ends here. */
  below: Group[];
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
export function conflictBetween(candidate: PathTask, holder: PathTask): string | undefined {
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
  private readonly holders: PathTask[] = [];
  private readonly global: number[] = [];
  private readonly root = node();
  private readonly groups = new Map<string, Group>();
  /**
   * Candidate glob → the holders' groups it overlaps. A group gaining an entry needs no
   * update (entries are read when asked); a new group empties the memo.
   */
  private readonly overlapping = new Map<string, Group[]>();
  /** What clashes() answers a global candidate, for the holders so far (shared: read only). */
  private everyHolder: readonly Clash[] | undefined;

  add(task: PathTask): void {
    const holder = this.holders.length;
    this.holders.push(task);
    if (task.isolation === "global") {
      this.global.push(holder);
      return;
    }
    task.touches.forEach((glob, position) => {
      if (glob.trim() === "") return;
      let group = this.groups.get(glob);
      if (!group) {
        group = { glob, entries: [] };
        this.groups.set(glob, group);
        this.overlapping.clear();
        let at = this.root;
        at.below.push(group);
        for (const seg of headSegments(glob)) {
          let next = at.children.get(seg);
          if (!next) {
            next = node();
            at.children.set(seg, next);
          }
          at = next;
          at.below.push(group);
        }
        at.here.push(group);
      }
      group.entries.push({ holder, position });
    });
  }

  /**
   * The groups whose glob overlaps `x`: those whose head lies on the path of x's head
   * (shorter or equal) or below it (longer); no other glob can overlap it.
   */
  private overlaps(x: string): Group[] {
    let out = this.overlapping.get(x);
    if (out) return out;
    out = [];
    let at: Node | undefined = this.root;
    for (const seg of headSegments(x)) {
      for (const g of at.here) if (globsOverlap(x, g.glob)) out.push(g);
      at = at.children.get(seg);
      if (!at) break;
    }
    if (at) for (const g of at.below) if (globsOverlap(x, g.glob)) out.push(g);
    this.overlapping.set(x, out);
    return out;
  }

  /**
   * Every holder `candidate` conflicts with, in the order the holders were added, each
   * with the reason conflictBetween gives: for touches, the first overlapping pair in
   * the candidate's order, then the holder's. The list may be shared between calls:
   * callers read it, never change it.
   */
  clashes(candidate: PathTask): readonly Clash[] {
    if (candidate.isolation === "global") {
      // the same for every global candidate (the reasons name only the holder): kept
      // until a holder is added
      if (this.everyHolder?.length !== this.holders.length)
        this.everyHolder = this.holders.map((holder) => ({
          id: holder.id,
          why: conflictBetween(candidate, holder)!,
        }));
      return this.everyHolder;
    }
    // holder → the first overlapping pair: earliest candidate glob, then earliest holder glob
    const found = new Map<number, { at: number; x: string; position: number; y: string }>();
    for (const h of this.global) found.set(h, { at: -1, x: "", position: -1, y: "" });
    candidate.touches.forEach((x, at) => {
      if (x.trim() === "") return;
      for (const g of this.overlaps(x)) {
        for (const e of g.entries) {
          const prior = found.get(e.holder);
          if (!prior) found.set(e.holder, { at, x, position: e.position, y: g.glob });
          else if (prior.at === at && e.position < prior.position) {
            prior.position = e.position;
            prior.y = g.glob;
          }
        }
      }
    });
    return [...found.keys()]
      .sort((a, b) => a - b)
      .map((h) => {
        const f = found.get(h)!;
        const id = this.holders[h]!.id;
        return { id, why: f.position < 0 ? `${id} has isolation global` : `${f.x} overlaps ${f.y} of ${id}` };
      });
  }
}
