// A file's version (src/storage/file-version.ts) is compared with --if-version, cached and
// shown: it must be the first 12 hex digits of the SHA-1 of the file's UTF-8 text.
import { describe, expect, it } from "vitest";
import { fileVersion, sha1Hex } from "../../src/storage/file-version.js";

describe("file versions", () => {
  it("are SHA-1 digests (FIPS 180-4 test vectors), cut to 12 hex digits", () => {
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(fileVersion("abc")).toBe("a9993e364706");
  });

  it("hash the UTF-8 bytes of the text", () => {
    // "é" is c3 a9 in UTF-8 (its Latin-1 byte e9 would give another digest)
    expect(sha1Hex("é")).toBe("bf15be717ac1b080b4f1c456692825891ff5073d");
  });
});
