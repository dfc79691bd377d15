// The board at scale (board.md "Scale"): first usable board ≤ 1 s at 1,000 tasks and
// ≤ 2.5 s at 10,000; a drag-and-drop move on disk and on the page ≤ 300 ms at 10,000; a
// CLI edit on an open page ≤ 1 s. Corpora come from bench/gen-corpus.mjs, committed to
// git as a real repository is (so a move is a `git mv`); the figures are printed and
// written to test-results/board-scale.json (docs/benchmarks.md quotes them).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoardServer } from "../../src/web/server.js";
import { PROJECT, runBinary, tempDir } from "../helpers.js";
import { launchChromium } from "./chromium.js";
import { RESULTS, startBoard, taskPath } from "./harness.js";

/**
 * The machine is shared and its speed varies many-fold with the load, so the raw times
 * are printed with the load average and the time of `node -e 0` taken at the same moment,
 * and each is also given scaled to a 50 ms `node -e 0` floor, as docs/benchmarks.md does
 * for the CLI. The targets are checked on the scaled figures (a busy machine would fail
 * raw ones for reasons that are not the board's); both are recorded.
 */
const FLOOR_MS = 50;

/** Median wall time of `node -e 0` over five runs, now. */
function nodeFloorMs(): number {
  const times = Array.from({ length: 5 }, () => {
    const t = performance.now();
    execFileSync(process.execPath, ["-e", "0"]);
    return performance.now() - t;
  }).sort((a, b) => a - b);
  return times[2]!;
}

const TARGETS = {
  1000: { firstLoadMs: 1000, moveMs: 300, cliEditMs: 1000 },
  10000: { firstLoadMs: 2500, moveMs: 300, cliEditMs: 1000 },
} as const;

/** Moves measured per size: the first one after the page loads, then a few more (median). */
const MOVES = 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const loadAverage = () => Number(os.loadavg()[0]!.toFixed(2));

let browser: Browser;
const figures: Record<string, unknown>[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (figures.length > 0) {
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, "board-scale.json"), `${JSON.stringify(figures, null, 2)}\n`);
  }
});

/** The corpus as a repository that has lived a while: files older than git's index, all committed. */
function seedCorpus(root: string, n: number): void {
  execFileSync(
    process.execPath,
    [path.join(PROJECT, "bench", "gen-corpus.mjs"), root, String(n), "--force"],
    {
      stdio: "ignore",
    },
  );
  // a minute old: git's index then trusts the files' stats (no "racily clean" entries to re-read)
  const past = new Date(Date.now() - 60_000);
  for (const folder of readdirSync(path.join(root, "tasks"))) {
    for (const name of readdirSync(path.join(root, "tasks", folder))) {
      utimesSync(path.join(root, "tasks", folder, name), past, past);
    }
  }
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "corpus");
}

/**
 * Drags card `id` to the in-progress column and waits for the page's own measure of it:
 * drop → file written and the server's answer applied, and the server's share (ms).
 */
