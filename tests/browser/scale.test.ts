// The board at scale (board.md "Scale"): first usable board ≤ 1 s at 1,000 tasks and
// ≤ 2.5 s at 10,000; a drag-and-drop move on disk and on the page ≤ 300 ms at 10,000.
// Corpora come from bench/gen-corpus.mjs; the figures are printed and written to
// test-results/board-scale.json (docs/benchmarks.md quotes them).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoardServer } from "../../src/web/server.js";
import { PROJECT, tempDir } from "../helpers.js";
import { launchChromium } from "./chromium.js";
import { RESULTS, startBoard, taskPath } from "./harness.js";

/**
 * The machine is shared and its speed varies many-fold with the load, so besides the raw
 * times each figure is also given scaled to a 50 ms `node -e 0` floor, as docs/benchmarks.md
 * does for the CLI: the targets are checked on the scaled figures, and both are recorded.
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
  1000: { firstLoadMs: 1000, moveMs: 300 },
  10000: { firstLoadMs: 2500, moveMs: 300 },
} as const;

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

describe.each([1000, 10000] as const)("a repository of %i tasks", (n) => {
  let root: string;
  let server: BoardServer;
  let startMs = 0;

  beforeAll(async () => {
    root = tempDir(`taskplain-board-${n}-`);
    execFileSync(
      process.execPath,
      [path.join(PROJECT, "bench", "gen-corpus.mjs"), root, String(n), "--force"],
      {
        stdio: "ignore",
      },
    );
    const t0 = performance.now();
    server = await startBoard(root);
    startMs = performance.now() - t0;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("loads a usable board and moves a card within the targets", async () => {
    // A first tab starts the browser's renderer; the measured visit is a new tab, as a
    // person opening the board in a running browser. Times are the page's own clock:
    // navigation start → first snapshot rendered; drop → file written and answer applied.
    const warm = await browser.newPage();
    await warm.goto(server.url);
    await warm.waitForSelector("body[data-ready]");
    await warm.close();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    try {
      const floorBefore = nodeFloorMs();
      const outer = performance.now();
      await page.goto(server.url);
      await page.waitForSelector("body[data-ready] .column[data-state='ready'] .card");
      const outerLoadMs = performance.now() - outer;
      const firstLoadMs = Number(await page.getAttribute("body", "data-ready"));

      const candidate = server.store
        .query({ filters: { states: ["ready"], blocked: false }, offset: 0, limit: 1 })
        .tasks.at(0);
      expect(candidate).toBeDefined();
      const id = candidate!.id;
      const before = taskPath(root, id)!;
      // Under heavy load Chromium occasionally loses a synthetic drag before any drop
      // event; that is the harness, not the board, so such a drag is tried once more.
      // A drop that reaches the page and then fails is a failure.
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
      const requests: string[] = [];
      page.on("request", (r) => r.method() !== "GET" && requests.push(`${r.method()} ${r.url()}`));
      const drag = () =>
        page.dragAndDrop(`.card[data-id="${id}"]`, '.column[data-state="in-progress"] .column-cards');
      await drag();
      const dropped = await page
        .waitForSelector("body[data-drops]", { timeout: 3000 })
        .then(() => true)
        .catch(() => false);
      if (!dropped) await drag();
      await page
        .waitForFunction((moved) => document.body.dataset.lastMove?.startsWith(`${moved} `), id)
        .catch(async (error) => {
          const log = await page.evaluate(() => (window as unknown as { dragLog: string[] }).dragLog);
          throw new Error(
            `${(error as Error).message}; drag events: ${log.join(", ")}; requests: ${requests.join(", ")}`,
          );
        });
      const [, outcome, ms] = (await page.getAttribute("body", "data-last-move"))!.split(" ");
      expect(outcome).toBe("ok");
      const moveMs = Number(ms);
      const after = taskPath(root, id);
      expect(after).not.toBe(before);
      expect(after).toMatch(/^tasks\/20-in-progress\//);
      expect(await page.locator(`.column[data-state="in-progress"] .card[data-id="${id}"]`).count()).toBe(1);

      const floorMs = (floorBefore + nodeFloorMs()) / 2;
      const scale = FLOOR_MS / floorMs;
      const row = {
        tasks: n,
        server_start_ms: Math.round(startMs),
        first_load_ms: firstLoadMs,
        first_load_outer_ms: Math.round(outerLoadMs),
        move_ms: moveMs,
        node_floor_ms: Math.round(floorMs),
        first_load_at_floor_ms: Math.round(firstLoadMs * scale),
        move_at_floor_ms: Math.round(moveMs * scale),
        cards_rendered: await page.locator(".card").count(),
        // the machine is shared: the 1-minute load average puts the times in context
        load_average: Number(os.loadavg()[0]!.toFixed(1)),
      };
      figures.push(row);
      console.log(`board at ${n} tasks: ${JSON.stringify(row)}`);
      expect(row.first_load_at_floor_ms).toBeLessThanOrEqual(TARGETS[n].firstLoadMs);
      expect(row.move_at_floor_ms).toBeLessThanOrEqual(TARGETS[n].moveMs);
      expect(existsSync(path.join(root, after!))).toBe(true);
    } finally {
      await page.close();
    }
  });
});
