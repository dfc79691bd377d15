// `taskplain --version` and the other commands must not load the board's server
// (quality.md: lazy-load everything heavy). Walks the static imports of the built entry.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, PROJECT, run, tempDir } from "../helpers.js";

/** Every file reachable from `entry` through static `import … from "./x.js"` statements. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^import\s[^;]*?from\s*"(\.\/[^"]+)"/gm)) {
      queue.push(path.join(path.dirname(file), m[1]!));
    }
    for (const m of text.matchAll(/^import\s*"(\.\/[^"]+)"/gm))
      queue.push(path.join(path.dirname(file), m[1]!));
  }
  return seen;
}

/** Node's built-in modules that `taskplain <args>` loaded (process.moduleLoadList at exit). */
function builtinsLoadedBy(args: string[], cwd: string): string[] {
  const dir = tempDir();
  const out = path.join(dir, "builtins.txt");
  const preload = path.join(dir, "preload.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join("\\n")));`,
  );
  spawnSync(process.execPath, ["--require", preload, CLI, ...args], { cwd, stdio: "ignore" });
  return readFileSync(out, "utf8")
    .split("\n")
    .filter((m) => m.startsWith("NativeModule "))
    .map((m) => m.slice("NativeModule ".length));
}

describe("lazy loading of the board", () => {
  it("keeps Fastify, the WebSocket server and chokidar out of what `--version` loads", async () => {
    expect(existsSync(CLI), "run npm run build first").toBe(true);
    // the entry's static imports
    const files = staticClosure(CLI);
    expect(files.size).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/fastify|FSWatcher|WebSocketServer/);
    }
    const result = await run(["--version"], { cwd: PROJECT });
    expect(result.code).toBe(0);
    // the board's server is in the program (dist/program.cjs, one file every other command
    // loads), where esbuild wraps what is only imported dynamically: evaluated when imported
    const program = readFileSync(path.join(path.dirname(CLI), "program.cjs"), "utf8");
    expect(program).toMatch(/fastify/);
    expect(program).toMatch(/var init_web_run = __esm\(/);
  });

  it("does not evaluate the server (nor anything that needs node:http) for other commands", () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, "tasks", "10-ready"), { recursive: true });
    for (const args of [["list", "--output", "json"], ["show", "nothing"], ["validate"], ["stats"]]) {
      const loaded = builtinsLoadedBy(args, cwd);
      expect(loaded, args.join(" ")).toContain("fs"); // the list is there
      expect(
        loaded.filter((m) => /^(http|https|http2|_http_server)$/.test(m)),
        args.join(" "),
      ).toEqual([]);
    }
  });
});
