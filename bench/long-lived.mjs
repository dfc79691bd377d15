#!/usr/bin/env node
// Answers from a long-lived Workspace, the way the board and the MCP server use the core:
// one Workspace kept open across requests, refreshed before each answer. Times, in process
// (no start-up), the services behind `task_get` / `GET /api/tasks/:id` (getTask + its task
// object), `show`, and `task_list` / `GET /api/tasks` (listTasks, every task) at N tasks,
// in two modes:
//
//   watched    the folders are watched as the MCP server watches them on Linux
//              (src/storage/folder-events.ts; settle() before each request), so a read
//              reuses the records of the previous one without a stat per file — the board
//              watches the same way, with a short debounce;
//   stat-only  no watcher: refresh() stats the five folders, each read stats every file
//              (the MCP server elsewhere than on Linux).
//
//   node bench/long-lived.mjs [--sizes 1000,10000] [--reps 30] [--seed S]
//
// Prints a Markdown table (wall-clock medians and p90, and the CPU median, in ms) that `npm run bench` appends to
// docs/benchmarks.md. Services are bundled from src/ with esbuild into .bench/, with the
// build id of dist/cli.js, so both share the corpus's parse cache.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BenchError, prepareCorpus, ROOT, WORK_DIR } from "./lib.mjs";

const ENTRY = `
export { Workspace } from "./src/storage/workspace.ts";
export { getTask } from "./src/services/repo.ts";
export { showTask } from "./src/services/show.ts";
export { listTasks } from "./src/services/list.ts";
export { taskObject } from "./src/services/views.ts";
export { watchFolders } from "./src/storage/folder-events.ts";
`;

/** The build id dist/cli.js was made with, so this bundle trusts the same parse cache. */
function distBuildId() {
  for (const name of fs.readdirSync(path.join(ROOT, "dist"))) {
    if (!name.endsWith(".js")) continue;
    const m = /var BUILD = [^"]*"([0-9a-f]{16})"/.exec(
      fs.readFileSync(path.join(ROOT, "dist", name), "utf8"),
    );
    if (m) return m[1];
  }
  throw new BenchError("no build id in dist/: run npm run build first");
}

async function bundle() {
  const esbuild = await import("esbuild");
  const out = path.join(WORK_DIR, "long-lived-services.mjs");
  fs.mkdirSync(WORK_DIR, { recursive: true });
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: out,
    define: { __TASKPLAIN_BUILD__: JSON.stringify(distBuildId()), __TASKPLAIN_VERSION__: '"bench"' },
    banner: {
      js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
    },
    logLevel: "error",
  });
  return import(pathToFileURL(out).href);
}

const quantile = (values, q) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/** Wall-clock and CPU (user + system) milliseconds of one call. */
async function timed(fn) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

async function measure(core, dir, sample, watched, reps) {
  const ws = core.Workspace.open({ cwd: dir, env: process.env });
  const events = watched ? core.watchFolders(ws) : null;
  if (watched && !events) throw new BenchError("the folders cannot be watched here (Linux only)");
  const first = (await timed(() => core.listTasks(ws, {}))).wall; // opens the parse cache
  const ids = [sample.done, sample.ready, sample.inProgress];
  const rows = { get: [], show: [], list: [] };
  // Each kind of request in its own run of calls: interleaved, a task_get was charged
  // with the scavenges of the 10,000 task objects the task_list before it left behind.
  const kinds = [
    ["get", async (id) => core.taskObject(await core.getTask(ws, id))],
    ["show", (id) => core.showTask(ws, id)],
    [
      "list",
      async () => {
        const result = await core.listTasks(ws, {});
        if (result.view.length < 1) throw new BenchError("listTasks returned no task");
      },
    ],
  ];
  for (const [kind, call] of kinds) {
    for (let i = 0; i < reps; i += 1) {
      const id = ids[i % ids.length];
      rows[kind].push(
        await timed(async () => {
          if (events) await events.settle();
          else ws.refresh();
          await call(id);
        }),
      );
    }
  }
  events?.close();
  return { first, rows };
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const sizes = opt("--sizes", "1000,10000").split(",").map(Number);
  const reps = Number(opt("--reps", "30"));
  const seed = opt("--seed", "taskplain");
  const core = await bundle();
  const lines = [
    "| N | mode | first list ms (opens the cache) | task_get median / p90 ms | show median / p90 ms | task_list median / p90 ms | targets |",
    "|---:|---|---:|---:|---:|---:|---|",
  ];
  const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
  for (const n of sizes) {
    const { dir, summary } = prepareCorpus(n, seed);
    for (const watched of [true, false]) {
      const { first, rows } = await measure(core, dir, summary.sample, watched, reps);
      const cell = (xs) => {
        const wall = xs.map((x) => x.wall);
        const cpu = xs.map((x) => x.cpu);
        return `${ms(quantile(wall, 0.5))} / ${ms(quantile(wall, 0.9))} (CPU ${ms(quantile(cpu, 0.5))})`;
      };
      const cpuMedian = (xs) =>
        quantile(
          xs.map((x) => x.cpu),
          0.5,
        );
      const ok = cpuMedian(rows.get) <= 5 && cpuMedian(rows.list) <= 50;
      lines.push(
        `| ${n.toLocaleString("en-US")} | ${watched ? "watched" : "stat-only"} | ${ms(first)} | ${cell(rows.get)} | ` +
          `${cell(rows.show)} | ${cell(rows.list)} | task_get ≤ 5 ms, task_list ≤ 50 ms (CPU): ${ok ? "✓" : "✗"} |`,
      );
      process.stderr.write(`long-lived: ${n} tasks, ${watched ? "watched" : "stat-only"} done\n`);
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error) => {
  if (!(error instanceof BenchError)) throw error;
  process.stderr.write(`long-lived: ${error.message}\n`);
  process.exit(1);
});
