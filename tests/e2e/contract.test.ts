// The machine-readable contract (help --json), help's exit codes, handbook and inject
// (agents.md "Instructions for agents", "The machine-readable contract").
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import type { Io } from "../../src/cli/context.js";
import { ERROR_CODES } from "../../src/domain/errors.js";
import { handbookSections, MANAGED_VERSION } from "../../src/domain/handbook.js";
import { PROJECT, run, runJson, tempDir } from "../helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = tempDir("taskplain-contract-");
  dirs.push(d);
  return d;
};

interface Contract {
  commands: {
    name: string;
    arguments: { name: string; required: boolean; variadic: boolean; enum?: string[] }[];
    options: {
      flags: string;
      long?: string;
      name: string;
      type: string;
      required: boolean;
      enum?: string[];
    }[];
    output_schema?: object;
  }[];
  exit_codes: { code: number }[];
  error_codes: { code: string; exit: number }[];
}

describe("help --json", async () => {
  const cwd = temp();
  const contract = await runJson<Contract>(["help", "--json"], { cwd });
  const pages = JSON.parse(readFileSync(path.join(PROJECT, "dist", "help.json"), "utf8")) as Record<
    string,
    string
  >;

  it("lists every command the CLI has, with exit codes and error codes", () => {
    const names = contract.commands.map((c) => c.name);
    expect(names.sort()).toEqual(
      Object.keys(pages)
        .filter((k) => k !== "")
        .sort(),
    );
    expect(contract.exit_codes.map((e) => e.code)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(contract.error_codes.map((e) => e.code)).toEqual(
      expect.arrayContaining(["stale_version", "usage"]),
    );
  });

  it("documents options that commander really accepts, with their enum values", () => {
    const io: Io = {
      out: () => {},
      err: () => {},
      readStdin: async () => "",
      stdoutIsTTY: false,
      env: {},
      cwd,
      clock: { now: () => 0 },
    };
    for (const cmd of contract.commands) {
      for (const option of cmd.options) {
        const program = new Command("taskplain")
          .exitOverride()
          .configureOutput({ writeErr: () => {}, writeOut: () => {} });
        let seen: Record<string, unknown> | undefined;
        for (const register of COMMANDS) {
          register(program, {
            io,
            action:
              () =>
              async (...params: unknown[]) => {
                seen = (params[params.length - 1] as Command).opts();
              },
          });
        }
        for (const sub of program.commands) sub.exitOverride();
        const args = cmd.arguments.filter((a) => a.required).map((a) => a.enum?.[0] ?? "x");
        const value = option.type === "boolean" ? [] : [option.enum?.[0] ?? "a=1"];
        const argv = [
          ...cmd.name.split(" "),
          ...args,
          option.long ?? option.flags.split(/[ ,]/)[0]!,
          ...value,
        ];
        for (const m of cmd.options.filter((o) => o.required && o !== option))
          argv.push(m.long!, m.enum?.[0] ?? "1d");
        program.parse(argv, { from: "user" });
        expect(seen, `${cmd.name} ${option.flags}`).toBeDefined();
        expect(seen![option.name], `${cmd.name} ${option.flags}`).toBeDefined();
      }
    }
    const newCmd = contract.commands.find((c) => c.name === "new")!;
    expect(newCmd.options.find((o) => o.long === "--kind")!.enum).toEqual(["epic", "story", "task"]);
    expect(
      contract.commands.find((c) => c.name === "update")!.options.find((o) => o.long === "--changelog")!.type,
    ).toBe("string[]");
  });

  it("publishes schemas that real --output json results validate against", async () => {
    const ajv = new Ajv2020({ strict: false });
    const dir = temp();
    await run(["init", "--sample"], { cwd: dir });
    const schemaOf = (name: string) =>
      ajv.compile(contract.commands.find((c) => c.name === name)!.output_schema!);
    const results: [string, unknown][] = [
      ["list", await runJson(["list"], { cwd: dir })],
      ["show", await runJson(["show", "card-validation"], { cwd: dir })],
      ["next", await runJson(["next", "--parallelize", "3"], { cwd: dir })],
      ["pickup", await runJson(["pickup", "payment-error-copy"], { cwd: dir })],
      ["check", await runJson(["check", "payment-error-copy", "1", "2", "3"], { cwd: dir })],
      ["update", await runJson(["update", "payment-error-copy", "--changelog", "x"], { cwd: dir })],
      [
        "complete",
        await runJson(["complete", "payment-error-copy", "--commit-message", "fix: x"], { cwd: dir }),
      ],
      ["validate", await runJson(["validate"], { cwd: dir })],
      ["stats", await runJson(["stats"], { cwd: dir })],
      ["init", await runJson(["init"], { cwd: dir })],
      ["recommend", await runJson(["recommend", "flaky-login-test"], { cwd: dir })],
    ];
    for (const [name, value] of results) {
      const validate = schemaOf(name);
      expect(validate(value), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    // The schemas are not vacuous: a task object without its id is rejected.
    const { id: _drop, ...noId } = results[1]![1] as Record<string, unknown>;
    expect(schemaOf("show")(noId)).toBe(false);
  });

  it("names every error code the sources throw", () => {
    const codes = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts")) {
          const text = readFileSync(file, "utf8");
          for (const m of text.matchAll(/(?:TaskplainError|refusedError|refuse)\(\s*"([a-z_]+)"/g))
            codes.add(m[1]!);
        }
      }
    };
    walk(path.join(PROJECT, "src"));
    expect(codes.size).toBeGreaterThan(10);
    for (const code of codes) expect(ERROR_CODES, code).toHaveProperty(code);
  });
});

describe("help", () => {
  it("--all prints every command's page; unknown topics and bare groups exit 5 with help on stderr", async () => {
    const cwd = temp();
    const all = await run(["help", "--all"], { cwd });
    expect(all.code).toBe(0);
    for (const name of ["taskplain attempt add", "taskplain check", "taskplain inject"])
      expect(all.stdout).toContain(`## ${name}`);
    expect((await run(["help", "--reference"], { cwd })).stdout).toBe(all.stdout);
    expect(JSON.parse((await run(["help", "--contract"], { cwd })).stdout)).toHaveProperty("commands");
    expect((await run(["help", "--playbook"], { cwd })).stdout).toContain("## Workflow");

    const unknown = await run(["help", "nonexist"], { cwd });
    expect(unknown.code).toBe(5);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain('no command "nonexist"');
    expect(unknown.stderr).toContain("Usage: taskplain [options] [command]");
    for (const group of ["attempt", "metadata"]) {
      const bare = await run([group], { cwd });
      expect(bare.code).toBe(5);
      expect(bare.stderr).toContain(`Usage: taskplain ${group} [options] [command]`);
    }
    const sub = await run(["help", "attempt", "nope"], { cwd });
    expect(sub.code).toBe(5);
    expect(sub.stderr).toContain("Usage: taskplain attempt");
  });
});

describe("handbook", () => {
  it("prints the whole handbook or one section; an unknown section is a usage error", async () => {
    const cwd = temp();
    const names = handbookSections().map((s) => s.name);
    expect(names).toEqual(["workflow", "rules", "recipes", "telemetry", "leases", "json-shapes"]);
    const rules = await run(["handbook", "--section", "rules"], { cwd });
    expect(rules.stdout.startsWith("## Rules\n")).toBe(true);
    expect(rules.stdout).not.toContain("## Recipes");
    expect((await run(["handbook", "--section", "json"], { cwd })).stdout).toContain("## JSON shapes");
    const bad = await run(["handbook", "--section", "nope"], { cwd });
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain("workflow, rules, recipes");
  });
});

describe("inject", () => {
  const START = `<!-- taskplain:start v${MANAGED_VERSION} -->`;

  it("creates a missing file, is idempotent, and --check says when it is fresh", async () => {
    const cwd = temp();
    expect((await run(["inject", "AGENTS.md", "--check"], { cwd })).code).toBe(1);
    expect(existsSync(path.join(cwd, "AGENTS.md"))).toBe(false);
    expect((await run(["inject", "AGENTS.md"], { cwd })).code).toBe(0);
    const text = readFileSync(path.join(cwd, "AGENTS.md"), "utf8");
    expect(text.startsWith(`${START}\n`)).toBe(true);
    expect(text.endsWith("<!-- taskplain:end -->\n")).toBe(true);
    const again = await run(["inject", "AGENTS.md"], { cwd });
    expect(again.stdout).toContain("unchanged");
    expect(readFileSync(path.join(cwd, "AGENTS.md"), "utf8")).toBe(text);
    expect((await run(["inject", "AGENTS.md", "--check"], { cwd })).code).toBe(0);
  });

  it("keeps other text byte for byte and replaces a stale block", async () => {
    const cwd = temp();
    const file = path.join(cwd, "CLAUDE.md");
    const before = "# Project rules\r\n\r\nUse tabs.  \r\n";
    const after = "\n## Later\n\nKeep this — exactly.\n";
    writeFileSync(file, `${before}<!-- taskplain:start v0 -->\nold words\n<!-- taskplain:end -->\n${after}`);
    expect((await run(["inject", "CLAUDE.md", "--check"], { cwd })).code).toBe(1);
    const preview = await run(["inject", "CLAUDE.md", "--stdout"], { cwd });
    expect(readFileSync(file, "utf8")).toContain("old words"); // --stdout writes nothing
    expect((await run(["inject", "CLAUDE.md"], { cwd })).stdout).toContain("updated");
    const text = readFileSync(file, "utf8");
    expect(text).toBe(preview.stdout);
    expect(text.startsWith(`${before}${START}\n`)).toBe(true);
    expect(text.endsWith(`<!-- taskplain:end -->\n${after}`)).toBe(true);
    expect(text).not.toContain("old words");

    const plain = path.join(cwd, "NOTES.md");
    writeFileSync(plain, "Some notes without a newline");
    await run(["inject", "NOTES.md"], { cwd });
    expect(readFileSync(plain, "utf8").startsWith(`Some notes without a newline\n\n${START}`)).toBe(true);
  });

  it("refuses a start marker without its end and writes nothing", async () => {
    const cwd = temp();
    const file = path.join(cwd, "AGENTS.md");
    writeFileSync(file, `intro\n${START}\nhalf a block\n`);
    const r = await run(["inject", "AGENTS.md"], { cwd });
    expect(r.code).toBe(5);
    expect(readFileSync(file, "utf8")).toBe(`intro\n${START}\nhalf a block\n`);
  });
});
