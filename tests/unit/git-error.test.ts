// What a failed git call says (storage/git-run.ts gitError): git's error line and its
// advice, on one line, without tabs — not the advice alone.
import { describe, expect, it } from "vitest";
import { gitError } from "../../src/storage/git-run.js";

const failed = (stderr: string, code = 128) => ({ code, stdout: Buffer.alloc(0), stderr });

describe("gitError", () => {
  it("keeps git's fatal line and the advice after it", () => {
    const e = gitError(
      "listing lease refs",
      failed(
        "fatal: detected dubious ownership in repository at '/tmp/r'\nTo add an exception for this directory, call:\n\n\tgit config --global --add safe.directory /tmp/r\n",
      ),
    );
    expect(e.code).toBe("git_error");
    expect(e.message).toBe(
      "listing lease refs failed: fatal: detected dubious ownership in repository at '/tmp/r' / To add an exception for this directory, call: / git config --global --add safe.directory /tmp/r",
    );
  });

  it("without an error line, says the last lines; without any, the exit code", () => {
    expect(gitError("push", failed("one\ntwo\nthree\nfour\n", 1)).message).toBe(
      "push failed: two / three / four",
    );
    expect(gitError("push", failed("", 1)).message).toBe("push failed: exit 1");
  });
});