async function dragToInProgress(page: Page, id: string): Promise<{ ms: number; serverMs: number }> {
  await page.evaluate(() => document.body.removeAttribute("data-drops"));
  const drag = () =>
    page.dragAndDrop(`.card[data-id="${id}"]`, '.column[data-state="in-progress"] .column-cards');
  // Under heavy load Chromium occasionally loses a synthetic drag before any drop event
  // (dragstart, then dragend at the source); that is the harness, not the board, so such
  // a drag is tried again, up to three times. A drop that reaches the page and then fails
  // is a failure.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await drag();
    const dropped = await page
      .waitForSelector("body[data-drops]", { timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    if (dropped) break;
  }
  await page
    .waitForFunction((moved) => document.body.dataset.lastMove?.startsWith(`${moved} `), id)
    .catch(async (error) => {
      const log = await page.evaluate(() => (window as unknown as { dragLog: string[] }).dragLog);
      throw new Error(`${(error as Error).message}; drag events: ${log.join(", ")}`);
    });
  const [, outcome, ms, serverMs] = (await page.getAttribute("body", "data-last-move"))!.split(" ");
  expect(outcome).toBe("ok");
  return { ms: Number(ms), serverMs: Number(serverMs) };
}

describe.each([1000, 10000] as const)("a repository of %i tasks", (n) => {
  let root: string;
  let server: BoardServer;
  let startMs = 0;

  beforeAll(async () => {
    root = tempDir(`taskplain-board-${n}-`);
    seedCorpus(root, n);
    const t0 = performance.now();
    server = await startBoard(root);
    startMs = performance.now() - t0;
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("loads a usable board, moves cards and shows a CLI edit within the targets", async () => {
    // A first tab starts the browser's renderer; the measured visit is a new tab, as a
    // person opening the board in a running browser. Times are the page's own clock:
    // navigation start → first snapshot rendered; drop → file written and answer applied.
    const warm = await browser.newPage();
    await warm.goto(server.url);
    await warm.waitForSelector("body[data-ready]");
    await warm.close();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      const loadBefore = loadAverage();
      const floorBefore = nodeFloorMs();
      const outer = performance.now();
      await page.goto(server.url);
      await page.waitForSelector("body[data-ready] .column[data-state='ready'] .card");
      const outerLoadMs = performance.now() - outer;
      const firstLoadMs = Number(await page.getAttribute("body", "data-ready"));

      await page.evaluate(() => {
        const log: string[] = [];
        (window as unknown as { dragLog: string[] }).dragLog = log;
        for (const type of ["dragstart", "drop", "dragend"]) {
          document.addEventListener(
            type,
            (e) => {
              log.push(
                `${type}@${(e.target as HTMLElement).closest?.("[data-state]")?.getAttribute("data-state")}`,
              );
              if (type === "drop") document.body.setAttribute("data-drops", "1");
            },
            true,
          );
        }
      });
      const candidates = server.store
        .query({ filters: { states: ["ready"], blocked: false }, offset: 0, limit: MOVES })
        .tasks.map((t) => t.id);
      expect(candidates).toHaveLength(MOVES);
      const moves: number[] = [];
      const serverShares: number[] = [];
      for (const id of candidates) {
        const before = taskPath(root, id)!;
        const { ms, serverMs } = await dragToInProgress(page, id);
        moves.push(ms);
        serverShares.push(serverMs);
        const after = taskPath(root, id);
        expect(after).not.toBe(before);
        expect(after).toMatch(/^tasks\/20-in-progress\//);
        expect(existsSync(path.join(root, after!))).toBe(true);
        expect(await page.locator(`.column[data-state="in-progress"] .card[data-id="${id}"]`).count()).toBe(
          1,
        );
      }

      // An agent's CLI edit while the page is open: CLI exit → the card shows it.
      const edited = candidates[0]!;
      const title = `Edited by an agent at ${n}`;
      const cliStart = performance.now();
      const cli = await runBinary(["update", edited, "--meta", `title=${title}`], { cwd: root });
      expect(cli.code).toBe(0);
      const cliDone = performance.now();
      await page.waitForFunction(
        ([id, text]) => document.querySelector(`.card[data-id="${id}"] .card-title`)?.textContent === text,
        [edited, title] as const,
        { timeout: 10_000, polling: 10 },
      );
      const seen = performance.now();

      const floorMs = (floorBefore + nodeFloorMs()) / 2;
      const scale = FLOOR_MS / floorMs;
      const moveMs = median(moves.slice(1));
      const cliEditMs = Math.round(seen - cliDone);
      const row = {
        tasks: n,
        // the machine is shared: the 1-minute load average and node's floor put the times in context
        load_average: [loadBefore, loadAverage()],
        cpus: os.cpus().length,
        node_floor_ms: Math.round(floorMs),
        server_start_ms: Math.round(startMs),
        first_load_ms: firstLoadMs,
        first_load_outer_ms: Math.round(outerLoadMs),
        first_move_ms: moves[0],
        move_ms: moveMs,
        moves_ms: moves,
        // of which the server (request in → answer out: lock, git mv, write, index, push)
        moves_server_ms: serverShares,
        cli_edit_ms: cliEditMs,
        cli_edit_with_cli_ms: Math.round(seen - cliStart),
        first_load_at_floor_ms: Math.round(firstLoadMs * scale),
        first_move_at_floor_ms: Math.round(moves[0]! * scale),
        move_at_floor_ms: Math.round(moveMs * scale),
        cli_edit_at_floor_ms: Math.round(cliEditMs * scale),
        cards_rendered: await page.locator(".card").count(),
      };
      figures.push(row);
      console.log(
        `board at ${n} tasks (raw, load ${row.load_average.join(" → ")} on ${row.cpus} cores, node -e 0 ${row.node_floor_ms} ms): ` +
          `first load ${firstLoadMs} ms, first move ${moves[0]} ms, moves ${moves.join("/")} ms (median ${moveMs}; ` +
          `server ${serverShares.join("/")} ms), ` +
          `CLI edit ${cliEditMs} ms after the CLI exited, server start ${row.server_start_ms} ms`,
      );
      console.log(`board at ${n} tasks: ${JSON.stringify(row)}`);
      expect(row.first_load_at_floor_ms).toBeLessThanOrEqual(TARGETS[n].firstLoadMs);
      expect(row.first_move_at_floor_ms).toBeLessThanOrEqual(TARGETS[n].moveMs);
      expect(row.move_at_floor_ms).toBeLessThanOrEqual(TARGETS[n].moveMs);
      expect(row.cli_edit_at_floor_ms).toBeLessThanOrEqual(TARGETS[n].cliEditMs);
    } finally {
      await page.close();
    }
  });
});
