import { defineConfig } from "vitest/config";

export default defineConfig({
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
  },
});
