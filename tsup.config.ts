import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

// Identifies this build's sources and dependencies: the caches in .git/ (taskplain-cache,
// -views, -parents) and the code cache only trust what the same build wrote.
function buildId(): string {
  const hash = createHash("sha256").update(readFileSync("package-lock.json"));
  const files = readdirSync("src", { recursive: true, encoding: "utf8" }).sort();
  for (const file of files) {
    if (file.endsWith(".ts")) hash.update(file).update(readFileSync(`src/${file}`));
  }
  return hash.digest("hex").slice(0, 16);
}

// Both builds must inline the same ids: the parse cache and the code cache trust them.
const define = {
  __TASKPLAIN_VERSION__: JSON.stringify(pkg.version),
  __TASKPLAIN_BUILD__: JSON.stringify(buildId()),
};

// dist/cli.js: a small entry. `--version` and `--help` must not pay for zod, yaml or the
// services; every other command runs dist/program.cjs through the code cache
// (src/cli/code-cache.ts).
const cli = defineConfig({
  entry: { cli: "src/cli/main.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  splitting: true,
  // dist/web, dist/program.cjs and dist/help.json belong to the builds below, which run
  // at the same time.
  clean: ["!web", "!web/**", "!program.cjs", "!single.cjs", "!help.json"],
  sourcemap: false,
  minify: false,
  shims: true,
  banner: { js: "#!/usr/bin/env node" },
  define,
  outExtension: () => ({ js: ".js" }),
});

/**
 * commander requires `child_process` when it loads, for subcommands that are separate
 * executables (taskplain has none), and loading it costs every command ~5 ms CPU (with
 * `net`, `dgram` and their bindings). In the program bundles commander gets an object
 * that loads the module on first use instead.
 */
const lazyChildProcessForCommander = {
  name: "lazy-child-process-for-commander",
  setup(build: import("esbuild").PluginBuild) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: "child_process", namespace: "lazy-builtin" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, () => ({
      contents:
        'let real;\nconst load = () => (real ??= require("node:child_process"));\n' +
        "module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });\n",
      loader: "js",
    }));
  },
};

// dist/program.cjs: runCli and everything it reaches, lazily imported commands included
// (esbuild wraps them, so they are still evaluated only when imported), as ONE CommonJS
// file: V8 can cache the compiled code of a classic script (vm.Script cachedData) but Node
// 20 has no code cache for ES modules. dist/single.cjs: the same for the single-task
// commands alone (src/cli/single.ts), a much smaller file and code cache.
const program = defineConfig({
  entry: {
    program: "src/cli/program.ts",
    single: "src/cli/single.ts",
    "help-texts": "src/cli/help-texts.ts",
  },
  format: ["cjs"],
  platform: "node",
  target: "node20",
  splitting: false,
  clean: false,
  sourcemap: false,
  minify: false,
  // ES modules are strict, and so stays the bundle (this directive must come first).
  // import.meta.url (src/web/assets.ts) is the bundle's own file URL.
  banner: {
    js: '"use strict";\nvar __tpImportMetaUrl = require("node:url").pathToFileURL(__filename).href;',
  },
  define: { ...define, "import.meta.url": "__tpImportMetaUrl" },
  noExternal: [/.*/],
  // The agent handbook (docs/handbook.md) is bundled as text.
  loader: { ".md": "text" },
  outExtension: () => ({ js: ".cjs" }),
  // tsup would otherwise strip `node:` (marking the module external) before this plugin sees it
  removeNodeProtocol: false,
  esbuildPlugins: [lazyChildProcessForCommander],
  // `await import("node:fs")` becomes require(): the bundle then needs no ES module loader.
  esbuildOptions(options) {
    options.supported = { ...options.supported, "dynamic-import": false };
  },
  async onSuccess() {
    asciiOnly("dist/program.cjs");
    asciiOnly("dist/single.cjs");
    // Help pages are rendered by the built program itself, so `--help` can print them
    // without loading commander (src/cli/help-texts.ts).
    const file = fileURLToPath(new URL("./dist/help-texts.cjs", import.meta.url));
    const load = createRequire(file);
    delete load.cache[load.resolve(file)];
    const { renderHelpPages } = load(file) as {
      renderHelpPages(version: string): Record<string, string>;
    };
    writeFileSync("dist/help.json", `${JSON.stringify(renderHelpPages(pkg.version), null, 1)}\n`);
    rmSync(file);
  },
});

/**
 * Escapes the non-ASCII characters of a built file (\uXXXX per UTF-16 unit), so that the
 * code cache loader can read it as Latin-1 (a copy) instead of decoding UTF-8 (~10 ms for
 * 3 MB). esbuild already escapes them in strings, regular expressions and identifiers
 * (charset "ascii"), where the escape means the same; only comments keep them.
 */
function asciiOnly(file: string): void {
  const text = readFileSync(file, "utf8");
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (escaped !== text) writeFileSync(file, escaped);
}

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

export default [cli, program, board];
