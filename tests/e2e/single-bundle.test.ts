// dist/single.cjs (src/cli/single.ts) runs show, update, attempt and check for the
// entry; it must answer exactly as the whole program (dist/program.cjs) does: output,
// errors, exit codes and the files written, for successes, dry runs and refusals.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/context.js";
import { SINGLE_TASK_COMMANDS } from "../../src/cli/single-commands.js";
import { bufferIo, fixtureRepo, PROJECT, snapshot, taskText, writeTask } from "../helpers.js";

type RunCli = (argv: string[], version: string, io: Io) => Promise<number>;

const load = createRequire(import.meta.url);
let bundles: { name: string; runCli: RunCli }[];

beforeAll(() => {
  bundles = ["program", "single"].map((name) => {
    const file = path.join(PROJECT, "dist", `${name}.cjs`);
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build`);
    return { name, runCli: (load(file) as { runCli: RunCli }).runCli };
  });
});

/** A fresh repository: the compat fixture plus a story listing plain-ready (its parent). */
function repo(): string {
  const root = fixtureRepo("compat");
  writeTask(
    root,
    "tasks/10-ready/story-parent-story.md",
    taskText({
      id: "parent-story",
      title: "Parent",
      kind: "story",
      state: "ready",
      children: ["plain-ready"],
    }),
  );
  return root;
}

/** Runs `argv` through a bundle in a fresh repository; paths of the repository read as <root>. */
async function runIn(runCli: RunCli, argv: string[], input = "") {
  const root = repo();
  const { io, output } = bufferIo({
    cwd: root,
    input,
    env: { NO_COLOR: "1", TASKPLAIN_CACHE: "0", TASKPLAIN_LOCK_TIMEOUT_MS: "5000" },
    clock: { now: () => Date.parse("2026-04-01T12:00:00.000Z") },
  });
  const code = await runCli(argv, "9.9.9", io);
  const { stdout, stderr } = output();
  const clean = (s: string) => s.replaceAll(root, "<root>");
  return { code, stdout: clean(stdout), stderr: clean(stderr), files: snapshot(root) };
}

const ATTEMPT = ["--tool", "t", "--model", "m", "--status", "completed", "--duration", "5"];
const CASES: string[][] = [
  ["show", "plain-ready"],
  ["show", "plain-ready", "--output", "json"],
  ["show", "run-telemetry"],
  ["show", "parent-story", "--output", "json"],
  ["show", "no-such-task"],
  ["show", "no-such-task", "--output", "json"],
  ["show"],
  ["show", "plain-ready", "--bogus"],
  ["show", "plain-ready", "extra"],
  ["show", "plain-ready", "--output", "xml"],
  ["show", "-h", "plain-ready"],
  ["update", "plain-ready", "--meta", "priority=high"],
  ["update", "plain-ready", "--meta", "priority=high", "--dry-run"],
  ["update", "plain-ready", "--meta", "priority=low", "--output", "json"],
  ["update", "plain-ready", "--meta", "priority=urgent"],
  ["update", "plain-ready", "--meta", "bogus_key=1", "--output", "json"],
  ["update", "plain-ready", "--field", "overview", "New overview.", "--changelog", "c"],
  ["update", "no-such-task", "--meta", "priority=high"],
  ["update", "plain-ready", "--if-version", "000000000000", "--meta", "priority=high"],
  ["attempt", "add", "plain-ready", ...ATTEMPT],
  ["attempt", "add", "plain-ready", ...ATTEMPT, "--dry-run", "--output", "json"],
  ["attempt", "add", "plain-ready", "--status", "weird"],
  ["attempt", "add", "plain-ready", "--json"],
  ["attempt", "list", "run-telemetry"],
  ["attempt"],
  ["attempt", "bogus"],
  ["check", "plain-ready", "1"],
  ["check", "plain-ready", "1", "--dry-run", "--output", "json"],
  ["check", "plain-ready", "99"],
  ["check", "plain-ready", "--uncheck", "1"],
];

describe("the single-task bundle", () => {
  it("covers exactly the single-task commands", () => {
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(SINGLE_TASK_COMMANDS));
  });

  it.each(CASES.map((argv) => [argv.join(" "), argv] as const))(
    "answers `%s` as the whole program does",
    async (_name, argv) => {
      const input = argv.includes("--json") ? '{"tool":"t","status":"failed","error_reason":"x"}' : "";
      const [whole, single] = [
        await runIn(bundles[0]!.runCli, argv, input),
        await runIn(bundles[1]!.runCli, argv, input),
      ];
      expect(single).toEqual(whole);
    },
  );
});
