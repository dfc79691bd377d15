// Runs in every test file: removes the temp folders it made (tests/helpers.ts tempDir)
// and the lock folders taskplain kept for them outside git (storage/lock.ts).
import { rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import { lockPathFor } from "../src/storage/lock.js";
import { createdTempDirs } from "./helpers.js";

afterAll(() => {
  for (const dir of createdTempDirs.splice(0)) {
    const lock = lockPathFor(dir);
    rmSync(dir, { recursive: true, force: true });
    if (!lock.startsWith(dir)) {
      rmSync(lock, { recursive: true, force: true });
      rmSync(`${lock}.lock`, { recursive: true, force: true });
      try {
        rmdirSync(path.dirname(lock)); // taskplain-locks itself, once no repository uses it
      } catch {
        // other lock folders are still there
      }
    }
  }
});
