// The board's default port: stable per repository (a hash of its path), so a bookmark
// keeps working, and the next free one when another process holds it (board.md "Server").
import { createHash } from "node:crypto";

/** First port of the range the default ports are drawn from. */
export const PORT_BASE = 47_000;
/** Size of that range. */
export const PORT_RANGE = 2_000;
/** How many ports after the default are tried when it is taken. */
export const PORT_ATTEMPTS = 20;

/** The default port of a repository root: PORT_BASE + (sha256(root) mod PORT_RANGE). */
export function defaultPort(root: string): number {
  const digest = createHash("sha256").update(root).digest();
  return PORT_BASE + (digest.readUInt32BE(0) % PORT_RANGE);
}

/** Loopback host names the board may bind to; anything else is refused. */
export const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1"] as const;

export const isLoopbackHost = (host: string): boolean => (LOOPBACK_HOSTS as readonly string[]).includes(host);
