/**
 * @module
 * Results at boundaries: pure code returns a value or a described failure, never throws at its
 * caller for bad input (exceptions are for bugs).
 */
import type { ErrorCode } from "./errors.ts";

export type Result<T, E = Failure> = { ok: true; value: T } | { ok: false; error: E };

/** A failure that maps one-to-one to an API error body. */
export interface Failure {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: unknown): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});
