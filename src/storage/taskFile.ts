// Reading and writing one task file: frontmatter + body, with minimal diffs.
//
// The frontmatter is cut into one text segment per top-level key. A key that a change
// does not touch is written back from its original bytes, so quoting, comments and
// odd spacing survive; a changed key is re-rendered from the parsed YAML node (which
// keeps the scalar styles of its untouched children). Unchanged file ⇒ identical bytes.
//
// Files as people write them (task-format.md): a re-rendered key uses the file's own
// line ending (CRLF files stay CRLF), and whole-line comments that follow a key keep
// their place when that key is re-rendered or deleted.
import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Pair,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  type YAMLSeq,
} from "yaml";
import { META_KEY_ORDER } from "../domain/enums.js";
import { type Split, splitFile, TaskFileParseError } from "./frontmatter.js";

export { type Split, splitFile, TaskFileParseError } from "./frontmatter.js";

const RENDER_OPTIONS = {
  lineWidth: 0,
  minContentWidth: 0,
  indent: 2,
  indentSeq: true,
  defaultStringType: "PLAIN",
  defaultKeyType: "PLAIN",
  nullStr: "null",
  // `[a, b]` as people write flow lists, not `[ a, b ]`
  flowCollectionPadding: false,
} as const;

const CANONICAL_INDEX = new Map<string, number>(META_KEY_ORDER.map((k, i) => [k, i]));

const keyOf = (pair: Pair): string => String(isScalar(pair.key) ? pair.key.value : pair.key);

/**
 * The whole-line comments (column 0) closing a key's segment, with the blank lines
 * among and after them: they annotate the file, not the key's value, so they survive
 * a re-render or removal of the key. A block scalar's content is always indented, so
 * a column-0 `#` line is never part of a value.
 */
function trailingComments(segment: string): string {
  const lines = segment.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let start = lines.length;
  let firstComment = -1;
  for (let i = lines.length - 1; i >= 1; i--) {
    const line = lines[i]!;
    if (line.startsWith("#")) firstComment = i;
    else if (line.trim() !== "") break;
    start = i;
  }
  return firstComment === -1 || start >= lines.length ? "" : lines.slice(firstComment).join("");
}

function withoutAnchor<T>(node: T): T {
  visit(node as never, {
    Node(_key, n) {
      delete (n as { anchor?: string }).anchor;
    },
  });
  return node;
}

export class TaskFile {
  private readonly dirty = new Set<string>();
  /** comment lines of deleted keys, written where the key was */
  private readonly orphanComments = new Map<number, string>();
  private reordered = false;

  private constructor(
    readonly doc: Document,
    private readonly split: Split,
    private readonly header: string,
    private readonly segments: Map<string, string>,
    private readonly originalText: string | null,
  ) {}

