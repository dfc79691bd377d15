import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { defineConfig } from "tsup";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

// One small entry (dist/cli.js) and lazily imported chunks: `--version` and `--help`
// must not pay for zod, yaml or the services.
export default defineConfig({
  entry: { cli: "src/cli/main.ts", "help-texts": "src/cli/help-texts.ts" },
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
