// `taskplain web` as a real process: prints its URL, opens the browser with --open,
// serves the board, and stops cleanly on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, run, tempDir } from "../helpers.js";

let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

describe("taskplain web", () => {
  it("prints the URL, opens it with --open, serves the board and stops on SIGTERM", async () => {
    const root = tempDir("taskplain-web-cmd-");
    expect((await run(["init", "--sample"], { cwd: root })).code).toBe(0);
    // a stand-in for the desktop's opener that records what it was asked to open
    const bin = path.join(root, "fake-bin");
    mkdirSync(bin);
    const opened = path.join(root, "opened.txt");
    for (const name of ["xdg-open", "open"]) {
      writeFileSync(path.join(bin, name), `#!/bin/sh\necho "$1" > "${opened}"\n`);
      chmodSync(path.join(bin, name), 0o755);
    }
    child = spawn(process.execPath, [CLI, "web", "--open", "--port", "0"], {
      cwd: root,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, TASKPLAIN_ROOT: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout!.on("data", (d) => {
      stdout += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on("data", () => {
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
        if (m) resolve(m[0]);
      });
      child!.on("exit", (code) => reject(new Error(`web exited ${code} before printing its URL`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    await expect.poll(() => existsSync(opened) && readFileSync(opened, "utf8").trim()).toBe(url);
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("refuses a port out of range with a usage error", async () => {
    const root = tempDir("taskplain-web-cmd-");
    expect((await run(["init"], { cwd: root })).code).toBe(0);
    const result = await run(["web", "--port", "70000"], { cwd: root });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("--port");
  });
});
