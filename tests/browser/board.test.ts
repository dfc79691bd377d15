// The board in real Chromium (board.md "How it is tested", issue 12 "Done means"):
// what the page shows, and what reaches the files on disk.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STATES } from "../../src/domain/enums.js";
import { createTask } from "../../src/services/create.js";
import { updateTask } from "../../src/services/update.js";
import { type BoardServer, startBoardServer } from "../../src/web/server.js";
import { PROJECT, runBinary } from "../helpers.js";
import { launchChromium } from "./chromium.js";
import {
  ASSETS,
  openBoard,
  openWorkspace,
  RESULTS,
  readTask,
  removeRepository,
  seedRepository,
  startBoard,
  taskPath,
  XSS_TITLE,
} from "./harness.js";

let browser: Browser;
let root: string;
let server: BoardServer;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(RESULTS, { recursive: true });
});

afterAll(async () => {
  await page?.close();
  await server?.close();
  await browser?.close();
  removeRepository(root);
});

async function freshBoard(query = "", colorScheme: "light" | "dark" = "light"): Promise<Page> {
  await page?.close();
  await server?.close();
  removeRepository(root);
  root = await seedRepository();
  server = await startBoard(root);
  page = await openBoard(browser, `${server.url}${query}`, { colorScheme });
  return page;
}

const card = (id: string) => `.card[data-id="${id}"]`;
const inColumn = (state: string, id: string) => `.column[data-state="${state}"] ${card(id)}`;

