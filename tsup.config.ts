import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

// zod re-exports all of its ~60 message locales (`z.locales`), which a bundler cannot
// drop; taskplain writes its own messages and uses none of them. Compiling them cost
// a third of a single-task command's start-up, so the bundle gets English only.
const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`) ? { path: "zod-locales", namespace: "zod-en" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-en" }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: process.cwd(),
      loader: "js",
    }));
  },
};

// One small entry (dist/cli.js) and lazily imported chunks: `--version` and `--help`
// must not pay for zod, yaml or the services.
export default defineConfig({
  entry: { cli: "src/cli/main.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  splitting: true,
  clean: true,
  sourcemap: false,
  minify: false,
  shims: true,
  // Bundled CommonJS dependencies (commander, proper-lockfile, …) call require().
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __tpCreateRequire } from "node:module";\nconst require = __tpCreateRequire(import.meta.url);',
  },
  define: { __TASKPLAIN_VERSION__: JSON.stringify(pkg.version) },
  noExternal: [/.*/],
  esbuildPlugins: [zodEnglishOnly],
  outExtension: () => ({ js: ".js" }),
});
