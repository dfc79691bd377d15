// A task file's version: the first 12 hex digits of the SHA-1 of its text (UTF-8).
// Loading node:crypto costs a process ~5 ms CPU, more than hashing the few files a
// single-task command reads, so the first files are hashed by the SHA-1 below and
// node:crypto is loaded only once a command has hashed more (a repository-wide read).
import { createRequire } from "node:module";
import { sha1Hex } from "./sha1.js";

/** Files hashed in JavaScript before node:crypto takes over (its one-shot hash is ~3× faster a file). */
const JS_HASHES = 8;

let hashed = 0;
let native: ((text: string) => string) | undefined;

/** The version of a file with this text: the first 12 hex digits of its SHA-1. */
export function fileVersion(text: string): string {
  if (native) return native(text);
  if (hashed++ < JS_HASHES) return sha1Hex(text).slice(0, 12);
  native = nativeSha1();
  return native(text);
}

function nativeSha1(): (text: string) => string {
  const crypto = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  // crypto.hash (Node ≥ 20.12) is the one-shot form, twice as fast over 10,000 files
  return typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha1", text).slice(0, 12)
    : (text) => crypto.createHash("sha1").update(text).digest("hex").slice(0, 12);
}
