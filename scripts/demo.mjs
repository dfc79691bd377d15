#!/usr/bin/env node
// `npm run demo`: seeds a sample repository in a temp folder and runs the main job on it —
// list, validate, next (dispatch) and stats (telemetry) — so a newcomer sees the tool work.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(project, "dist", "cli.js");
if (!existsSync(cli)) {
  process.stderr.write("dist/cli.js is missing: run `npm install` (or `npm run build`) first\n");
  process.exit(1);
}
const dir = process.argv[2]
  ? path.resolve(process.argv[2])
  : mkdtempSync(path.join(os.tmpdir(), "taskplain-demo-"));
const steps = [
  ["init", "--sample"],
  ["list"],
  ["validate"],
  ["next", "--parallelize", "3"],
  ["stats"],
  ["stats", "--by", "model,ambiguity"],
];
process.stdout.write(`Demo repository: ${dir}\n`);
for (const args of steps) {
  process.stdout.write(`\n$ taskplain ${args.join(" ")}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, stdio: "inherit" });
  if (r.status !== 0) {
    process.stderr.write(`step failed with exit code ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
}
process.stdout.write(`\nExplore it yourself:  cd ${dir} && npx --prefix ${project} taskplain --help\n`);
