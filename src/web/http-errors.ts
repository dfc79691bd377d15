// Maps the core's errors to HTTP answers `{error:{code,message,hint}}` (board.md "Server").
// Phase 1 maps exit codes; the core's error categories replace them in phase 2.
import { EXIT, TaskplainError } from "../domain/errors.js";
import type { ApiErrorBody } from "./api-types.js";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Status for a core error: usage 400, not found 404, stale version 409, refusals and unreadable files 422, lock 503. */
export function statusOf(error: TaskplainError): number {
  if (error.code === "stale_version") return 409;
  switch (error.exitCode) {
    case EXIT.usage:
      return 400;
    case EXIT.notFound:
      return 404;
    case EXIT.refused:
    case EXIT.parse:
      return 422;
    case EXIT.lock:
      return 503;
    default:
      return 500;
  }
}

/** The HTTP status and JSON body for anything a route threw. */
export function errorReply(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof HttpError) {
    const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
    if (error.hint) body.error.hint = error.hint;
    return { status: error.status, body };
  }
  if (error instanceof TaskplainError) {
    const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
    if (error.hint) body.error.hint = error.hint;
    return { status: statusOf(error), body };
  }
  // Fastify's own errors: schema validation, body too large, bad JSON, bad content type.
  const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  if (typeof e?.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.validation ? "invalid_body" : (e.code ?? "bad_request").toLowerCase();
    return { status: e.statusCode, body: { error: { code, message: e.message ?? "bad request" } } };
  }
  return {
    status: 500,
    body: {
      error: { code: "internal_error", message: `unexpected failure: ${e?.message ?? String(error)}` },
    },
  };
}
