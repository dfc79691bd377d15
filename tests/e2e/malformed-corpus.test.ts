// The malformed-input suite (quality.md "Bad input gets a clear answer"; task-format.md
// "Files as people really write them"). A generated corpus of broken files goes through
// every read command, every single-task write, then `validate --fix` and `validate`:
// readable messages and documented exit codes only, broken files keep their bytes,
// and what --fix leaves behind is only what no tool could repair, each with a hint
// that works. Commands run in-process (runCli); a few run through the built binary too.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ENUM_KEYS } from "../../src/domain/enums.js";
import { type CorpusFile, malformedCorpus } from "../corpus/generate.js";
import { fixtureRepo, type RunResult, run, runBinary } from "../helpers.js";

const DOCUMENTED = new Set([0, 1, 2, 3, 4, 5, 6]);
const corpus = malformedCorpus();
let cwd = "";
const bytesOf = (f: CorpusFile) => readFileSync(path.join(cwd, f.rel));
const original = (f: CorpusFile) =>
  typeof f.content === "string" ? Buffer.from(f.content, "utf8") : f.content;

/** Tallies for docs/reliability.md (printed at the end). */
const tally = { commands: 0, files: corpus.length, kinds: new Set(corpus.map((f) => f.kind)).size };

function expectClean(r: RunResult, what: string): void {
  tally.commands += 1;
  const all = `${r.stdout}\n${r.stderr}`;
  expect(DOCUMENTED.has(r.code), `${what}: exit ${r.code}`).toBe(true);
  expect(all, what).not.toMatch(/unexpected failure|internal_error/);
  expect(all, what).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // a stack frame
  if (r.code !== 0) expect(all.trim().length, `${what}: says why`).toBeGreaterThan(0);
}

beforeAll(() => {
  cwd = fixtureRepo();
  for (const f of corpus) {
    mkdirSync(path.dirname(path.join(cwd, f.rel)), { recursive: true });
    writeFileSync(path.join(cwd, f.rel), f.content);
  }
});

