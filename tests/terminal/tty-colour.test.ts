// Colour on a real terminal and none through a pipe or with NO_COLOR: the built CLI run
// under a pseudo-terminal made by util-linux `script` (part of every Debian system), and
// the same command through a plain pipe. The pty's width comes from `stty cols`.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/cli/ui/width.js";
import { CLI, runBinary as run, tempDir } from "../helpers.js";

const ESC = /\x1b\[[0-9;]*m/;
let dir = "";

beforeAll(async () => {
  dir = tempDir("taskplain-tty-");
  const r = await run(["init", "--sample"], { cwd: dir });
  expect(r.code).toBe(0);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs the CLI with stdout on a pseudo-terminal `cols` wide; resolves with what the terminal got. */
function onTty(args: string[], env: Record<string, string> = {}, cols = 100): Promise<string> {
  const command = `stty cols ${cols} rows 50; ${quote(process.execPath)} ${quote(CLI)} ${args.map(quote).join(" ")}`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, TERM: "xterm-256color", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`script exited ${code}: ${out}`)),
    );
    child.stdin.end();
  });
}

describe("colour follows the terminal", () => {
  it("is on for a TTY and fits the TTY's width", async () => {
    const out = await onTty(["list"], {}, 72);
    expect(out).toMatch(ESC);
    // urgent and high look different
    expect(out).toContain("\x1b[1m\x1b[31murgent");
    expect(out).toContain("\x1b[33mhigh");
    const lines = out.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(72);
    expect(lines.some((l) => displayWidth(l) > 60)).toBe(true);
  });

  it("is off with NO_COLOR or --color never, even on a TTY", async () => {
    expect(await onTty(["list"], { NO_COLOR: "1" })).not.toMatch(ESC);
    expect(await onTty(["tree", "--color", "never"])).not.toMatch(ESC);
  });

  it("is off through a pipe unless forced", async () => {
    const piped = await run(["list"], { cwd: dir, env: { NO_COLOR: "" } });
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toMatch(ESC);
    const forced = await run(["tree"], { cwd: dir, env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(forced.stdout).toMatch(ESC);
    const always = await run(["attempt", "list", "fix-timezone-bug", "--color", "always"], {
      cwd: dir,
      env: { NO_COLOR: "" },
    });
    // failed attempts are red
    expect(always.stdout).toContain("\x1b[31mfailed");
  });
});
