#!/usr/bin/env node
// How close to the floors this design can get at all (issue 17, "if a target is
// physically out of reach, show what proves it"). Times, in the same interleaved
// hyperfine rounds, programs that do only the unavoidable part of a Taskplain command
// and nothing else:
//
//   node -e 0                      the runtime's own start
//   read every task file           the floor (bench/read-floor.mjs)
//   find one task file             the single-task floor (read-floor.mjs --find)
//   load yaml + zod + commander    the chosen dependencies, bundled like dist/ (esbuild)
//   stat + warm cache              list the folders, stat every file and parse the parse
//                                  cache (.git/taskplain-cache) — what a warm
//                                  repository-wide read cannot skip: a file edited in place
//                                  changes no folder, so each file's stat is the proof it
//                                  did not change (git does the same for `git status`)
//   … + dependencies               the same, after loading the dependencies
//   … (V8 code cache)              the dependencies as one CommonJS bundle compiled with a
//                                  V8 code cache, as dist/program.cjs is (src/cli/code-cache.ts)
//   stat every file                list the folders and stat every file: what a warm read
//                                  costs before it reads anything (a stored answer found by
//                                  the files' stats costs this plus start-up)
//   … + a projection table         the same, then parse the table `next` computes from
//                                  after an edit (.git/taskplain-projections/next): what a
//                                  computed answer cannot skip before it computes anything
//   find one file + stat stories   find one task file, then stat every epic and story file:
//                                  what `show` cannot skip (a parent lists its children in
//                                  its own file, so any of them may have gained the task)
//   read + parse YAML (cold)       the floor plus parsing each frontmatter: with the yaml
//                                  library, and with src/storage/fast-yaml.ts (the library
//                                  for what it declines) — what no cold read can skip
//
//   node bench/design-bound.mjs [--size 10000] [--runs 15] [--seed S]
//
// Prints a Markdown table of CPU medians (user + system) and their ratios to the floors.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BenchError, ensureTool, prepareCorpus, ROOT, WORK_DIR } from "./lib.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const size = Number(opt("--size", "10000"));
const runs = Number(opt("--runs", "15"));
const seed = opt("--seed", "taskplain");

const STAT_AND_CACHE = `
import fs from "node:fs";
import path from "node:path";
if (process.argv[2] === "deps") await import(process.argv[3]);
// the parse cache's format 2: a header line, then "path \\t size \\t mtimeMs \\t ctimeMs \\t ino \\t
// version \\t flags \\t id \\t state \\t priority \\t entry JSON" per file, ASCII (read as Latin-1)
const text = fs.readFileSync(".git/taskplain-cache", "latin1");
const lines = new Map();
for (let at = text.indexOf("\\n") + 1; at < text.length; ) {
  const end = text.indexOf("\\n", at);
  const tab = text.indexOf("\\t", at);
  lines.set(text.slice(at, tab), [tab + 1, end]);
  at = end + 1;
}
let fresh = 0;
for (const folder of ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"]) {
  for (const name of fs.readdirSync(path.join("tasks", folder))) {
    if (!name.endsWith(".md")) continue;
    const rel = \`tasks/\${folder}/\${name}\`;
    const st = fs.statSync(rel);
    const line = lines.get(rel);
    if (!line || !text.startsWith(\`\${st.size}\\t\${st.mtimeMs}\\t\${st.ctimeMs}\\t\${st.ino}\\t\`, line[0])) continue;
    let at = line[0];
    for (let i = 0; i < 9; i++) at = text.indexOf("\\t", at) + 1;
    if (JSON.parse(text.slice(at, line[1])).task) fresh += 1; // every task materialized, as stats/validate/next need
  }
}
process.stdout.write(\`\${fresh} fresh entries\\n\`);
`;

