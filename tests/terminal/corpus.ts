// A repository that stresses human output: the sample set plus titles in CJK, emoji,
// combining accents, a tab and a very long one, attempts with wide error text and a file
// with findings. Commands run in-process through runCli with a buffer-backed Io and a
// fixed clock, so every output is reproducible.
import { rmSync } from "node:fs";
import type { Io } from "../../src/cli/context.js";
import { runCli } from "../../src/cli/program.js";
import { displayWidth, graphemes } from "../../src/cli/ui/width.js";
import { taskText, tempDir, writeTask } from "../helpers.js";

/** The fixed "now" of the corpus (the sample's tasks date from October 2026). */
export const NOW = Date.parse("2026-11-29T12:00:00.000Z");

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface CliOptions {
  width?: number;
  tty?: boolean;
  env?: Record<string, string>;
  stdin?: string;
}

export async function cli(dir: string, args: string[], options: CliOptions = {}): Promise<CliResult> {
  let out = "";
  let err = "";
  const io: Io = {
    out: (t) => {
      out += typeof t === "string" ? t : Buffer.from(t).toString("utf8");
    },
    err: (t) => {
      err += t;
    },
    readStdin: async () => options.stdin ?? "",
    stdoutIsTTY: options.tty ?? false,
    columns: options.tty ? options.width : undefined,
    env: { ...(options.width && !options.tty ? { COLUMNS: String(options.width) } : {}), ...options.env },
    cwd: dir,
    clock: { now: () => NOW },
  };
  const code = await runCli(args, "0.0.0-test", io);
  return { code, out, err };
}

export const TITLES = {
  cjk: "日本語のタイトル とても長いタイトルがここに続きます。さらに続きます",
  emoji: "🚀 Launch the rocket 🎉 with emoji 👩‍👩‍👧‍👦 everywhere",
  accents: "Cafe\u0301 cre\u0300me bru\u0302le\u0301e: combining accents",
  long: `A very long title ${"that keeps going ".repeat(9)}until the end`,
  tab: "Tab\tinside the title",
};

/** Builds the corpus in a new temp folder; returns the folder and the ids it made. */
export async function buildCorpus(): Promise<{ dir: string; ids: Record<keyof typeof TITLES, string> }> {
  const dir = tempDir("taskplain-terminal-");
  const must = async (args: string[], stdin?: string) => {
    const r = await cli(dir, args, { stdin });
    if (r.code !== 0) throw new Error(`taskplain ${args.join(" ")} exited ${r.code}: ${r.err}`);
    return r;
  };
  try {
    await must(["init", "--sample"]);
    const plainNew = async (args: string[]) => {
      const r = await must(["new", ...args, "--output", "json"]);
      return (JSON.parse(r.out) as { id: string }).id;
    };
    const ids = {
      cjk: await plainNew([
        "--title",
        TITLES.cjk,
        "--parent",
        "payment-form",
        "--meta",
        "blocked=レビュー待ち (waiting on the review)",
        "--state",
        "ready",
        "--priority",
        "high",
      ]),
      emoji: await plainNew([
        "--title",
        TITLES.emoji,
        "--priority",
        "urgent",
        "--state",
        "ready",
        "--meta",
        "touches=src/🚀/**",
      ]),
      accents: await plainNew(["--title", TITLES.accents, "--priority", "high"]),
      long: await plainNew([
        "--title",
        TITLES.long,
        "--priority",
        "low",
        "--state",
        "ready",
        "--parent",
        "order-history",
      ]),
      tab: await plainNew(["--title", TITLES.tab, "--state", "in-progress"]),
    };
    await must([
      "attempt",
      "add",
      ids.cjk,
      "--tool",
      "claude-code",
      "--model",
      "claude-sonnet-4",
      "--status",
      "failed",
      "--started",
      "2026-11-26T09:00:00Z",
      "--duration",
      "380",
      "--error",
      "テストが2件失敗しました: TypeError in the 日本語 module with a long message that goes on",
    ]);
    await must([
      "attempt",
      "add",
      ids.cjk,
      "--tool",
      "codex",
      "--status",
      "completed",
      "--started",
      "2026-11-28T10:00:00Z",
      "--duration",
      "7260",
    ]);
    writeTask(
      dir,
      "tasks/10-ready/task-broken-priority.md",
      taskText({
        id: "broken-priority",
        title: "壊れた優先度 with a priority nobody knows",
        kind: "task",
        state: "ready",
        priority: "someday",
        created_at: "2026-11-01T00:00:00.000Z",
        updated_at: "2026-11-01T00:00:00.000Z",
      }),
    );
    return { dir, ids };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Display columns of a line, one entry per column ("" for the second half of a wide character). */
export function columnsOf(line: string): string[] {
  const cells: string[] = [];
  for (const g of graphemes(line)) {
    const w = displayWidth(g);
    if (w === 0) {
      if (cells.length > 0) cells[cells.length - 1] += g;
      continue;
    }
    cells.push(g);
    for (let i = 1; i < w; i++) cells.push("");
  }
  return cells;
}

/** Start column of each dash run in a table's rule line. */
export function ruleStarts(rule: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < rule.length; i++)
    if (rule[i] === "-" && (i === 0 || rule[i - 1] === " ")) starts.push(i);
  return starts;
}

/** The display column where the first of `words` starts in `line`, or -1. */
export function columnOfWord(line: string, words: readonly string[]): number {
  const cols = columnsOf(line);
  for (let c = 0; c < cols.length; c++) {
    if (c > 0 && cols[c - 1] !== " ") continue;
    for (const w of words) {
      const text = cols.slice(c, c + w.length).join("");
      const after = cols[c + w.length];
      if (text === w && (after === undefined || after === " ")) return c;
    }
  }
  return -1;
}