describe("the board in Chromium", () => {
  beforeEach(async () => {
    await freshBoard("?canceled=show");
  });

  it("shows every task of the repository in its column", async () => {
    const tasks = server.store.query({ filters: {}, offset: 0, limit: undefined }).tasks;
    expect(tasks.length).toBeGreaterThan(15);
    for (const t of tasks) {
      expect(await page.locator(inColumn(t.state, t.id)).count(), `${t.id} in ${t.state}`).toBe(1);
    }
    for (const state of STATES) {
      const count = tasks.filter((t) => t.state === state).length;
      await expect.poll(() => page.locator(`[data-count="${state}"]`).textContent()).toBe(String(count));
    }
    // cards carry telemetry and acceptance progress
    await expect
      .poll(() => page.locator(`${card("fix-timezone-bug")} .card-telemetry`).textContent())
      .toBe("3 attempts · completed");
    expect(await page.locator(`${card("fix-timezone-bug")} .progress-label`).textContent()).toBe("3/3");
    await page.screenshot({ path: path.join(RESULTS, "board-light.png") });
  });

  it("moves the file on disk when a card is dragged to another column", async () => {
    expect(taskPath(root, "search-suggest")).toBe("tasks/00-idea/task-search-suggest.md");
    await page.dragAndDrop(card("search-suggest"), '.column[data-state="ready"] .column-cards');
    await expect.poll(() => taskPath(root, "search-suggest")).toBe("tasks/10-ready/task-search-suggest.md");
    // the rename comes first, the rewritten content right after it
    await expect.poll(() => readTask(root, "search-suggest")).toMatch(/^state: ready$/m);
    await page.waitForSelector(inColumn("ready", "search-suggest"));
    expect(await page.locator(inColumn("idea", "search-suggest")).count()).toBe(0);
  });

  it("shows a refused drag as a message and puts the card back", async () => {
    // audit-logging is blocked: moving it to in-progress is refused without --force
    await page.dragAndDrop(card("audit-logging"), '.column[data-state="in-progress"] .column-cards');
    await page.waitForSelector(".toast-error");
    expect(await page.locator(".toast-error").textContent()).toContain("blocked");
    await page.waitForSelector(inColumn("ready", "audit-logging"));
    expect(taskPath(root, "audit-logging")).toBe("tasks/10-ready/task-audit-logging.md");
  });

  it("shows a CLI update made while the page is open, without a reload", async () => {
    const marker = await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
      return 42;
    });
    const started = Date.now();
    const result = await runBinary(["update", "flaky-login-test", "--meta", "title=Renamed by the CLI"], {
      cwd: root,
    });
    expect(result.code).toBe(0);
    const cliDone = Date.now();
    await page.waitForFunction(
      () =>
        document.querySelector('.card[data-id="flaky-login-test"] .card-title')?.textContent ===
        "Renamed by the CLI",
      undefined,
      { timeout: 5000 },
    );
    const seen = Date.now();
    console.log(
      `CLI edit reached the page ${seen - cliDone} ms after the CLI exited (${seen - started} ms incl. CLI)`,
    );
    expect(seen - cliDone).toBeLessThan(1000);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);
  });

  it("writes the file when a checkbox is ticked and when metadata is edited", async () => {
    await page.click(card("orders-page"));
    await page.waitForSelector('.detail .markdown input[type="checkbox"]');
    expect(readTask(root, "orders-page")).not.toContain("- [x]");
    await page.locator('.detail .markdown input[type="checkbox"]').first().check();
    await expect.poll(() => readTask(root, "orders-page")).toMatch(/^- \[x\] /m);
    await page.waitForFunction(
      () => document.querySelector('.card[data-id="orders-page"] .progress-label')?.textContent === "1/3",
    );

    await page.selectOption("#meta-priority", "urgent");
    await page.fill("#meta-labels", "frontend, board");
    await page.click(".meta-form button[type=submit]");
    await expect.poll(() => readTask(root, "orders-page")).toMatch(/^priority: urgent$/m);
    expect(readTask(root, "orders-page")).toMatch(/^labels:\n {2}- frontend\n {2}- board$/m);
  });

  it("renders script in a title and body inert", async () => {
    expect(await page.locator(card("xss-probe")).count()).toBe(1);
    expect(await page.locator(`${card("xss-probe")} .card-title`).textContent()).toBe(XSS_TITLE);
    await page.click(card("xss-probe"));
    await page.waitForSelector(".detail .markdown");
    expect(await page.locator(".detail .markdown script").count()).toBe(0);
    expect(await page.locator(".detail .markdown [onerror]").count()).toBe(0);
    await page.click(".detail .markdown a");
    // give any handler that could have run a chance to run: one more round trip to the page
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
  });

  it("takes the 409 path on a stale edit and overwrites nothing", async () => {
    await page.click(card("orders-api"));
    await page.click("[data-edit-body]");
    await page.fill(".body-editor", "## Overview\n\nThe board's stale text.\n");
    const cli = await runBinary(["update", "orders-api", "--meta", "title=Changed by an agent"], {
      cwd: root,
    });
    expect(cli.code).toBe(0);
    const onDisk = readTask(root, "orders-api");
    await page.waitForSelector(".stale-banner:not([hidden])");
    await page.click("[data-save-body]");
    await page.waitForSelector(".toast-warn");
    expect(readTask(root, "orders-api")).toBe(onDisk);
    expect(onDisk).not.toContain("stale text");
    await page.waitForFunction(
      () => document.querySelector(".detail-title")?.textContent === "Changed by an agent",
    );
  });

  it("draws a task's attempts on a timeline, in order, with their statuses", async () => {
    await page.click(card("fix-timezone-bug"));
    await page.waitForSelector(".attempt-bar");
    const statuses = await page
      .locator(".attempt-bar")
      .evaluateAll((bars) =>
        bars.map((b) => ({ status: b.getAttribute("data-status"), x: Number(b.getAttribute("x")) })),
      );
    expect(statuses.map((s) => s.status)).toEqual(["failed", "failed", "completed"]);
    expect(statuses[0]!.x).toBeLessThan(statuses[1]!.x);
    expect(statuses[1]!.x).toBeLessThan(statuses[2]!.x);
    await page.hover('.attempt-bar[data-attempt="1"]');
    const tip = await page.locator(".tooltip").textContent();
    expect(tip).toMatch(/Tool: \S+/);
    expect(tip).toMatch(/Error: /);
    await page.screenshot({ path: path.join(RESULTS, "detail-timeline.png") });
  });

  it("renders the Insights charts from the repository's telemetry", async () => {
    await page.click('[data-view="insights"]');
    await page.waitForSelector(".rate-row");
    expect(await page.locator(".rate-row").count()).toBeGreaterThan(1);
    // a model with a single task is drawn as uncertain, not as 100 %
    expect(await page.locator(".rate-row.uncertain").count()).toBeGreaterThan(0);
    expect(await page.locator(".heatmap td.heat").count()).toBeGreaterThan(0);
    expect(await page.locator('svg[aria-label="execution time by size"] rect.bar').count()).toBeGreaterThan(
      0,
    );
    expect(await page.locator('svg[aria-label="attempts over time"] rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator(".recommend td.rec").count()).toBe(15);
    expect(page.url()).toContain("view=insights");
    await page.screenshot({ path: path.join(RESULTS, "insights.png"), fullPage: true });
  });

  it("opens a card and changes its state with the keyboard alone", async () => {
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("filter");
    await page.keyboard.type("orders");
    // the filter applies (and lands in the URL) once typing pauses
    await page.waitForFunction(() => location.search.includes("q=orders"));
    expect(await page.locator('.card[data-id="flaky-login-test"]').count()).toBe(0);
    await page.keyboard.press("Escape");
    const first = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    expect(first).toBeTruthy();
    await page.keyboard.press("ArrowDown");
    const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(server.store.get(second!)?.state).toBe("ready");
    await page.keyboard.press("m");
    await page.waitForFunction(() => document.activeElement?.getAttribute("aria-checked") === "true");
    await page.keyboard.press("ArrowLeft"); // ready → idea
    await page.keyboard.press("Enter");
    await expect.poll(() => taskPath(root, second!)).toMatch(/^tasks\/00-idea\//);
    await page.keyboard.press("Escape");
    await page.waitForSelector(".detail", { state: "hidden" });
  });

  it("creates a task from a column header", async () => {
    await page.click('[data-create="ready"]');
    await page.fill('dialog input[name="title"]', "Add a dark mode toggle");
    await page.selectOption('dialog select[name="priority"]', "high");
    await page.selectOption('dialog select[name="parent"]', "order-history");
    await page.click('dialog button[value="create"]');
    await page.waitForSelector(inColumn("ready", "add-a-dark-mode-toggle"));
    const text = readTask(root, "add-a-dark-mode-toggle");
    expect(taskPath(root, "add-a-dark-mode-toggle")).toBe("tasks/10-ready/task-add-a-dark-mode-toggle.md");
    expect(text).toMatch(/^priority: high$/m);
    expect(readTask(root, "order-history")).toContain("- add-a-dark-mode-toggle");
  });

  it("completes a task after confirmation, and refuses one that is not finished", async () => {
    // orders-page: all criteria checked and a Changelog bullet, written behind the page's back
    const body = readTask(root, "orders-page").split(/^---$/m).slice(2).join("---");
    const finished = body
      .replaceAll("- [ ]", "- [x]")
      .replace("### Changelog\n", "### Changelog\n\n- Orders page lists past orders.\n");
    await updateTask(openWorkspace(root), {
      id: "orders-page",
      fields: [["body", finished.replace(/^\n/, "")]],
    });
    await page.waitForFunction(
      () => document.querySelector('.card[data-id="orders-page"] .progress-label')?.textContent === "3/3",
    );
    await page.click(card("orders-page"));
    await page.click('[data-action="complete"]');
    await page.fill('dialog input[name="commit_message"]', "feat(orders): orders page  [Task:orders-page]");
    await page.click('dialog button[value="ok"]');
    await expect
      .poll(() => taskPath(root, "orders-page"))
      .toMatch(/^tasks\/30-done\/\d{4}-\d{2}-\d{2} task-orders-page\.md$/);
    await expect.poll(() => readTask(root, "orders-page")).toMatch(/^commit_message: /m);
    await page.waitForSelector(inColumn("done", "orders-page"));
    await page.click(".detail [data-close]");

    await page.click(card("orders-api"));
    await page.click('[data-action="complete"]');
    await page.click('dialog button[value="ok"]');
    await page.waitForSelector(".toast-error");
    expect(await page.locator(".toast-error").last().textContent()).toContain("cannot be done yet");
    expect(taskPath(root, "orders-api")).toBe("tasks/10-ready/task-orders-api.md");
  });

  it("deletes a task only after confirmation", async () => {
    await page.click(card("search-suggest"));
    await page.click('[data-action="delete"]');
    await page.click("dialog button[value='']"); // Cancel
    expect(taskPath(root, "search-suggest")).not.toBeNull();
    await page.click('[data-action="delete"]');
    await page.click('dialog button[value="ok"]');
    await expect.poll(() => taskPath(root, "search-suggest")).toBeNull();
    await page.waitForSelector(card("search-suggest"), { state: "detached" });
  });

  it("shows the connection going away and comes back live on its own", async () => {
    await page.waitForSelector(".connection.live");
    const port = server.port;
    await server.close();
    await page.waitForSelector(".connection.offline");
    expect(await page.locator(".connection-text").textContent()).toMatch(/Offline — retrying in \d+ s/);
    server = await startBoardServer({ workspace: openWorkspace(root), port, assetsDir: ASSETS });
    await page.waitForSelector(".connection.live", { timeout: 15_000 });
    const cli = await runBinary(["update", "flaky-login-test", "--meta", "title=After the restart"], {
      cwd: root,
    });
    expect(cli.code).toBe(0);
    await page.waitForFunction(
      () =>
        document.querySelector('.card[data-id="flaky-login-test"] .card-title')?.textContent ===
        "After the restart",
    );
  });

  it("finds a done task beyond the first page when filtering, and loads more on request", async () => {
    const ws = openWorkspace(root);
    for (let i = 0; i < 55; i++) {
      await createTask(ws, {
        title: `Archived chore ${i}`,
        id: `archived-${String(i).padStart(2, "0")}`,
        state: "done",
      });
    }
    await createTask(ws, { title: "Needle in the archive", id: "zzz-needle", state: "done" });
    // the open page hears of all of them live; then a fresh visit starts from the snapshot
    await page.waitForFunction(() => document.querySelector('[data-count="done"]')?.textContent === "60");
    await page.reload();
    await page.waitForSelector("body[data-ready]");
    const total = server.store.totals().done;
    expect(total).toBe(60);
    expect(await page.locator('.column[data-state="done"] .card').count()).toBe(50);
    expect(await page.locator(card("zzz-needle")).count()).toBe(0);
    expect(await page.locator('[data-load="done"]').textContent()).toBe(
      `Load more (${total - 50} not loaded)`,
    );

    await page.fill("#filter", "needle");
    await page.waitForSelector(inColumn("done", "zzz-needle"));
    expect(await page.locator('.column[data-state="done"] .card').count()).toBe(1);

    await page.click("button.button.ghost.small"); // Clear
    await page.click('[data-load="done"]');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.column[data-state="done"] .card').length === n,
      total,
    );
  });

  it("saves screenshots of the board in the dark theme", async () => {
    await freshBoard("", "dark");
    await page.screenshot({ path: path.join(RESULTS, "board-dark.png") });
    expect(existsSync(path.join(RESULTS, "board-dark.png"))).toBe(true);
  });
});

// Keeps docs/images current when asked: TASKPLAIN_UPDATE_SCREENSHOTS=1 npx vitest run tests/browser
afterAll(() => {
  if (process.env.TASKPLAIN_UPDATE_SCREENSHOTS !== "1") return;
  const images = path.join(PROJECT, "docs", "images");
  mkdirSync(images, { recursive: true });
  for (const name of ["board-light.png", "board-dark.png", "detail-timeline.png", "insights.png"]) {
    if (existsSync(path.join(RESULTS, name))) copyFileSync(path.join(RESULTS, name), path.join(images, name));
  }
});
