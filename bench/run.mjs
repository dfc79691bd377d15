#!/usr/bin/env node
// `npm run bench`: times the built CLI on generated repositories of 1,000 and 10,000
// tasks with hyperfine and writes the table to docs/benchmarks.md.
//
//   node bench/run.mjs [--sizes 1000,10000] [--runs 15] [--rounds 5] [--warmup 1]
//                      [--quick] [--seed S] [--out docs/benchmarks.md]
//
// --quick: 1,000 tasks only, fewer runs — a smoke test, not a measurement.
// --cli "<command>" (undocumented): time another command instead of `node dist/cli.js`,
//   used to test this runner before the CLI exists; the report is then only printed
//   unless --out is given, so a stand-in never overwrites the real figures.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  BenchError,
  ensureTool,
  generatorHash,
  machine,
  measureOnce,
  prepareCorpus,
  ROOT,
  resetCorpus,
  run,
  shellQuote,
  splitCommand,
  summarize,
  WORK_DIR,
} from "./lib.mjs";
import { renderReport } from "./report.mjs";

const USAGE =
  "usage: node bench/run.mjs [--sizes 1000,10000] [--runs N] [--rounds N] [--warmup N] [--quick] [--seed S] [--out FILE]";

function parseArgs(argv) {
  const options = {
    sizes: [1000, 10000],
    runs: 15,
    rounds: 5,
    warmup: 1,
    seed: "taskplain",
    cli: null,
    out: null,
  };
  const given = new Set();
  const value = (i) => {
    if (i + 1 >= argv.length) throw new BenchError(`${argv[i]} needs a value\n${USAGE}`);
    return argv[i + 1];
  };
  const count = (text, flag, min) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new BenchError(`${flag} must be an integer ≥ ${min}, got ${text}`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    given.add(flag);
    if (flag === "--sizes")
      options.sizes = value(i++)
        .split(",")
        .map((s) => count(s, "--sizes", 1));
    else if (flag === "--runs") options.runs = count(value(i++), flag, 1);
    else if (flag === "--rounds") options.rounds = count(value(i++), flag, 1);
    else if (flag === "--warmup") options.warmup = count(value(i++), flag, 0);
    else if (flag === "--seed") options.seed = value(i++);
    else if (flag === "--cli") options.cli = value(i++);
    else if (flag === "--out") options.out = value(i++);
    else if (flag === "--quick") options.quick = true;
    else if (flag === "--help" || flag === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new BenchError(`unknown option ${flag}\n${USAGE}`);
  }
  // --quick only changes what was not set explicitly.
  if (options.quick) {
    if (!given.has("--sizes")) options.sizes = [1000];
    if (!given.has("--runs")) options.runs = 4;
    if (!given.has("--rounds")) options.rounds = 2;
  }
  options.rounds = Math.min(options.rounds, options.runs);
  if (!options.cli) options.out ??= path.join("docs", "benchmarks.md");
  return options;
}

// What is timed. Targets are those of quality.md and issue 17; `repoWide` commands read
// every task and feed the scaling section; `writes` commands are reset between runs.
// `against` names the floor each command is held to, timed in the same rounds:
// "node" (`node -e 0`), "read" (read every task file) or "find" (list the folders and
// read the one file a single-task command needs).
function casesFor(cli, sample) {
  const task = (name, args, extra = {}) => ({ name, argv: [...cli, ...args], ...extra });
  const floorScript = path.join(ROOT, "bench", "read-floor.mjs");
  const wide = { target: { ms: 600, floorRatio: 1.5 }, repoWide: true, against: "read" };
  const single = { target: { ms: 150, floorRatio: 1.5 }, against: "find" };
  return [
    { name: "node -e 0", argv: ["node", "-e", "0"], floor: true, floorOf: "node" },
    // What every repository-wide command must at least do: read each task file.
    { name: "read every task file", argv: ["node", floorScript], readFloor: true, floorOf: "read" },
    // What every single-task command must at least do: list the folders, read one file.
    {
      name: "find one task file",
      argv: ["node", floorScript, "--find", sample.done],
      floorOf: "find",
    },
    task("--version", ["--version"], { target: { ratio: 1.3 }, against: "node" }),
    task("--help", ["--help"], { target: { ratio: 1.3 }, against: "node" }),
    task("list --output json", ["list", "--output", "json"], wide),
    task("list --state ready", ["list", "--state", "ready"], wide),
    task("show <id>", ["show", sample.done], single),
    task("update <id> --meta priority=high", ["update", sample.ready, "--meta", "priority=high"], {
      ...single,
      writes: true,
    }),
    task(
      "attempt add <id> --tool bench --status completed --duration 5",
      ["attempt", "add", sample.inProgress, "--tool", "bench", "--status", "completed", "--duration", "5"],
      { ...single, writes: true },
    ),
    // ticks the sample ready task's fourth criterion (the generator leaves it open)
    task("check <id> 4", ["check", sample.ready, "4"], { ...single, writes: true }),
    task("validate", ["validate"], { ...wide, target: { ms: 1000, floorRatio: 1.5 } }),
    task("next --parallelize 5", ["next", "--parallelize", "5"], wide),
    task("stats", ["stats"], wide),
    task("stats --by model,ambiguity", ["stats", "--by", "model,ambiguity"], wide),
    // The same reads after one task file was edited in place (a note appended to its body,
    // a different one before each run): no answer is found by stats or versions; the one
    // file is read anew, and its projection unchanged, the answer is found by the
    // projections' digests (services/projected.ts).
    edited("validate", ["validate"], { ...wide, target: { ms: 1000, floorRatio: 1.5 } }),
    edited("next --parallelize 5", ["next", "--parallelize", "5"], wide),
    edited("stats", ["stats"], wide),
    // The same, with no stored answer at all: the answer is computed from the projection
    // tables (.git/taskplain-projections/) and the edited file.
    computed("validate", ["validate"], { ...wide, target: { ms: 1000, floorRatio: 1.5 } }),
    computed("next --parallelize 5", ["next", "--parallelize", "5"], wide),
    computed("stats", ["stats"], wide),
    // The same reads without the parse cache (.git/taskplain-cache, -views): the first
    // command after a clone, a checkout of many files, or a new taskplain build.
    cold("list --output json", ["list", "--output", "json"], wide),
    cold("validate", ["validate"], { ...wide, target: { ms: 1000, floorRatio: 1.5 } }),
    cold("next --parallelize 5", ["next", "--parallelize", "5"], wide),
    cold("show <id>", ["show", sample.done], single),
  ];
  function edited(name, args, extra) {
    const prepare = `node ${path.join(ROOT, "bench", "edit-task.mjs")} ${sample.ready}`;
    return { ...task(`${name} (after an edit)`, args, extra), prepare, writes: true };
  }
  function computed(name, args, extra) {
    const prepare = `node ${path.join(ROOT, "bench", "edit-task.mjs")} ${sample.ready} --forget-answers`;
    return { ...task(`${name} (computed)`, args, extra), prepare, writes: true };
  }
  function cold(name, args, extra) {
    return { name: `${name} (no cache)`, argv: ["env", "TASKPLAIN_CACHE=0", ...cli, ...args], ...extra };
  }
}

function hyperfine(benchCase, dir, runs, warmup) {
  const exportFile = path.join(WORK_DIR, "hyperfine.out");
  fs.rmSync(exportFile, { force: true });
  // -N: no intermediate shell, whose start-up would swamp a 40 ms command.
  const args = ["-N", "--style", "none", "--warmup", String(warmup), "--runs", String(runs)];
  args.push("--export-json", exportFile);
  if (benchCase.prepare) args.push("--prepare", benchCase.prepare);
  else if (benchCase.writes) args.push("--prepare", "git checkout -q -- tasks");
  args.push(benchCase.argv.map(shellQuote).join(" "));
  const result = spawnSync("hyperfine", args, {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
  });
  if (result.status !== 0) {
    return { error: (result.stderr || `hyperfine exited with ${result.status}`).trim().split("\n").at(-1) };
  }
  const [measured] = JSON.parse(fs.readFileSync(exportFile, "utf8")).results;
  // user + system CPU time (hyperfine gives their means): what a loaded machine distorts least
  const cpuMs = (measured.user + measured.system) * 1000;
  return {
    times: measured.times.map((seconds) => seconds * 1000),
    cpu: { ms: cpuMs, count: measured.times.length },
  };
}

function firstLine(text) {
  const line = text.split("\n").find((l) => l.trim()) ?? "(no output on stderr)";
  return line.trim().slice(0, 160);
}

/**
 * Times every case at one size. Rounds rotate the case order, so slow drift of a
 * noisy machine spreads over all commands instead of penalising whichever ran last.
 * Each round first runs the case once under GNU time, which gives peak RSS and
 * catches a failing command before hyperfine would time it.
 */
function benchSize(n, cli, options) {
  const { dir, summary } = prepareCorpus(n, options.seed);
  const cases = casesFor(cli, summary.sample);
  const state = cases.map((benchCase) => ({ case: benchCase, n, times: [], cpu: [], rss: [], failed: null }));
  const perRound = Math.ceil(options.runs / options.rounds);
  for (let round = 0; round < options.rounds; round += 1) {
    for (let k = 0; k < cases.length; k += 1) {
      const entry = state[(k + round * 5) % cases.length];
      if (entry.failed) continue;
      const once = measureOnce(entry.case.argv, dir);
      entry.rss.push(once.rssMb);
      if (once.code !== 0) {
        entry.failed = { code: once.code, message: firstLine(once.stderr) };
      } else {
        const timed = hyperfine(entry.case, dir, perRound, options.warmup);
        if (timed.error) entry.failed = { code: "hyperfine", message: timed.error };
        else {
          entry.times.push(...timed.times);
          entry.cpu.push(timed.cpu);
        }
      }
      if (entry.case.writes) resetCorpus(dir);
    }
    process.stderr.write(`bench: ${n} tasks, round ${round + 1}/${options.rounds} done\n`);
  }
  resetCorpus(dir);
  return state.map((entry) => ({
    n,
    case: entry.case,
    command: entry.case.argv.join(" "),
    failed: entry.failed,
    rssMb: Math.max(...entry.rss),
    cpuMs: meanCpu(entry.cpu),
    ...(entry.failed ? {} : summarize(entry.times)),
  }));
}

/** Mean user + system CPU ms per run over all batches (each batch weighted by its runs). */
function meanCpu(batches) {
  const runs = batches.reduce((sum, b) => sum + b.count, 0);
  return runs === 0 ? Number.NaN : batches.reduce((sum, b) => sum + b.ms * b.count, 0) / runs;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  ensureTool("hyperfine", "hyperfine");
  ensureTool("/usr/bin/time", "time");
  const cli = options.cli ? splitCommand(options.cli) : ["node", path.join(ROOT, "dist", "cli.js")];
  if (!options.cli && !fs.existsSync(cli[1])) {
    process.stderr.write("bench: dist/cli.js is missing, running npm run build\n");
    run(["npm", "run", "build"], { quiet: false });
    if (!fs.existsSync(cli[1])) throw new BenchError("npm run build did not produce dist/cli.js");
  }
  fs.mkdirSync(WORK_DIR, { recursive: true });

  const results = [];
  for (const n of options.sizes) results.push(...benchSize(n, cli, options));
  // In-process answers of a long-lived Workspace (only for the real CLI: it bundles src/).
  const longLived = options.cli
    ? undefined
    : run(["node", path.join(ROOT, "bench", "long-lived.mjs"), "--sizes", options.sizes.join(",")]);
  // Show the CLI the way a reader would type it, not with this machine's paths.
  for (const result of results) result.command = result.command.replace(`${ROOT}${path.sep}`, "");

  const report = renderReport({
    results,
    sizes: options.sizes,
    settings: {
      runs: Math.ceil(options.runs / options.rounds) * options.rounds,
      rounds: options.rounds,
      warmup: options.warmup,
    },
    machine: machine(),
    hyperfineVersion: run(["hyperfine", "--version"]).trim(),
    corpus: { seed: options.seed, hash: generatorHash() },
    date: new Date().toISOString().slice(0, 10),
    longLived,
    analysis: fs.existsSync(path.join(ROOT, "bench", "analysis.md"))
      ? fs.readFileSync(path.join(ROOT, "bench", "analysis.md"), "utf8")
      : undefined,
  });
  process.stdout.write(report);
  if (options.out) {
    const out = path.resolve(ROOT, options.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    const shown = path.relative(ROOT, out);
    process.stderr.write(`bench: wrote ${shown.startsWith("..") ? out : shown}\n`);
  }
  // A failed or missed target is information, not a crash; a failed command is not.
  if (results.some((result) => result.failed)) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  if (!(error instanceof BenchError)) throw error;
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(1);
}
