#!/usr/bin/env node
// `npm run demo [-- --no-web] [-- --dir <folder>]`: seeds a sample repository in a temporary
// folder and runs the main job on it (agents.md "Demo"): list, next --parallelize 3, a
// recorded `exec` attempt of next's first pick with the executor it recommends, stats
// --by model,ambiguity, recommend, then the board (Ctrl-C stops it).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const USAGE = "usage: npm run demo [-- --no-web] [-- --dir <folder>]";
const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(project, "dist", "cli.js");

let web = true;
let dir;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--no-web") web = false;
  else if (a === "--dir" && args[i + 1] !== undefined) dir = path.resolve(args[++i]);
  else if (a === "-h" || a === "--help") {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else {
    process.stderr.write(`demo: unknown option ${a}\n${USAGE}\n`);
    process.exit(5);
  }
}
if (!existsSync(cli)) {
  process.stderr.write("dist/cli.js is missing: run `npm install` (or `npm run build`) first\n");
  process.exit(1);
}
if (dir) mkdirSync(dir, { recursive: true });
else dir = mkdtempSync(path.join(os.tmpdir(), "taskplain-demo-"));

// Which commands this build has (help --json is the contract).
const contract = JSON.parse(
  spawnSync(process.execPath, [cli, "help", "--json"], { encoding: "utf8" }).stdout,
);
const has = (name) => contract.commands.some((c) => c.name === name);

// The "agent" of the recorded attempt: a tiny script that works its task through taskplain
// (pick it up, tick every criterion, record a changelog line, complete it).
const agent = [
  'const { execFileSync } = require("node:child_process");',
  "const id = process.env.TASKPLAIN_TASK_ID;",
  `const tp = (...a) => execFileSync(process.execPath, [${JSON.stringify(cli)}, ...a], { encoding: "utf8" });`,
  'tp("pickup", id);',
  'const total = JSON.parse(tp("show", id, "--output", "json")).acceptance.total;',
  'if (total > 0) tp("check", id, ...Array.from({ length: total }, (_, i) => String(i + 1)));',
  'tp("update", id, "--changelog", "Done by the demo agent");',
  'tp("complete", id, "--commit-message", "chore: demo agent run  [Task:" + id + "]");',
  'console.log("demo agent: finished " + id);',
].join(" ");

/**
 * The dispatch loop of README "Orchestrating agents", once: `next`'s first pick, sent to
 * the executor it recommends (tool and model), as `exec` records it.
 */
function dispatchFirstPick() {
  const r = spawnSync(process.execPath, [cli, "next", "--output", "json"], { cwd: dir, encoding: "utf8" });
  const pick = JSON.parse(r.stdout).tasks[0];
  if (!pick) throw new Error("next picked nothing in the sample");
  const rec = pick.recommended_executor ?? {};
  return [
    "exec",
    pick.id,
    "--tool",
    rec.tool ?? "demo-agent",
    ...(rec.model ? ["--model", rec.model] : []),
    "--pickup",
    "--",
    process.execPath,
    "-e",
    agent,
  ];
}

const steps = [
  ["init", "--sample"],
  ["list"],
  ["next", "--parallelize", "3"],
  dispatchFirstPick,
  (previous) => ["show", previous[1]],
  ["stats", "--by", "model,ambiguity"],
];
if (has("recommend")) steps.push(["recommend"]);

process.stdout.write(`Demo repository: ${dir}\n`);
let previous = [];
for (const next of steps) {
  const step = typeof next === "function" ? next(previous) : next;
  previous = step;
  const shown = step.map((a) =>
    a === agent ? "'<demo agent script>'" : a === process.execPath ? "node" : a,
  );
  process.stdout.write(`\n$ taskplain ${shown.join(" ")}\n`);
  const r = spawnSync(process.execPath, [cli, ...step], { cwd: dir, stdio: "inherit" });
  if (r.status !== 0) {
    process.stderr.write(`demo: step failed with exit code ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
}
if (!has("recommend")) process.stdout.write("\n(`taskplain recommend` is not in this build yet: skipped)\n");

const explore = `Explore it yourself:  cd ${dir} && node ${cli} --help`;
if (!web) {
  process.stdout.write(`\n${explore}\n`);
  process.exit(0);
}
if (!has("web")) {
  process.stdout.write(
    `\n(the board, \`taskplain web\`, is not in this build yet: done as with --no-web)\n${explore}\n`,
  );
  process.exit(0);
}
process.stdout.write(`\n$ taskplain web\n`);
const board = spawn(process.execPath, [cli, "web"], { cwd: dir, stdio: "inherit" });
// Ctrl-C is how the demo ends: the board stops and the demo exits 0.
let stopping = false;
const stop = () => {
  stopping = true;
  board.kill("SIGINT");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
board.on("exit", (code) => {
  process.stdout.write(`\n${explore}\n`);
  process.exit(stopping ? 0 : (code ?? 0));
});
