import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

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
  outExtension: () => ({ js: ".js" }),
});
