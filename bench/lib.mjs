// Shared machinery of the benchmark runner: tools on PATH, the cached corpus
// repositories, child processes and a little statistics.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateCorpus } from "./gen-corpus.mjs";

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.dirname(BENCH_DIR);
/** Git-ignored work area; files here avoid the .json extension because biome lints those. */
export const WORK_DIR = path.join(ROOT, ".bench");

export class BenchError extends Error {}

/** Runs a command to completion, failing loudly: used for set-up steps, not for timing. */
export function run(argv, { cwd = ROOT, quiet = true } = {}) {
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd,
    encoding: "utf8",
    stdio: quiet ? "pipe" : "inherit",
  });
  if (result.error) throw new BenchError(`${argv[0]}: ${result.error.message}`);
  if (result.status !== 0) {
    const detail = quiet ? `\n${(result.stderr || result.stdout || "").trim()}` : "";
    throw new BenchError(`${argv.join(" ")} exited with ${result.status}${detail}`);
  }
  return result.stdout ?? "";
}

function onPath(binary) {
  if (binary.includes("/")) return fs.existsSync(binary);
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir && fs.existsSync(path.join(dir, binary)));
}

let aptUpdated = false;

/**
 * Makes sure `binary` exists. As root (CI, the dev container) it installs the Debian
 * package itself so `npm run bench` works on a fresh machine; otherwise it stops with
 * the command to run, because sudo prompts have no place in a benchmark.
 */
export function ensureTool(binary, debianPackage) {
  if (onPath(binary)) return;
  if (process.getuid?.() !== 0) {
    throw new BenchError(
      `${binary} is not installed: run \`apt-get install ${debianPackage}\` as root (or with sudo)`,
    );
  }
  process.stderr.write(`bench: installing ${debianPackage} (apt-get install -y ${debianPackage})\n`);
  if (!aptUpdated) run(["apt-get", "update"]);
  aptUpdated = true;
  run(["apt-get", "install", "-y", debianPackage]);
  if (!onPath(binary))
    throw new BenchError(`apt-get installed ${debianPackage} but ${binary} is still missing`);
}

/** Splits a command line the way a POSIX shell would (quotes and backslashes, no expansion). */
export function splitCommand(text) {
  const words = [];
  let word = null;
  let quote = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === "\\" && /["\\$`]/.test(text[i + 1] ?? "")) word += text[++i];
      else word += ch;
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word ??= "";
      if (ch === "'" || ch === '"') quote = ch;
      else if (ch === "\\" && i + 1 < text.length) word += text[++i];
      else word += ch;
    }
  }
  if (quote) throw new BenchError(`unbalanced quote in: ${text}`);
  if (word !== null) words.push(word);
  return words;
}

/** Quotes one argument for hyperfine, which splits commands like a POSIX shell. */
export function shellQuote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** Hash of the generator's source: a changed generator must not reuse an old corpus. */
export function generatorHash() {
  const hash = createHash("sha256");
  const sources = [
    "gen-corpus.mjs",
    ...fs.readdirSync(path.join(BENCH_DIR, "corpus")).map((f) => `corpus/${f}`),
  ];
  for (const file of sources.sort()) {
    hash
      .update(file)
      .update("\0")
      .update(fs.readFileSync(path.join(BENCH_DIR, file)))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 12);
}

const GIT_IDENTITY = [
  "-c",
  "user.name=taskplain-bench",
  "-c",
  "user.email=bench@example.invalid",
  "-c",
  "commit.gpgsign=false",
];

/**
 * A git repository holding the N-task corpus, generated once and reused while the
 * generator and seed stay the same. The summary file is written last, so an
 * interrupted generation is redone rather than trusted.
 */
export function prepareCorpus(n, seed) {
  const key = `corpus-${n}-${generatorHash()}-${createHash("sha256").update(seed).digest("hex").slice(0, 6)}`;
  const dir = path.join(WORK_DIR, key);
  const summaryFile = `${dir}.summary`;
  if (fs.existsSync(summaryFile) && fs.existsSync(path.join(dir, ".git"))) {
    resetCorpus(dir);
    return { dir, summary: JSON.parse(fs.readFileSync(summaryFile, "utf8")) };
  }
  // Older corpora of this size are dead weight (a 10k corpus is ~40 MB).
  fs.mkdirSync(WORK_DIR, { recursive: true });
  for (const entry of fs.readdirSync(WORK_DIR)) {
    if (entry.startsWith(`corpus-${n}-`))
      fs.rmSync(path.join(WORK_DIR, entry), { recursive: true, force: true });
  }
  process.stderr.write(`bench: generating ${n} tasks in ${path.relative(ROOT, dir)}\n`);
  const summary = generateCorpus(dir, n, { seed });
  run(["git", "init", "-q"], { cwd: dir });
  run(["git", "add", "tasks"], { cwd: dir });
  run(["git", ...GIT_IDENTITY, "commit", "-q", "-m", `corpus of ${n} tasks`], { cwd: dir });
  fs.writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  return { dir, summary };
}

/** Puts the corpus back to its committed state after a command that writes. */
export function resetCorpus(dir) {
  run(["git", "checkout", "-q", "--", "tasks"], { cwd: dir });
  run(["git", "clean", "-fdq", "--", "tasks"], { cwd: dir });
}

/**
 * Runs `argv` once under GNU time and returns its exit code, peak RSS and stderr.
 * Output is discarded (through a file, so a chatty command cannot fill a pipe).
 */
export function measureOnce(argv, cwd) {
  const report = path.join(WORK_DIR, "time.out");
  const result = spawnSync("/usr/bin/time", ["-v", "-o", report, ...argv], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const text = fs.existsSync(report) ? fs.readFileSync(report, "utf8") : "";
  const kib = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? Number.NaN);
  return { code: result.status ?? -1, rssMb: kib / 1024, stderr: result.stderr ?? "" };
}

export function summarize(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), count: sorted.length };
}

export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    cores: cpus.length,
    cpu: cpus[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown",
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  };
}
