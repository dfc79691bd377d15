import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { defineConfig } from "tsup";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

// Identifies this build's sources and dependencies: the parse cache (.git/taskplain-cache.json)
// only trusts entries written by the same build.
function buildId(): string {
  const hash = createHash("sha256").update(readFileSync("package-lock.json"));
  const files = readdirSync("src", { recursive: true, encoding: "utf8" }).sort();
  for (const file of files) {
    if (file.endsWith(".ts")) hash.update(file).update(readFileSync(`src/${file}`));
  }
  return hash.digest("hex").slice(0, 16);
}

// One small entry (dist/cli.js) and lazily imported chunks: `--version` and `--help`
// must not pay for zod, yaml or the services.
const cli = defineConfig({
  entry: { cli: "src/cli/main.ts", "help-texts": "src/cli/help-texts.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  splitting: true,
  // dist/web belongs to the board's build below, which runs at the same time.
  clean: ["!web", "!web/**"],
  sourcemap: false,
  minify: false,
  shims: true,
  // Bundled CommonJS dependencies (commander, proper-lockfile, …) call require().
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __tpCreateRequire } from "node:module";\nconst require = __tpCreateRequire(import.meta.url);',
  },
  define: {
    __TASKPLAIN_VERSION__: JSON.stringify(pkg.version),
    __TASKPLAIN_BUILD__: JSON.stringify(buildId()),
  },
  noExternal: [/.*/],
  // The agent handbook (docs/handbook.md) is bundled as text.
  loader: { ".md": "text" },
  outExtension: () => ({ js: ".js" }),
  // Help pages are rendered by the built program itself, so `--help` can print them
  // without loading commander (src/cli/help-texts.ts).
  async onSuccess() {
    const url = new URL("./dist/help-texts.js", import.meta.url);
    const { renderHelpPages } = (await import(`${url.href}?t=${Date.now()}`)) as {
      renderHelpPages(version: string): Record<string, string>;
    };
    writeFileSync("dist/help.json", `${JSON.stringify(renderHelpPages(pkg.version), null, 1)}\n`);
    rmSync(url);
  },
});

// The board's client (src/web/client): one browser bundle with its dependencies
// (marked, DOMPurify) and its stylesheet, plus index.html; served by `taskplain web`
// from dist/web, never from a CDN.
const board = defineConfig({
  entry: { app: "src/web/client/main.ts" },
  outDir: "dist/web",
  format: ["iife"],
  platform: "browser",
  target: "es2022",
  clean: true,
  minify: true,
  sourcemap: false,
  splitting: false,
  noExternal: [/.*/],
  publicDir: "src/web/client/public",
  tsconfig: "src/web/client/tsconfig.json",
  outExtension: () => ({ js: ".js" }),
});

export default [cli, board];
