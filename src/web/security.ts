// Request guards of the board (board.md "Security"): a Host check against DNS
// rebinding on every request, and on every write the per-process token and an Origin
// that is the page's own. Pure functions of the request's headers, so each rule is
// testable alone; server.ts runs them in an onRequest hook.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { TOKEN_HEADER } from "./api-types.js";
import { HttpError } from "./http-errors.js";

/** A fresh random token for this process (32 bytes, hex). */
export const newToken = (): string => randomBytes(32).toString("hex");

/** The Host header values the board answers to: the loopback names with the port it serves. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface GuardInput {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

const header = (h: GuardInput["headers"], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Throws an HttpError (403) when a request must be refused:
 * - `Host` is not one of `hosts` (a page on another name resolving to 127.0.0.1 cannot talk to us);
 * - a write (any method but GET/HEAD/OPTIONS) lacks the token header or carries another token;
 * - a write's `Origin` is missing or is not `http://<Host>`;
 * - a WebSocket upgrade (`/ws`) comes with a foreign `Origin`.
 */
export function guardRequest(req: GuardInput, options: { hosts: Set<string>; token: string }): void {
  const host = header(req.headers, "host");
  if (!host || !options.hosts.has(host.toLowerCase())) {
    throw new HttpError(
      403,
      "host_refused",
      `Host "${host ?? ""}" is not served here; open the board at http://127.0.0.1:<port>/`,
    );
  }
  const origin = header(req.headers, "origin");
  const ownOrigin = `http://${host.toLowerCase()}`;
  if (req.method === "GET" && (req.url === "/ws" || req.url.startsWith("/ws?"))) {
    if (origin !== undefined && origin.toLowerCase() !== ownOrigin) {
      throw new HttpError(403, "origin_refused", `Origin "${origin}" may not connect`);
    }
    return;
  }
  if (SAFE_METHODS.has(req.method)) return;
  const token = header(req.headers, TOKEN_HEADER);
  if (!token || !sameToken(token, options.token)) {
    throw new HttpError(
      403,
      "token_refused",
      `writes need the board's token in the ${TOKEN_HEADER} header (reload the page if the server restarted)`,
    );
  }
  if (!origin || origin.toLowerCase() !== ownOrigin) {
    throw new HttpError(
      403,
      "origin_refused",
      `writes must come from the board's own page (Origin ${ownOrigin})`,
    );
  }
}
