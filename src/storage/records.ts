// A task file as commands see it: parsed once, with lazily built parts (the editable
// TaskFile, the text of a record that came from the parse cache) and memoized facts.
import type { State } from "../domain/enums.js";
import { TaskplainError } from "../domain/errors.js";
import { parseFileName } from "../domain/paths.js";
import { normalizeTask, type Task } from "../domain/task.js";
import { fastParseFrontmatter } from "./fast-yaml.js";
import { fileVersion } from "./file-version.js";
import { splitFile, TaskFileParseError } from "./frontmatter.js";
import type { CacheHit, Peek } from "./parse-cache.js";
import { isGone, readTaskText } from "./read-text.js";
import type { TaskFile } from "./taskFile.js";

// The `yaml` library (behind TaskFile) is loaded only when a command needs it: every
// writer (mutate() loads it first) and files the fast path cannot read. Read-only
// commands on ordinary files never pay for it.
let fullYaml: typeof import("./taskFile.js") | undefined;

export async function loadFullYaml(): Promise<void> {
  fullYaml ??= await import("./taskFile.js");
}

export class FullYamlNeeded extends Error {
  constructor() {
    super("internal error: the YAML library is needed but was not loaded (call loadFullYaml first)");
  }
}

function parseTaskFile(text: string): TaskFile {
  if (!fullYaml) throw new FullYamlNeeded();
  return fullYaml.TaskFile.parse(text);
}

/** Runs a synchronous read; when some file needed the full YAML parser, loads it and runs it again. */
export async function withFullYaml<T>(work: () => T): Promise<T> {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof FullYamlNeeded)) throw error;
    await loadFullYaml();
    return work();
  }
}

export interface TaskFileRef {
  /** state of the folder the file sits in */
  folderState: State;
  name: string;
  /** repo-relative, always with `/` */
  relPath: string;
  absPath: string;
}

export interface TaskRecord {
  ref: TaskFileRef;
  version: string;
  task: Task;
  /** the file's text (read on first use when the record came from the parse cache) */
  readonly text: string;
  /** the Markdown after the frontmatter, exactly as in the file */
  readonly body: string;
  /** the editable parsed file; built on first use (read-only commands never need it) */
  readonly file: TaskFile;
  readonly raw: Record<string, unknown>;
  /**
   * A fact derived from this version of the file (schema problems, criteria counts,
   * findings), computed once and kept by the parse cache. `compute` must depend only
   * on the file's content and path.
   */
  fact<T>(name: string, compute: (record: TaskRecord) => T): T;
}

/** Where a record keeps its facts: a plain object, and what to call when one is added. */
export interface FactStore {
  facts: Record<string, unknown>;
  added?: () => void;
}

export interface BrokenFile {
  ref: TaskFileRef;
  version: string;
  message: string;
  line?: number;
}

function factOf(store: FactStore) {
  return function fact<T>(this: TaskRecord, name: string, compute: (record: TaskRecord) => T): T {
    if (name in store.facts) return store.facts[name] as T;
    const value = compute(this);
    store.facts[name] = value;
    store.added?.();
    return value;
  };
}

/** Parses one file's text into a record, or a BrokenFile when it cannot be read as a task. */
export function parseRecord(
  ref: TaskFileRef,
  text: string,
  store: FactStore = { facts: {} },
): TaskRecord | BrokenFile {
  // hashed when first asked for: `show` needs the version of its task, not of its relatives
  let version: string | undefined;
  const versionOf = () => (version ??= fileVersion(text));
  let file: TaskFile | undefined;
  let raw: Record<string, unknown> | undefined;
  let body: string;
  try {
    const split = splitFile(text);
    body = split.body;
    raw = fastParseFrontmatter(split.frontmatter);
    if (raw === undefined) {
      store.facts.yaml = true; // remembered, so records from the cache know to load it
      file = parseTaskFile(text);
      raw = file.data();
    }
  } catch (error) {
    if (error instanceof FullYamlNeeded) throw error;
    if (error instanceof TaskFileParseError) {
      return {
        ref,
        version: versionOf(),
        message: error.message,
        ...(error.line === undefined ? {} : { line: error.line }),
      };
    }
    return { ref, version: versionOf(), message: `could not parse: ${(error as Error).message}` };
  }
  const fromName = parseFileName(ref.name);
  const task = normalizeTask(raw, {
    id: fromName?.id ?? ref.name.replace(/\.md$/, ""),
    kind: fromName?.kind ?? "task",
    state: ref.folderState,
  });
  return {
    ref,
    text,
    get version(): string {
      return versionOf();
    },
    body,
    raw,
    task,
    get file(): TaskFile {
      file ??= parseTaskFile(text);
      return file;
    },
    fact: factOf(store),
  };
}

