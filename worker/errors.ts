/**
 * @module
 * The one error type of the Worker and the one handler that turns errors into answers
 * (DESIGN.md "HTTP API v1": `{ "error": { code, message, details? } }`). Routes and middleware
 * throw `ApiError`; anything else is a bug, answered as 500 `internal` without internals, and
 * logged with its message and stack only, never the request (DESIGN.md invariant 2).
 */
import type { Context } from "hono";
import { ERROR_STATUS, type ErrorCode, errorBody } from "../shared/errors.ts";
import type { Failure } from "../shared/result.ts";

/** An API error: the code decides the status (shared/errors.ts ERROR_STATUS). */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    details?: unknown,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
    this.headers = headers;
  }

  /** From a shared validation failure (shared/result.ts). */
  static from(failure: Failure): ApiError {
    return new ApiError(failure.code, failure.message, failure.details);
  }
}

/** The JSON error answer for `code`. */
export function errorResponse(
  code: ErrorCode,
  message: string,
  details?: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(errorBody(code, message, details)), {
    status: ERROR_STATUS[code],
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      ...headers,
    },
  });
}

/** `app.onError`: ApiError → its answer; anything else → 500 internal, logged without the request. */
export function onError(err: Error, _c: Context): Response {
  if (err instanceof ApiError)
    return errorResponse(err.code, err.message, err.details, err.headers);
  // Only the error itself: never c.req, its headers or its body (DESIGN.md invariant 2).
  console.error("internal error:", err.message, err.stack);
  return errorResponse("internal", "something went wrong on our side");
}

/** `app.notFound`: unknown routes are JSON too. */
export function notFound(_c: Context): Response {
  return errorResponse("not_found", "no such route");
}
