import os from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

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
    setupFiles: ["tests/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two test files at a time (one per core): most suites wait on the processes they spawn.
    maxWorkers: 2,
    minWorkers: 1,
    // A worker keeps its loaded modules from one file to the next: re-importing the sources
    // for each of ~70 files cost more CPU than most of the tests. Every file still cleans up
    // after itself (tests/setup.ts), and no test mocks a module or changes process.env.
    poolOptions: { forks: { isolate: false } },
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "tests/browser/**"],
          // A machine-wide NODE_EXTRA_CA_CERTS makes every Node process parse that CA bundle
          // at start-up (~80 ms of CPU each, more than taskplain's own start-up), and these
          // tests start well over a thousand. Taskplain never opens a network connection.
          // (The browser tests keep the machine's environment: the scale test measures
          // `node -e 0` as its yardstick.)
          env: { NODE_EXTRA_CA_CERTS: "" },
          globalSetup: ["tests/global-setup.ts"],
        },
      },
      {
        // The browser tests run after all the others, one file at a time, alone: the board's
        // scale test measures timings, which must not include the stress suites' load.
        extends: true,
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          // The machine's temp dir, not the run folder of tests/global-setup.ts: Chromium puts
          // sockets there, and their paths must stay short.
          env: { TMPDIR: os.tmpdir() },
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
