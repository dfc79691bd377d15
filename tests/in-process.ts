// Runs the CLI inside the test process (runCli with captured output): the same code
// path as dist/cli.js minus process start-up, for suites that run hundreds of commands.
import { runCli } from "../src/cli/program.js";
import { forgetListing } from "../src/storage/repository.js";
import type { RunResult } from "./helpers.js";

export async function runHere(args: string[], cwd: string, input = ""): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  forgetListing(); // files may have changed on disk since the last command in this process
  const code = await runCli(args, "0.0.0-test", {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    readStdin: async () => input,
    stdoutIsTTY: false,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", TASKPLAIN_ROOT: "", TASKPLAIN_DEBUG: "" },
    cwd,
  });
  return { code, stdout, stderr };
}
