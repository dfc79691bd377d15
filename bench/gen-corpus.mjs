#!/usr/bin/env node
// Writes a deterministic, valid, realistic Taskplain repository of N task files.
//
//   node bench/gen-corpus.mjs <dir> <N> [--seed S] [--force] [--json]
//
// Files go to <dir>/tasks/<state folder>/; no git repository is created (the bench
// runner does that). The same N and seed give byte-identical files, because every
// choice comes from a seeded generator and every time is an offset from 2025-01-01.
// Plain Node, no dependencies: it must run on a bare checkout.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { renderBody } from "./corpus/body.mjs";
import { planCorpus } from "./corpus/plan.mjs";
import { createRandom } from "./corpus/random.mjs";
import { writeMapping } from "./corpus/yaml.mjs";

export const STATE_FOLDERS = {
  idea: "00-idea",
  ready: "10-ready",
  "in-progress": "20-in-progress",
  done: "30-done",
  canceled: "40-canceled",
};
const DEFAULT_SEED = "taskplain";
const USAGE = "usage: node bench/gen-corpus.mjs <dir> <N> [--seed S] [--force] [--json]";

const iso = (ms) => new Date(ms).toISOString();
const nonEmpty = (list) => (list && list.length > 0 ? list : undefined);

/** The frontmatter block of a planned task, keys in the canonical order. */
function frontmatter(node) {
  const entries = [
    ["id", node.id],
    ["title", node.title],
    ["kind", node.kind],
    ["children", nonEmpty(node.children.map((child) => child.id))],
    ["state", node.state],
    ["blocked", node.blocked],
    ["commit_message", node.commitMessage],
    ["priority", node.priority],
    ["size", node.size],
    ["ambiguity", node.ambiguity],
    ["executor", node.executor],
    ["isolation", node.isolation],
    ["touches", nonEmpty(node.touches)],
    ["depends_on", nonEmpty(node.dependsOn)],
    ["blocks", nonEmpty(node.blocks)],
    ["assignees", nonEmpty(node.assignees)],
    ["labels", nonEmpty(node.labels)],
    ["created_at", iso(node.created)],
    ["updated_at", iso(node.updated)],
    ["completed_at", node.completed === undefined ? undefined : iso(node.completed)],
    ["links", nonEmpty(node.links)],
    ["last_activity_at", node.lastActivity === undefined ? undefined : iso(node.lastActivity)],
    ["execution", node.attempts ? { attempts: node.attempts } : undefined],
  ];
  return ["---", ...writeMapping(entries, 0, []), "---"].join("\n");
}

/** Repo-relative path: done files carry the UTC date of completed_at. */
export function taskPath(node) {
  const name = `${node.kind}-${node.id}.md`;
  const file = node.state === "done" ? `${iso(node.completed).slice(0, 10)} ${name}` : name;
  return path.join("tasks", STATE_FOLDERS[node.state], file);
}

function hasFiles(folder) {
  if (!fs.existsSync(folder)) return false;
  return fs.readdirSync(folder, { recursive: true }).some((entry) => entry.endsWith(".md"));
}

/**
 * Generates the corpus into `dir` and returns a summary. Refuses to mix with an
 * existing corpus unless `force`, because stale files would make a run non-reproducible.
 */
export function generateCorpus(dir, n, { seed = DEFAULT_SEED, force = false } = {}) {
  const tasksDir = path.join(dir, "tasks");
  if (hasFiles(tasksDir)) {
    if (!force) throw new Error(`${tasksDir} already holds task files (use --force to replace them)`);
    fs.rmSync(tasksDir, { recursive: true, force: true });
  }
  for (const folder of Object.values(STATE_FOLDERS))
    fs.mkdirSync(path.join(tasksDir, folder), { recursive: true });

  const nodes = planCorpus(n, createRandom(`${seed}/${n}`));
  const counts = Object.fromEntries(Object.keys(STATE_FOLDERS).map((state) => [state, 0]));
  const kinds = { epic: 0, story: 0, task: 0 };
  let bytes = 0;
  let attempts = 0;
  for (const node of nodes) {
    // Bodies draw from their own stream so editing text templates leaves metadata alone.
    const text = `${frontmatter(node)}\n\n${renderBody(node, createRandom(`${seed}/body/${node.id}`))}`;
    fs.writeFileSync(path.join(dir, taskPath(node)), text);
    counts[node.state] += 1;
    kinds[node.kind] += 1;
    bytes += Buffer.byteLength(text);
    attempts += node.attempts?.length ?? 0;
  }
  const sampleOf = (state) => nodes.find((node) => node.sample === state)?.id ?? null;
  return {
    n: nodes.length,
    seed,
    counts,
    kinds,
    bytes,
    withTelemetry: nodes.filter((node) => node.attempts).length,
    attempts,
    sample: { ready: sampleOf("ready"), inProgress: sampleOf("in-progress"), done: sampleOf("done") },
  };
}

function parseArgs(argv) {
  const fail = (message) => {
    process.stderr.write(`gen-corpus: ${message}\n${USAGE}\n`);
    process.exit(5);
  };
  const options = { seed: DEFAULT_SEED, force: false, json: false };
  const positional = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--seed" || arg.startsWith("--seed=")) {
      options.seed = arg.includes("=") ? arg.slice(7) : argv[++i];
      if (!options.seed) fail("--seed needs a value");
    } else if (arg === "--force") options.force = true;
    else if (arg === "--json") options.json = true;
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg.startsWith("-")) fail(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 2) fail("expected a directory and a task count");
  const n = Number(positional[1]);
  if (!Number.isInteger(n) || n < 1) fail(`N must be a positive integer, got ${positional[1]}`);
  return { dir: positional[0], n, ...options };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  let summary;
  try {
    summary = generateCorpus(args.dir, args.n, args);
  } catch (error) {
    process.stderr.write(`gen-corpus: ${error.message}\n`);
    process.exit(1);
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const states = Object.entries(summary.counts).map(([state, count]) => `${state} ${count}`);
  process.stdout.write(
    `wrote ${summary.n} tasks (${(summary.bytes / 1048576).toFixed(1)} MB) to ${path.resolve(args.dir, "tasks")}\n` +
      `  ${states.join(", ")}; ${summary.withTelemetry} with telemetry (${summary.attempts} attempts)\n` +
      `  sample ready=${summary.sample.ready} in-progress=${summary.sample.inProgress} done=${summary.sample.done}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