/** A record rebuilt from the parse cache; the file is read only if text, body or raw are asked for. */
export function cachedRecord(ref: TaskFileRef, hit: CacheHit, added: () => void): TaskRecord {
  return new CachedRecord(ref, hit, added);
}

/**
 * The id, state and priority of a record — for a record from the parse cache, read from
 * its line without parsing the task (list's order and unfiltered `list` need no more).
 */
export function peekOf(r: TaskRecord): Peek {
  return (r instanceof CachedRecord && r.peek) || r.task;
}

/**
 * False when the record's task certainly names none of `ids` (tested on a cached
 * record's stored JSON text, without parsing it); true otherwise. `ids` must be plain
 * ids (ID_PATTERN): they are looked for as JSON strings.
 */
export function mayMention(r: TaskRecord, ids: readonly string[]): boolean {
  return r instanceof CachedRecord ? r.mayMention(ids.map((id) => `"${id}"`)) : true;
}

// A class, not an object literal with getters: 10,000 records from the cache then cost
// one object each instead of one plus six closures. The task is parsed from the cache's
// line on first use.
class CachedRecord implements TaskRecord {
  readonly version: string;
  private parsed: Task | undefined;
  private read: TaskRecord | undefined;
  /** facts of a record whose cached entry turned out corrupt (kept in memory only) */
  private ownFacts: Record<string, unknown> | undefined;

  constructor(
    readonly ref: TaskFileRef,
    private readonly hit: CacheHit,
    private readonly added: () => void,
  ) {
    this.version = hit.version;
  }

  get peek(): Peek | undefined {
    return this.parsed ? undefined : this.hit.peek;
  }

  mayMention(needles: readonly string[]): boolean {
    return this.parsed !== undefined || this.hit.mayContain(needles);
  }

  get task(): Task {
    this.parsed ??= this.hit.entry()?.task ?? this.fromDisk().task;
    return this.parsed;
  }

  private fromDisk(): TaskRecord {
    if (!this.read) {
      const { ref } = this;
      let text: string;
      try {
        text = readTaskText(ref.absPath);
      } catch (error) {
        if (!isGone(error)) throw error;
        // moved or removed since it was listed: like a change, the caller reads again
        throw new TaskplainError(
          "stale_version",
          `${ref.relPath} was moved or removed while it was being read (version ${this.version}); read it again`,
          { path: ref.relPath },
        );
      }
      const r = parseRecord(ref, text);
      // The file changed since its cached entry was taken: its body would not belong to
      // this record's version, so refuse rather than mix two moments.
      if (r.version !== this.version) {
        throw new TaskplainError(
          "stale_version",
          `${ref.relPath} changed while it was being read (version ${this.version}, now ${r.version}); read it again`,
          { path: ref.relPath },
        );
      }
      if (isBroken(r)) throw new TaskFileParseError(`${ref.relPath}: ${r.message}`, r.line);
      this.read = r;
    }
    return this.read;
  }

  get text(): string {
    return this.fromDisk().text;
  }

  get body(): string {
    return this.fromDisk().body;
  }

  get raw(): Record<string, unknown> {
    return this.fromDisk().raw;
  }

  get file(): TaskFile {
    return this.fromDisk().file;
  }

  private factsOfCorruptEntry(): Record<string, unknown> {
    this.ownFacts ??= {};
    return this.ownFacts;
  }

  fact<T>(name: string, compute: (record: TaskRecord) => T): T {
    const entry = this.hit.entry();
    const facts = entry ? entry.facts : this.factsOfCorruptEntry();
    if (name in facts) return facts[name] as T;
    const value = compute(this);
    facts[name] = value;
    if (entry) this.added();
    // a fact needs the file only once: let its parse go (10,000 of them add up)
    this.read = undefined;
    return value;
  }
}

export const isBroken = (r: TaskRecord | BrokenFile): r is BrokenFile => !("task" in r);

export async function readRecord(ref: TaskFileRef): Promise<TaskRecord | BrokenFile> {
  const text = readTaskText(ref.absPath);
  return withFullYaml(() => parseRecord(ref, text));
}

export function unreadable(ref: TaskFileRef, error: unknown): BrokenFile {
  return { ref, version: "", message: `could not read: ${(error as NodeJS.ErrnoException).code ?? error}` };
}
