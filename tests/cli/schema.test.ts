import { describe, expect, it } from "vitest";
import { run } from "../helpers.js";
import { t0, tempRepos } from "./setup.js";

const repo = tempRepos();

interface Schema {
  $schema: string;
  type: string;
  properties: Record<string, { type?: string; enum?: string[]; pattern?: string }>;
  required: string[];
}

describe("schema", () => {
  it("prints the frontmatter's JSON Schema 2020-12 with the enums, the id pattern and the required keys", async () => {
    const dir = repo();
    const r = await run(["schema"], { cwd: dir, clock: t0 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const s = JSON.parse(r.stdout) as Schema;
    expect(s.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(s.type).toBe("object");
    expect(Object.keys(s.properties).slice(0, 6)).toEqual([
      "id",
      "title",
      "kind",
      "parent",
      "children",
      "state",
    ]);
    expect(s.properties.state!.enum).toEqual(["idea", "ready", "in-progress", "done", "canceled"]);
    expect(s.properties.priority!.enum).toEqual(["none", "low", "normal", "high", "urgent"]);
    expect(s.properties.executor!.enum).toEqual(["simple", "standard", "expert", "human_review"]);
    expect(s.properties.id!.pattern).toBe("^[a-z0-9]+(?:-[a-z0-9]+)*$");
    expect(s.required).toEqual(
      expect.arrayContaining(["id", "title", "kind", "state", "priority", "created_at", "updated_at"]),
    );
    expect(Object.keys(s.properties)).toContain("execution");
  });

  it("the same schema whatever --output says, and without a tasks/ folder", async () => {
    const dir = repo();
    const human = await run(["schema"], { cwd: dir, clock: t0 });
    const json = await run(["schema", "--output", "json"], { cwd: dir, clock: t0 });
    expect(json.stdout).toBe(human.stdout);
    const { rmSync } = await import("node:fs");
    rmSync(`${dir}/tasks`, { recursive: true });
    const bare = await run(["schema"], { cwd: dir, clock: t0 });
    expect(bare.code).toBe(0);
    expect(bare.stdout).toBe(human.stdout);
  });
});
