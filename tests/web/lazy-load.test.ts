// `taskplain --version` and the other commands must not load the board's server
// (quality.md: lazy-load everything heavy). Walks the static imports of the built entry.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, PROJECT, run } from "../helpers.js";

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

describe("lazy loading of the board", () => {
  it("keeps Fastify, the WebSocket server and chokidar out of what `--version` loads", async () => {
    expect(existsSync(CLI), "run npm run build first").toBe(true);
    // the entry, and the program every other command loads (each command imports its own work lazily)
    const program = readdirSync(path.dirname(CLI)).find((f) => /^program-[A-Z0-9]+\.js$/.test(f));
    expect(program).toBeDefined();
    const files = new Set([...staticClosure(CLI), ...staticClosure(path.join(path.dirname(CLI), program!))]);
    expect(files.size).toBeGreaterThan(2);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/fastify|FSWatcher|WebSocketServer/);
    }
    const result = await run(["--version"], { cwd: PROJECT });
    expect(result.code).toBe(0);
    // the board's server is in the build, reached only through a dynamic import
    const all = readFileSync(CLI, "utf8");
    expect(all).toMatch(/import\(/);
  });
});