describe("malformed corpus", () => {
  it("every read command answers readably with its documented exit code", async () => {
    const expected: [string[], number[]][] = [
      [["list"], [0]],
      [["list", "--output", "json"], [0]],
      [["list", "--search", "Corpus"], [0]],
      [["tree"], [0]],
      [["tree", "--output", "json"], [0]],
      [["validate"], [1]],
      [["validate", "--output", "json"], [1]],
      [["next"], [0]],
      [["next", "--parallelize", "3", "--output", "json"], [0]],
      [["stats"], [0]],
      [["stats", "--output", "json"], [0]],
    ];
    for (const [args, codes] of expected) {
      const r = await run(args, { cwd });
      expectClean(r, args.join(" "));
      expect(codes, `${args.join(" ")} exit`).toContain(r.code);
    }
    for (const f of corpus) {
      const r = await run(["show", f.id], { cwd });
      expectClean(r, `show ${f.id} (${f.kind})`);
      // a file we cannot read is exit 3 naming the file; a readable one shows (or is not found under a renamed id)
      if (f.unreadable) {
        expect(r.code, `show ${f.id} (${f.kind})`).toBe(3);
        expect(r.stderr).toContain(f.rel);
      } else expect([0, 6], `show ${f.id} (${f.kind})`).toContain(r.code);
    }
    // list names every unreadable file; validate gives each one parse_error with a line where known
    const report = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    const parseErrors = new Set(
      report.errors
        .filter((e: { code: string }) => e.code === "parse_error")
        .map((e: { file: string }) => e.file),
    );
    expect([...parseErrors].sort()).toEqual(
      corpus
        .filter((f) => f.unreadable)
        .map((f) => f.rel)
        .sort(),
    );
    for (const e of report.errors) expect(e.message.length, e.code).toBeGreaterThan(0);
  }, 60_000);

  it("every write succeeds or refuses cleanly, and a refusal changes no byte", async () => {
    const writes = (id: string): [string[], string?][] => [
      [["update", id, "--meta", "labels=touched"]],
      [["update", id, "--field", "overview", "Rewritten."]],
      [["metadata", "set", id], '{"assignees":["ana"]}'],
      [
        [
          "attempt",
          "add",
          id,
          "--tool",
          "t",
          "--status",
          "failed",
          "--started",
          "2026-02-02T00:00:00.000Z",
          "--ended",
          "2026-02-02T00:01:00.000Z",
          "--duration",
          "60",
          "--error",
          "x",
        ],
      ],
      [["move", id, "in-progress"]],
      [["complete", id, "--check-acs", "--commit-message", `feat: ${id}`]],
    ];
    let refused = 0;
    let done = 0;
    for (const [i, f] of corpus.entries()) {
      // each file meets three of the six writes, each write half the corpus
      const all = writes(f.id);
      for (const [args, input] of [all[i % 6]!, all[(i + 2) % 6]!, all[(i + 4) % 6]!]) {
        const before = snapshotTasks(f.rel);
        const r = await run(args, { cwd, input: input });
        expectClean(r, `${args.join(" ")} (${f.kind})`);
        if (r.code === 0) done += 1;
        else {
          refused += 1;
          expect(snapshotTasks(f.rel), `${args.join(" ")} refused (${f.kind}) but changed files`).toEqual(
            before,
          );
        }
      }
    }
    for (const f of corpus.filter((x) => x.unreadable))
      expect(bytesOf(f).equals(original(f)), f.rel).toBe(true);
    Object.assign(tally, { writes: refused + done, refused, accepted: done });
  }, 120_000);

  it("validate --fix repairs what it knows; what is left is unfixable by tools and each hint works", async () => {
    const before = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    const fix = await run(["validate", "--fix", "--rename-files", "--output", "json"], { cwd });
    expectClean(fix, "validate --fix");
    const fixed = JSON.parse(fix.stdout);
    expect(fixed.fixed.length).toBeGreaterThan(0);
    for (const f of corpus.filter((x) => x.unreadable))
      expect(bytesOf(f).equals(original(f)), f.rel).toBe(true);
    const after = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    for (const e of after.errors) {
      expect(e.hint, `${e.code} in ${e.file} has a hint`).toBeTruthy();
      // --fix just ran: a finding that still names it as the repair would be a lie
      expect(e.hint, `${e.code} in ${e.file}`).not.toMatch(/validate --fix/);
    }
    // Run every hint that is a command (placeholders filled the way a user would).
    let ran = 0;
    for (const e of after.errors) {
      const cmd = runnable(e.hint, e.field);
      if (!cmd) continue;
      const r = await run(cmd, { cwd, input: "" });
      expectClean(r, cmd.join(" "));
      expect(r.code, `${cmd.join(" ")}: ${r.stderr}`).toBe(0);
      ran += 1;
    }
    const final = JSON.parse((await run(["validate", "--output", "json"], { cwd })).stdout);
    const left = final.errors.map((e: { code: string; file: string }) => `${e.code} ${e.file}`);
    // what remains needs a person: unreadable files, and choices no tool can make
    for (const e of final.errors)
      expect(
        [
          "parse_error",
          "acceptance_criteria_empty",
          "duplicate_id",
          "acceptance_criteria_format",
          "missing_child",
          "invalid_field",
          "invalid_execution",
          "invalid_timestamp",
          "hierarchy_cycle",
          "file_name_mismatch",
          "invalid_enum",
          "missing_field",
        ],
        left.join("\n"),
      ).toContain(e.code);
    Object.assign(tally, {
      fixedFiles: fixed.fixed.length,
      errorsBeforeFix: before.counts.errors,
      errorsAfterFix: after.counts.errors,
      hintsRun: ran,
      errorsAfterHints: final.counts.errors,
      parseErrors: final.errors.filter((e: { code: string }) => e.code === "parse_error").length,
    });
    console.log(`malformed corpus: ${JSON.stringify(tally)}`);
  }, 60_000);

  it("the built binary answers the corpus the same way", async () => {
    for (const args of [["list"], ["validate"], ["show", "garbage"]]) {
      const r = await runBinary(args, { cwd });
      expectClean(r, `dist ${args.join(" ")}`);
    }
  }, 60_000);
});

/** Every file name under tasks/ with its size and mtime, and the bytes of the file a command is about. */
function snapshotTasks(rel: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const folder of readdirSync(path.join(cwd, "tasks"))) {
    const dir = path.join(cwd, "tasks", folder);
    for (const name of readdirSync(dir)) {
      const st = statSync(path.join(dir, name));
      out[`tasks/${folder}/${name}`] = `${st.size} ${st.mtimeMs}`;
    }
  }
  try {
    out[rel] = readFileSync(path.join(cwd, rel), "latin1");
  } catch {
    out[rel] = "(missing)";
  }
  return out;
}

/** A hint as argv with its placeholders filled, or null when it is not a command to run as is. */
function runnable(hint: string | undefined, field: string | undefined): string[] | null {
  if (!hint?.startsWith("taskplain ") || hint.includes("@") || hint.includes("...")) return null;
  const text = hint.split("   (")[0]!.trim();
  const value = (key: string) =>
    (ENUM_KEYS as Record<string, readonly string[]>)[key]?.[0] ??
    (key.endsWith("_at") ? "2026-02-01T10:00:00.000Z" : key === "title" ? "Chosen" : null);
  let ok = true;
  const filled = text.replace(/--meta ([a-z_]+)=<[^>]+>/g, (_m, key: string) => {
    const v = value(key ?? field ?? "");
    if (v === null) ok = false;
    return `--meta ${key}=${v}`;
  });
  if (!ok || /<[^>]+>/.test(filled)) return null;
  return filled.split(" ").slice(1);
}