  /** Parses a task file; throws TaskFileParseError (with a 1-based file line) when it cannot. */
  static parse(text: string): TaskFile {
    const split = splitFile(text);
    const lineCounter = new LineCounter();
    const doc = parseDocument(split.frontmatter, { prettyErrors: false, uniqueKeys: true, lineCounter });
    const fmLineOffset = split.open.split("\n").length - 1;
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      const line = lineCounter.linePos(err.pos[0]).line;
      const firstLine = err.message.split("\n")[0] ?? err.message;
      throw new TaskFileParseError(
        `invalid YAML: ${firstLine}`,
        line === undefined ? undefined : line + fmLineOffset,
      );
    }
    if (doc.contents === null || !isMap(doc.contents)) {
      throw new TaskFileParseError("frontmatter is not a YAML mapping of keys to values", fmLineOffset + 1);
    }
    const items = doc.contents.items as Pair[];
    const fm = split.frontmatter;
    const lineStart = (offset: number) => fm.lastIndexOf("\n", offset - 1) + 1;
    const starts = items.map((pair) => {
      const range = (pair.key as { range?: [number, number, number] } | null)?.range;
      return range ? lineStart(range[0]) : 0;
    });
    const segments = new Map<string, string>();
    items.forEach((pair, i) => {
      segments.set(keyOf(pair), fm.slice(starts[i], i + 1 < items.length ? starts[i + 1] : fm.length));
    });
    const header = items.length > 0 ? fm.slice(0, starts[0]) : fm;
    return new TaskFile(doc, split, header, segments, text);
  }

  /** A new file from plain data (keys written in the order given) and a body. */
  static create(data: Record<string, unknown>, body: string): TaskFile {
    const doc = new Document(new YAMLMap());
    const file = new TaskFile(
      doc,
      { open: "---\n", frontmatter: "", close: "---\n", body },
      "",
      new Map(),
      null,
    );
    for (const [key, value] of Object.entries(data)) file.set(key, value);
    return file;
  }

  get body(): string {
    return this.split.body;
  }

  set body(text: string) {
    this.split.body = text;
  }

  private get map(): YAMLMap {
    return this.doc.contents as YAMLMap;
  }

  /** Plain data of the frontmatter (YAML core schema: unquoted timestamps stay strings). */
  data(): Record<string, unknown> {
    return (this.doc.toJS() ?? {}) as Record<string, unknown>;
  }

  keys(): string[] {
    return (this.map.items as Pair[]).map(keyOf);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  get(key: string): unknown {
    const node = this.map.get(key, true);
    return node && typeof (node as { toJSON?: unknown }).toJSON === "function"
      ? (node as { toJSON: () => unknown }).toJSON()
      : node;
  }

  private expanded = false;

  /**
   * Before the first edit of a file that uses aliases (`*name`): every alias is replaced
   * by a copy of what it names, and the keys holding one are re-rendered. A key is
   * rendered on its own, so an alias into another key (or to an anchor the edit
   * replaces) would otherwise be written dangling. The data read stays the same.
   */
  private expandAliases(): void {
    if (this.expanded) return;
    this.expanded = true;
    for (const pair of this.map.items as Pair[]) {
      let hasAlias = false;
      visit(pair.value as never, {
        Alias() {
          hasAlias = true;
          return visit.BREAK;
        },
      });
      if (!hasAlias) continue;
      if (isAlias(pair.value)) {
        const target = pair.value.resolve(this.doc);
        pair.value = target ? withoutAnchor(target.clone()) : null;
      }
      visit(pair.value as never, {
        Alias: (_key, node) => {
          const target = (node as import("yaml").Alias).resolve(this.doc);
          return (target ? withoutAnchor(target.clone()) : new Scalar(null)) as never;
        },
      });
      this.dirty.add(keyOf(pair));
    }
  }

  /** Sets a key; a new key is placed at its canonical position among the existing ones. */
  set(key: string, value: unknown): void {
    this.expandAliases();
    const node = this.doc.createNode(value);
    const items = this.map.items as Pair[];
    const existing = items.find((p) => keyOf(p) === key);
    if (existing) {
      existing.value = node;
    } else {
      const rank = CANONICAL_INDEX.get(key) ?? Number.POSITIVE_INFINITY;
      let at = items.length;
      if (rank !== Number.POSITIVE_INFINITY) {
        // after the last key that comes before it canonically
        at = 0;
        items.forEach((p, i) => {
          const r = CANONICAL_INDEX.get(keyOf(p));
          if (r !== undefined && r < rank) at = i + 1;
        });
      }
      items.splice(at, 0, new Pair(new Scalar(key), node));
    }
    this.dirty.add(key);
  }

  /** Removes a key (keeping the whole-line comments that followed it); returns whether it was there. */
  delete(key: string): boolean {
    this.expandAliases();
    const items = this.map.items as Pair[];
    const at = items.findIndex((p) => keyOf(p) === key);
    const removed = this.map.delete(key);
    if (removed) {
      this.dirty.add(key);
      const original = this.segments.get(key);
      const comments = original === undefined ? "" : trailingComments(original);
      if (comments) {
        // kept before the key that now sits at the removed key's index
        const prior = this.orphanComments.get(at) ?? "";
        this.orphanComments.set(at, prior + comments);
      }
    }
    return removed;
  }

  /** The line ending this file uses ("\r\n" when its opening line has one). */
  get eol(): "\n" | "\r\n" {
    return this.split.open.endsWith("\r\n") ? "\r\n" : "\n";
  }

  /** Appends to the sequence at `path` (creating parents as needed), keeping existing items' bytes. */
  appendTo(path: [string, ...string[]], value: unknown): void {
    this.expandAliases();
    const seq = this.doc.getIn(path, true);
    if (isSeq(seq)) {
      (seq as YAMLSeq).add(this.doc.createNode(value));
    } else {
      this.doc.setIn(path, this.doc.createNode([value]));
    }
    this.dirty.add(path[0]);
  }

  /** Replaces the node at `path` and marks its top-level key changed. */
  setIn(path: [string, ...string[]], value: unknown): void {
    this.expandAliases();
    this.doc.setIn(path, this.doc.createNode(value));
    this.dirty.add(path[0]);
  }

  /**
   * Gives the scalar at `path` a new value in place: its comment and quoting style stay
   * (the style changes only when the value needs it). False when no scalar is there.
   */
  setScalarIn(path: [string, ...(string | number)[]], value: string): boolean {
    this.expandAliases();
    const node = this.doc.getIn(path, true);
    if (!isScalar(node)) return false;
    node.value = value;
    this.dirty.add(path[0]);
    return true;
  }

  /**
   * Sets `key` inside the map at `path`, placing a new key by `order` (e.g. an attempt's
   * reviewer goes before its notes), and marks the top-level key changed.
   */
  setInMap(
    path: [string, ...(string | number)[]],
    key: string,
    value: unknown,
    order: readonly string[],
  ): void {
    this.expandAliases();
    const map = this.doc.getIn(path, true);
    if (!isMap(map)) throw new Error(`no mapping at ${path.join(".")}`);
    const items = (map as YAMLMap).items as Pair[];
    const node = this.doc.createNode(value);
    const existing = items.find((p) => keyOf(p) === key);
    if (existing) existing.value = node;
    else {
      const rank = order.indexOf(key);
      let at = items.length;
      if (rank >= 0) {
        const later = items.findIndex((p) => {
          const r = order.indexOf(keyOf(p));
          return r > rank;
        });
        if (later >= 0) at = later;
      }
      items.splice(at, 0, new Pair(new Scalar(key), node));
    }
    this.dirty.add(String(path[0]));
  }

  /** Puts known keys in canonical order, unknown keys after them in found order. Returns whether anything moved. */
  reorderCanonical(): boolean {
    const items = this.map.items as Pair[];
    const sorted = items
      .map((pair, i) => ({ pair, i, rank: CANONICAL_INDEX.get(keyOf(pair)) ?? META_KEY_ORDER.length }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((x) => x.pair);
    const moved = sorted.some((p, i) => p !== items[i]);
    if (moved) {
      this.map.items = sorted;
      this.reordered = true;
    }
    return moved;
  }

  isCanonicalOrder(): boolean {
    const ranks = this.keys().map((k) => CANONICAL_INDEX.get(k) ?? META_KEY_ORDER.length);
    return ranks.every((r, i) => i === 0 || ranks[i - 1]! <= r);
  }

  private renderPair(pair: Pair): string {
    const single = new Document(new YAMLMap());
    // Comment lines above a key are kept as bytes of the segment before it (see
    // trailingComments); the parser's copy of them must not be written a second time.
    const key = isScalar(pair.key) ? new Scalar(pair.key.value) : pair.key;
    if (isScalar(pair.key) && isScalar(key)) key.type = pair.key.type;
    (single.contents as YAMLMap).items.push(new Pair(key, pair.value));
    const text = single.toString(RENDER_OPTIONS);
    return this.eol === "\n" ? text : text.replace(/\r?\n/g, this.eol);
  }

  toString(): string {
    const eol = this.eol;
    let fm = this.header;
    const items = this.map.items as Pair[];
    items.forEach((pair, i) => {
      const orphan = this.orphanComments.get(i);
      if (orphan) fm += fm === "" || fm.endsWith("\n") ? orphan : eol + orphan;
      const key = keyOf(pair);
      const original = this.segments.get(key);
      let segment: string;
      if (original !== undefined && !this.dirty.has(key)) segment = original;
      else {
        segment = this.renderPair(pair);
        const comments = original === undefined ? "" : trailingComments(original);
        if (comments) segment += comments;
      }
      // A segment that was last in a file without a trailing newline needs one when it moves.
      if (this.reordered && !segment.endsWith("\n")) segment += eol;
      fm += segment;
    });
    const tail = [...this.orphanComments].filter(([i]) => i >= items.length).map(([, c]) => c);
    for (const comments of tail) fm += fm === "" || fm.endsWith("\n") ? comments : eol + comments;
    if (fm.length > 0 && !fm.endsWith("\n")) fm += eol;
    return this.split.open + fm + this.split.close + this.split.body;
  }

  /** True when toString() would differ from the text this file was parsed from. */
  isChanged(): boolean {
    return this.originalText === null || this.toString() !== this.originalText;
  }
}
