// The JavaScript SHA-1 (src/storage/sha1.ts) behind a file's version, lease tokens and
// lock folder names must give node:crypto's digest for every text: versions are compared
// with --if-version and cached, tokens and lock names are shared with other builds.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fileVersion } from "../../src/storage/file-version.js";
import { sha1Hex } from "../../src/storage/sha1.js";

const native = (text: string) => createHash("sha1").update(text).digest("hex");

/** Texts around the padding edges (55, 56, 63, 64 bytes …), multi-byte characters, a large file. */
function texts(): string[] {
  const out = ["", "a", "abc", "---\nid: x\n---\n", "é", "日本語のタスク", "emoji 🚀 and \u0000 nul"];
  for (const n of [55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129]) out.push("x".repeat(n), "é".repeat(n));
  let seed = 7;
  const random = (below: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % below;
  };
  for (let i = 0; i < 40; i++) {
    let s = "";
    const length = random(5000);
    for (let j = 0; j < length; j++) s += String.fromCharCode(32 + random(400));
    out.push(s);
  }
  out.push("line of a task file\n".repeat(20_000));
  return out;
}

describe("file versions", () => {
  it("hash as node:crypto's SHA-1 does", () => {
    for (const text of texts()) expect(sha1Hex(text)).toBe(native(text));
  });

  it("are the first 12 hex digits, the same once node:crypto takes over", () => {
    // more texts than are hashed in JavaScript, so both ways are checked
    for (const text of [...texts(), ...texts()]) expect(fileVersion(text)).toBe(native(text).slice(0, 12));
  });
});