// Lists the folders and stats every task file (keeping each stat key, as a warm read
// does); with "table <name>", then parses that projection table (header, SHA-1 line, JSON);
// with "stories <id>", reads the one task file and stats only the epic and story files.
const STAT_ONLY = `
import fs from "node:fs";
import path from "node:path";
const [mode, arg] = process.argv.slice(2);
const keys = [];
for (const folder of ["00-idea", "10-ready", "20-in-progress", "30-done", "40-canceled"]) {
  for (const name of fs.readdirSync(path.join("tasks", folder))) {
    if (!name.endsWith(".md")) continue;
    const rel = \`tasks/\${folder}/\${name}\`;
    if (mode === "stories") {
      if (name.endsWith(\`-\${arg}.md\`)) fs.readFileSync(rel, "utf8");
      else if (!/(^|\\s)(epic|story)-/.test(name)) continue;
    }
    const st = fs.statSync(rel);
    keys.push(\`\${rel}\\t\${st.size}\\t\${st.mtimeMs}\\t\${st.ctimeMs}\\t\${st.ino}\\t\`);
  }
}
if (mode === "table") {
  const text = fs.readFileSync(path.join(".git", "taskplain-projections", arg), "latin1");
  const body = text.indexOf("\\n", text.indexOf("\\n") + 1) + 1;
  process.stdout.write(\`\${JSON.parse(text.slice(body)).length} rows\\n\`);
}
process.stdout.write(\`\${keys.length} stats\\n\`);
`;

// Runs a CommonJS bundle through a V8 code cache kept beside it (written on first run).
const CODE_CACHED = (file) => `
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { createRequire, Module } from "node:module";
const file = ${JSON.stringify(file)};
const cacheFile = \`\${file}.v8cache\`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, "latin1")), { filename: file, cachedData });
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
if (!cachedData || script.cachedDataRejected) fs.writeFileSync(cacheFile, script.createCachedData());
globalThis.loaded = module.exports;
`;

/**
 * Bundles `entry` for Node with esbuild into `outfile` (`format` esm or cjs; an ES module
 * gets a `require` for the CommonJS code it bundles). Throws BenchError when esbuild fails.
 */
