// The repository lock (quality.md "One writer at a time"; src/storage/lock.ts): a holder
// that keeps it past proper-lockfile's refresh interval is not declared "compromised"
// by its own holder file, and a held lock names its holder.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { lockPathFor, withRepositoryLock } from "../../src/storage/lock.js";
import { fixtureRepo } from "../helpers.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withRepositoryLock", () => {
  it("keeps a lock held longer than one refresh (2.5 s) without dying, then releases it", async () => {
    const root = fixtureRepo();
    dirs.push(root);
    const lockDir = `${lockPathFor(root)}.lock`;
    // A timer that throws would surface here as an uncaught error of this test file.
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      const seen = await withRepositoryLock(
        root,
        async () => {
          const holders = readdirSync(lockDir);
          await sleep(3_200); // past the first refresh at 2.5 s
          return holders;
        },
        { TASKPLAIN_LOCK_TIMEOUT_MS: "2000" },
      );
      expect(seen).toEqual([`holder-${process.pid}`]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(existsSync(lockDir)).toBe(false);
    // and the next writer gets it at once
    const started = Date.now();
    await withRepositoryLock(root, async () => undefined, { TASKPLAIN_LOCK_TIMEOUT_MS: "2000" });
    expect(Date.now() - started).toBeLessThan(1_000);
  }, 15_000);
});
