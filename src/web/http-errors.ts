// Maps the core's errors to HTTP answers `{error:{code,message,hint}}` (board.md "Server"):
// by category, as every front door does (src/domain/errors.ts).
import { type ErrorCategory, TaskplainError } from "../domain/errors.js";
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

/** HTTP status of each error category: a refused change and an unreadable file are 422. */
export const CATEGORY_STATUS: Record<ErrorCategory, number> = {
  usage: 400,
  not_found: 404,
  conflict: 409,
  refused: 422,
  parse: 422,
  lock: 503,
  io: 500,
};

export const statusOf = (error: TaskplainError): number => CATEGORY_STATUS[error.category];

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
