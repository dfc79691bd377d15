// Runs the program bundle (dist/program.cjs) through a V8 code cache. Node 20 caches no
// compiled code for ES modules, so every command used to compile ~3 MB of JavaScript
// again; a classic script compiled by vm.Script can reuse the code V8 compiled last time
// (cachedData). The cache is only ever an optimisation: whatever goes wrong with it
// (missing, unreadable, rejected by V8, an unwritable folder) the program runs the same,
// nothing is printed and exit codes do not change.
import { isAscii } from "node:buffer";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";

declare const __TASKPLAIN_BUILD__: string;
// The build's id (tsup.config.ts); undefined when running from source.
const BUILD = typeof __TASKPLAIN_BUILD__ === "string" ? __TASKPLAIN_BUILD__ : undefined;

/**
 * A cache file's name: `<name>-<build>-<node version>-<arch>.cache`, the name being
 * `program` (dist/program.cjs) or `single-<command>` (dist/single.cjs, one file per
 * command: each holds the code its command compiled); temp files add `.<pid>-<random>.tmp`.
 */
const CACHE_NAME =
  /^(?:program|single-[a-z]+)-([0-9a-f]+)-v[0-9.]+-[a-z0-9]+\.cache(\.[0-9]+-[a-z0-9]+\.tmp)?$/;

/** What `runWithCodeCache` accepts as a cache name (see CACHE_NAME). */
const CACHE_NAME_PART = /^(?:program|single-[a-z]+)$/;

/**
 * The folder of the code cache: `$TASKPLAIN_CODE_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/taskplain` (an absolute path only, as the XDG spec says), else
 * `~/.cache/taskplain`, else `<os.tmpdir()>/taskplain-<uid>`. Never throws.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TASKPLAIN_CODE_CACHE_DIR) return path.resolve(env.TASKPLAIN_CODE_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "taskplain");
  let home = "";
  try {
    home = os.homedir();
  } catch {
    // no home folder (a user without a passwd entry)
  }
  if (home) return path.join(home, ".cache", "taskplain");
  return path.join(os.tmpdir(), `taskplain-${process.getuid?.() ?? "user"}`);
}

/**
 * The cache file `name` (`program`, `single-show`, …: see CACHE_NAME) for this build,
 * Node version and CPU architecture (so an upgrade never reuses another build's code), or
 * undefined when the cache is off: `TASKPLAIN_CODE_CACHE=0`, no build id (running from
 * source), or a name CACHE_NAME does not allow. Never throws.
 */
export function codeCacheFile(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  bundle?: string,
): string | undefined {
  if (env.TASKPLAIN_CODE_CACHE === "0" || BUILD === undefined || !CACHE_NAME_PART.test(name))
    return undefined;
  return path.join(codeCacheDir(env), `${name}-${ownId(bundle)}-${process.version}-${process.arch}.cache`);
}

/**
 * This build's id, followed — when the bundle's path is known — by 8 hex digits of its
 * folder's FNV-1a hash: two checkouts of one build keep separate caches, as compiled code
 * carries the file name its stack traces show.
 */
function ownId(bundle: string | undefined): string {
  if (bundle === undefined) return BUILD!;
  let h = 0x811c9dc5;
  for (const c of path.dirname(path.resolve(bundle))) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `${BUILD}${h.toString(16).padStart(8, "0")}`;
}

/**
 * Compiles and runs a CommonJS file (a self-contained bundle: it may require Node's
 * built-in modules) with the code cache `codeCacheFile(cacheName, env)`, and returns its
 * `module.exports`. When there was no usable cache, the compiled code is written to it
 * when the process exits (atomically: a temp file renamed into place), and cache files of
 * other builds in that folder are removed.
 *
 * @throws whatever reading (ENOENT when the bundle is missing), compiling or evaluating the
 *   bundle throws; never because of the cache.
 */
export function runWithCodeCache(
  file: string,
  cacheName: string,
  env: NodeJS.ProcessEnv = process.env,
): unknown {
  const bytes = readFileSync(file);
  // esbuild escapes non-ASCII characters (charset "ascii"), so this is the usual case: a
  // one-byte string is a copy, UTF-8 decoding of a few MB costs milliseconds.
  const source = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  const cacheFile = codeCacheFile(cacheName, env, file);
  const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
  const script = compile(Module.wrap(source), file, cachedData);
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once("exit", () => writeCache(script, cacheFile, ownId(file)));
  }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return module.exports;
}

function compile(code: string, filename: string, cachedData: Buffer | undefined): vm.Script {
  try {
    return new vm.Script(code, { filename, cachedData });
  } catch (error) {
    // V8 rejects a bad cache without throwing; should that ever change, the source alone decides.
    if (cachedData === undefined) throw error;
    return new vm.Script(code, { filename });
  }
}

/** The cached data, or undefined when there is none or its folder is not safe to trust. */
function readCache(cacheFile: string): Buffer | undefined {
  try {
    if (!trustedDir(path.dirname(cacheFile))) return undefined;
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/**
 * Compiled code is executable: only a folder of our own that nobody else can write to
 * (say a `/tmp/taskplain-<uid>` someone else created) may hold it. Throws what statSync throws.
 */
function trustedDir(dir: string): boolean {
  const stat = statSync(dir);
  if (!stat.isDirectory()) return false;
  const uid = process.getuid?.();
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
}

function writeCache(script: vm.Script, cacheFile: string, id: string): void {
  const dir = path.dirname(cacheFile);
  const temp = `${cacheFile}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
  try {
    const data = script.createCachedData();
    makeDir(dir, 0);
    if (!trustedDir(dir)) return;
    writeFileSync(temp, data, { mode: 0o600, flag: "wx" });
    renameSync(temp, cacheFile);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // best effort
    }
    return;
  }
  removeOtherBuilds(dir, id);
}

/**
 * Creates `dir` and its missing parents (mode 0700), one level at a time: Node 20's
 * `mkdirSync(…, { recursive: true })` never returns for some paths (under /proc).
 * Throws what mkdirSync throws, but EEXIST.
 */
function makeDir(dir: string, depth: number): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    const parent = path.dirname(dir);
    if (code !== "ENOENT" || parent === dir || depth > 32) throw error;
    makeDir(parent, depth + 1);
    mkdirSync(dir, { mode: 0o700 });
  }
}

/** Other builds' cache files are kept this long after they were written (ms), so switching versions does not thrash. */
const KEEP_OTHER_BUILDS_MS = 24 * 60 * 60 * 1000;
/** … and at most this many of them, the newest. */
const MAX_OTHER_BUILDS = 4;

/**
 * Removes cache files of other builds written more than a day ago, or beyond the four
 * newest, and their leftover temp files; best effort.
 */
function removeOtherBuilds(dir: string, id: string): void {
  try {
    const others: { file: string; mtimeMs: number }[] = [];
    for (const name of readdirSync(dir)) {
      const match = CACHE_NAME.exec(name);
      if (!match || match[1] === id) continue;
      const file = path.join(dir, name);
      if (match[2])
        rmSync(file, { force: true }); // a temp file another process left
      else others.push({ file, mtimeMs: statSync(file).mtimeMs });
    }
    others.sort((a, b) => b.mtimeMs - a.mtimeMs);
    const now = Date.now();
    others.forEach(({ file, mtimeMs }, i) => {
      if (i >= MAX_OTHER_BUILDS || now - mtimeMs > KEEP_OTHER_BUILDS_MS) rmSync(file, { force: true });
    });
  } catch {
    // best effort: another process may be cleaning up too
  }
}
