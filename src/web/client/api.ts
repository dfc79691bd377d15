// Talking to the board's server: REST with the page's token (board.md "Server") and
// the /ws stream with reconnection and back-off.
import {
  type ApiErrorBody,
  type ClientMessage,
  type ServerMessage,
  TOKEN_HEADER,
  TOKEN_META,
} from "../api-types.js";

const token = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META}"]`)?.content ?? "";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Sends a request; rejects with ApiError carrying the server's {error:{code,message}}. */
export async function api<T>(
  method: string,
  url: string,
  options: { body?: unknown; version?: string } = {},
): Promise<{ data: T; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (method !== "GET") headers[TOKEN_HEADER] = token;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.version) headers["if-match"] = `"${options.version}"`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, "offline", "the board's server is not reachable");
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const e = (json as ApiErrorBody | undefined)?.error;
    throw new ApiError(response.status, e?.code ?? "http_error", e?.message ?? response.statusText, e?.hint);
  }
  return { data: json as T, headers: response.headers };
}

export type ConnectionStatus = "connecting" | "live" | "offline";

/**
 * Keeps a WebSocket to /ws open: on every (re)connection the server sends a snapshot;
 * after a drop it retries after 0.5 s, doubling up to 10 s.
 */
export function connectLive(
  onMessage: (message: ServerMessage) => void,
  onStatus: (status: ConnectionStatus, retryInMs?: number) => void,
): { reconnectNow(): void; send(message: ClientMessage): void } {
  let delay = 500;
  let timer: number | undefined;
  let socket: WebSocket | undefined;
  const open = () => {
    timer = undefined;
    onStatus("connecting");
    performance.mark("taskplain:ws-connect");
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      performance.mark("taskplain:ws-open");
      delay = 500;
      onStatus("live");
    };
    socket.onmessage = (event) => onMessage(JSON.parse(String(event.data)) as ServerMessage);
    socket.onclose = () => {
      socket = undefined;
      onStatus("offline", delay);
      timer = window.setTimeout(open, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };
  open();
  return {
    reconnectNow() {
      if (socket) return;
      if (timer !== undefined) window.clearTimeout(timer);
      delay = 500;
      open();
    },
    send(message: ClientMessage) {
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    },
  };
}
