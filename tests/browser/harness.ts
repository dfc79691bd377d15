// Shared set-up of the browser tests: a seeded repository in a temp folder, the board
// server in-process on a free loopback port, and a Chromium page on it.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createTask } from "../../src/services/create.js";
import { initRepository } from "../../src/services/init.js";
import { Workspace } from "../../src/storage/workspace.js";
import { type BoardServer, startBoardServer } from "../../src/web/server.js";
import { PROJECT, tempDir } from "../helpers.js";

export const ASSETS = path.join(PROJECT, "dist", "web");
export const RESULTS = path.join(PROJECT, "test-results");

/** A title and body that would run script if the board ever rendered them as HTML. */
export const XSS_TITLE = `<img src=x onerror="window.__xss='title'"> Evil title`;
export const XSS_BODY = `## Overview

<script>window.__xss = 'script'</script>
<img src=x onerror="window.__xss='body'">
<a href="javascript:window.__xss='link'">click me</a>

## Acceptance Criteria

- [ ] nothing runs
`;

/** `init --sample` plus a task whose title and body carry script payloads. */
export async function seedRepository(): Promise<string> {
  const root = tempDir("taskplain-board-");
  const ws = openWorkspace(root, { allowMissingTasks: true });
  await initRepository(ws, { sample: true });
  await createTask(ws, {
    title: XSS_TITLE,
    id: "xss-probe",
    state: "ready",
    fields: [["body", XSS_BODY]],
  });
  return root;
}

/** A Workspace on `root` that ignores the caller's environment (TASKPLAIN_ROOT and the like). */
export const openWorkspace = (root: string, options: { allowMissingTasks?: boolean } = {}): Workspace =>
  Workspace.open({ root, cwd: root, env: {}, ...options });

export async function startBoard(root: string): Promise<BoardServer> {
  if (!existsSync(path.join(ASSETS, "index.html"))) {
    throw new Error(`${ASSETS} is missing: run npm run build before the browser tests`);
  }
  return startBoardServer({ workspace: openWorkspace(root), port: 0, assetsDir: ASSETS });
}

/** Opens the board and waits until the first snapshot is on the page. */
export async function openBoard(
  browser: Browser,
  url: string,
  options: { colorScheme?: "light" | "dark"; width?: number; height?: number } = {},
): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1600, height: options.height ?? 1000 },
    colorScheme: options.colorScheme ?? "light",
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(url);
  await page.waitForSelector("body[data-ready]");
  return page;
}

/** Path of task `id`'s file relative to the root (searching every state folder), or null. */
export function taskPath(root: string, id: string): string | null {
  const pattern = new RegExp(`^(\\d{4}-\\d{2}-\\d{2} )?(epic|story|task)-${id}\\.md$`);
  for (const folder of readdirSync(path.join(root, "tasks"))) {
    const dir = path.join(root, "tasks", folder);
    for (const name of readdirSync(dir)) {
      if (pattern.test(name)) return `tasks/${folder}/${name}`;
    }
  }
  return null;
}

export const readTask = (root: string, id: string): string => {
  const rel = taskPath(root, id);
  if (!rel) throw new Error(`no file for ${id}`);
  return readFileSync(path.join(root, rel), "utf8");
};

export function removeRepository(root: string | undefined): void {
  if (root) rmSync(root, { recursive: true, force: true });
}
