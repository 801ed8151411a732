/**
 * @module
 * The one error type of the Worker and the one handler that turns errors into answers
 * (DESIGN.md "HTTP API v1": `{ "error": { code, message, details? } }`). Routes and middleware
 * throw `ApiError`; anything else is a bug, answered as 500 `internal` without internals, and
 * logged with its name and stack frames only: never the request (DESIGN.md invariant 2), and
 * never the error's message, which a parser may fill with what the client sent (issue 13: a
 * malformed sign-in form put the sender's text into the log).
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

/**
 * What of an unexpected error may be logged: its name (TypeError, RangeError…) and the stack's
 * frames (`    at …`: our code's places), without the first line, which repeats the message.
 */
export function loggable(err: unknown): string {
  const name = err instanceof Error ? err.name : typeof err;
  const frames =
    err instanceof Error ? (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)) : [];
  return [name, ...frames].join("\n");
}

/** `app.onError`: ApiError → its answer; anything else → 500 internal, logged without the request. */
export function onError(err: Error, _c: Context): Response {
  if (err instanceof ApiError)
    return errorResponse(err.code, err.message, err.details, err.headers);
  // Only the error's name and frames: never c.req, its headers or its body (invariant 2), never
  // the message.
  console.error("internal error:", loggable(err));
  return errorResponse("internal", "something went wrong on our side");
}

/** `app.notFound`: unknown routes are JSON too. */
export function notFound(_c: Context): Response {
  return errorResponse("not_found", "no such route");
}
