// Runs in every test file: removes the temp folders it made (tests/helpers.ts tempDir)
// and the lock folders taskplain kept for them outside git (storage/lock.ts), including
// those of repositories a test made in a sub-folder of its temp folder.
import { type Dirent, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import { lockPathFor } from "../src/storage/lock.js";
import { createdTempDirs } from "./helpers.js";

/** `dir` and the folders under it (a few levels down) that hold a tasks/ folder. */
function repositoriesIn(dir: string, depth = 3): string[] {
  const found = [dir];
  const walk = (folder: string, left: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    const folders = entries.filter((e) => e.isDirectory());
    if (folder !== dir && folders.some((e) => e.name === "tasks")) found.push(folder);
    if (left === 0) return;
    for (const e of folders)
      if (e.name !== "tasks" && e.name !== ".git" && e.name !== "node_modules")
        walk(path.join(folder, e.name), left - 1);
  };
  walk(dir, depth);
  return found;
}

afterAll(() => {
  for (const dir of createdTempDirs.splice(0)) {
    const locks = repositoriesIn(dir)
      .map((root) => lockPathFor(root))
      .filter((lock) => !lock.startsWith(dir));
    rmSync(dir, { recursive: true, force: true });
    for (const lock of locks) {
      rmSync(lock, { recursive: true, force: true });
      rmSync(`${lock}.lock`, { recursive: true, force: true });
    }
  }
});
