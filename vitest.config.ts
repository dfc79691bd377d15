import { defineConfig } from "vitest/config";

export default defineConfig({
  // Markdown imported by the sources (the agent handbook) is text, as tsup bundles it.
  plugins: [
    {
      name: "markdown-as-text",
      transform(code: string, id: string) {
        return id.endsWith(".md")
          ? { code: `export default ${JSON.stringify(code)};`, map: null }
          : undefined;
      },
    },
  ],
  // What the bundler defines for the built CLI: in-process tests run the same code paths
  // (the parse cache is on in git repositories, as in a real install).
  define: {
    __TASKPLAIN_BUILD__: JSON.stringify("vitest"),
    __TASKPLAIN_VERSION__: JSON.stringify("0.0.0-test"),
  },
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One test file at a time (vitest's default on 2 cores): two at a time cut the run from
    // ~7 to ~4 minutes, but the board's scale test then shares the cores with the crash
    // and lease stress suites and measures them instead of the board.
  },
});
