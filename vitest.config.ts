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
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
