// One temporary folder for the whole run: the OS temp dir of every test file and of every
// process the tests start (TMPDIR), so the temp folders and the lock folders taskplain
// keeps outside git for repositories made there all end up inside it. tests/setup.ts
// removes each file's as it goes; this removes whatever is left when the run ends.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(os.tmpdir(), "taskplain-tests-"));
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