function bundle(entry, outfile, format) {
  const args = [entry, "--bundle", "--platform=node", `--format=${format}`, "--log-level=error"];
  args.push(`--outfile=${outfile}`);
  if (format === "esm")
    args.push(
      '--banner:js=import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    );
  const built = spawnSync(path.join(ROOT, "node_modules", ".bin", "esbuild"), args, {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new BenchError(`esbuild failed: ${built.stderr}`);
}

function main() {
  ensureTool("hyperfine", "hyperfine");
  if (!fs.existsSync(path.join(ROOT, "dist", "cli.js"))) throw new BenchError("run npm run build first");
  const { dir } = prepareCorpus(size, seed);
  // fill the parse cache and next's projection table with the current build
  for (const command of [
    ["list", "--output", "json"],
    ["next", "--parallelize", "5"],
  ])
    spawnSync(process.execPath, [path.join(ROOT, "dist", "cli.js"), ...command], {
      cwd: dir,
      stdio: "ignore",
    });
  const work = path.join(WORK_DIR, "design-bound");
  fs.mkdirSync(work, { recursive: true });
  const entry = path.join(ROOT, ".bench-deps-entry.mjs");
  fs.writeFileSync(
    entry,
    'import * as yaml from "yaml"; import * as zod from "zod"; import { Command } from "commander";\nglobalThis.loaded = [yaml, zod, Command];\n',
  );
  const deps = path.join(work, "deps.mjs");
  bundle(entry, deps, "esm");
  const depsCjs = path.join(work, "deps.cjs");
  bundle(entry, depsCjs, "cjs");
  fs.rmSync(entry, { force: true });
  // the cold bound: parsing each frontmatter, with the YAML library and with the project's
  // own reader for the subset Taskplain writes (src/storage/fast-yaml.ts; the library
  // for what it declines)
  const parsers = {
    yaml: ['import { parse as full } from "yaml";', "export const parse = (text) => full(text);"],
    fast: [
      'import { parse as full } from "yaml";',
      `import { fastParseFrontmatter } from ${JSON.stringify(path.join(ROOT, "src", "storage", "fast-yaml.ts"))};`,
      "export const parse = (text) => fastParseFrontmatter(text) ?? full(text);",
    ],
  };
  const parserFiles = {};
  for (const [name, lines] of Object.entries(parsers)) {
    const source = path.join(ROOT, `.bench-parse-${name}.mjs`);
    fs.writeFileSync(source, `${lines.join("\n")}\n`);
    parserFiles[name] = path.join(work, `parse-${name}.mjs`);
    try {
      bundle(source, parserFiles[name], "esm");
    } finally {
      fs.rmSync(source, { force: true });
    }
  }
  const depsCached = path.join(work, "deps-cached.mjs");
  fs.rmSync(`${depsCjs}.v8cache`, { force: true });
  fs.writeFileSync(depsCached, CODE_CACHED(depsCjs));
  const bound = path.join(work, "stat-and-cache.mjs");
  fs.writeFileSync(bound, STAT_AND_CACHE);
  const statOnly = path.join(work, "stat-only.mjs");
  fs.writeFileSync(statOnly, STAT_ONLY);
  const firstId = firstTaskId(dir);
  const floor = path.join(ROOT, "bench", "read-floor.mjs");
  const rows = [
    ["node -e 0", "node -e 0"],
    ["read every task file (floor)", `node ${floor} .`],
    ["find one task file (floor)", `node ${floor} --find ${firstId} .`],
    ["load yaml + zod + commander", `node ${deps}`],
    ["stat every file", `node ${statOnly}`],
    ["stat every file + parse next's projection table", `node ${statOnly} table next`],
    ["find one task file + stat every epic and story", `node ${statOnly} stories ${firstId}`],
    ["stat every file + parse the warm cache", `node ${bound}`],
    ["… + load the dependencies", `node ${bound} deps ${deps}`],
    ["load yaml + zod + commander (V8 code cache)", `node ${depsCached}`],
    ["stat + warm cache + dependencies (V8 code cache)", `node ${bound} deps ${depsCached}`],
    [
      "read every file + parse its YAML with the yaml library (cold)",
      `node ${floor} --parse ${parserFiles.yaml} .`,
    ],
    [
      "read every file + parse its YAML with fast-yaml.ts (cold)",
      `node ${floor} --parse ${parserFiles.fast} .`,
    ],
  ];
  const json = path.join(work, "hyperfine.json");
  const hf = spawnSync(
    "hyperfine",
    ["-N", "--warmup", "2", "--runs", String(runs), "--export-json", json, ...rows.map((r) => r[1])],
    { cwd: dir, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (hf.status !== 0) throw new BenchError("hyperfine failed");
  const results = JSON.parse(fs.readFileSync(json, "utf8")).results;
  const cpu = results.map((r) => (r.user + r.system) * 1000);
  const wall = results.map((r) => r.median * 1000);
  const [node0, readFloor, findFloor] = cpu;
  process.stdout.write(
    `${size.toLocaleString("en")} tasks, ${runs} runs each; CPU = mean user + system ms (hyperfine)\n\n`,
  );
  process.stdout.write(
    "| program | wall median ms | CPU ms | × node -e 0 | × find one file | × read every file |\n",
  );
  process.stdout.write("|---|---:|---:|---:|---:|---:|\n");
  rows.forEach(([label], i) => {
    const r = (x) => `${(cpu[i] / x).toFixed(2)}×`;
    process.stdout.write(
      `| ${label} | ${wall[i].toFixed(0)} | ${cpu[i].toFixed(0)} | ${r(node0)} | ${r(findFloor)} | ${r(readFloor)} |\n`,
    );
  });
}

function firstTaskId(dir) {
  const folder = path.join(dir, "tasks", "10-ready");
  const name = fs.readdirSync(folder).find((n) => n.endsWith(".md"));
  const text = fs.readFileSync(path.join(folder, name), "utf8");
  return /^id: (.+)$/m.exec(text)[1].trim();
}

try {
  main();
} catch (error) {
  if (error instanceof BenchError) {
    process.stderr.write(`design-bound: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
