/**
 * @module
 * Error codes of the HTTP API, shared by the Worker (which answers with them) and the widget
 * (which reads them). Every error on the wire is `{ "error": { code, message, details? } }`
 * (DESIGN.md, "HTTP API v1"); the status of each code lives here so it is written once.
 */

/** Every error code the API can answer with, and its HTTP status. */
export const ERROR_STATUS = {
  /** 400: the body is not valid JSON. */
  bad_json: 400,
  /** 400: a query parameter or path segment is malformed. */
  bad_request: 400,
  /** 400: `?compare=` names fewer than MIN_COMPARE or more than MAX_COMPARE segments. */
  compare_count: 400,
  /** 400: `?compare=` names a segment the site does not have. */
  unknown_segment: 400,
  /** 400: `?compare=` names a segment twice. */
  duplicate_segment: 400,
  /** 401: no marketer credentials, or not valid ones. */
  unauthorized: 401,
  /** 403: credentials for another site, or an origin that may not call this site. */
  forbidden: 403,
  /** 403: the request's Origin is not one of the site's allowed origins. */
  origin_not_allowed: 403,
  /** 404: no such site. */
  unknown_site: 404,
  /** 404: no such route. */
  not_found: 404,
  /** 405: the route exists, the method does not. */
  method_not_allowed: 405,
  /** 409: the receipt's nonce was spent already (replayed replace or retraction). */
  receipt_spent: 409,
  /** 409: a site with this id exists already (POST /v1/sites). */
  site_exists: 409,
  /** 404: no token with this id on the site. */
  unknown_token: 404,
  /** 412: `If-Match` names a version that is no longer the published one. */
  stale_version: 412,
  /** 428: a write of the site config needs `If-Match` with the version it was based on. */
  if_match_required: 428,
  /** 422: a site config that breaks the schema, a check, a limit or the assessment. */
  invalid_config: 422,
  /**
   * 422: the config lowers `shards`: a site's counter objects are only ever added (each holds
   * counts and spent receipts), so `shards` may be raised, never lowered.
   */
  shards_lowered: 422,
  /** 422: a per-site limit is reached (tokens per site). */
  limit_reached: 422,
  /** 413: the body is larger than MAX_BODY_BYTES. */
  body_too_large: 413,
  /** 415: the body is not `application/json`. */
  unsupported_media_type: 415,
  /** 422: a field the schema does not know. */
  unknown_field: 422,
  /** 422: a field the schema requires is missing. */
  missing_field: 422,
  /** 422: a field has the wrong type or shape. */
  invalid_type: 422,
  /** 422: a value is outside its allowed range or length. */
  out_of_range: 422,
  /** 422: an answer names a question the site does not ask. */
  unknown_question: 422,
  /** 422: an answer names an option the question does not have. */
  unknown_option: 422,
  /** 422: a multiple-choice answer repeats an option. */
  duplicate_option: 422,
  /** 422: a consent entry names a purpose the site does not have. */
  unknown_purpose: 422,
  /** 422: the body's policy version is not the site's current one. */
  stale_policy: 422,
  /** 422: the counting purpose was not granted, so nothing may be counted. */
  no_counting_consent: 422,
  /** 422: a question tied to a purpose (explicit consent for sensitive ones) was answered without it. */
  no_purpose_consent: 422,
  /** 422: the receipt's signature does not verify, or it belongs to another site. */
  invalid_receipt: 422,
  /** 422: the receipt is past its expiry. */
  receipt_expired: 422,
  /** 422: the idempotency key was used before with a different body. */
  idempotency_conflict: 422,
  /** 422: an assignment without `proof` (GET …/challenge, then solve it). */
  proof_required: 422,
  /** 422: the proof's challenge is forged, for another site, too easy, or the solution is wrong. */
  invalid_proof: 422,
  /** 422: the proof's challenge is past its expiry: fetch a new one. */
  proof_expired: 422,
  /** 409: the proof's challenge was spent already (every assignment needs a fresh one). */
  proof_spent: 409,
  /**
   * 503: the proof could not be checked now (a site with Turnstile: Cloudflare's siteverify did
   * not answer in time); nothing was counted, try again later. Not a bug of the Worker's, unlike
   * `internal`: a third party the operator chose was down.
   */
  proof_unavailable: 503,
  /** 429: too many requests from this client; see Retry-After. */
  rate_limited: 429,
  /** 500: a bug. The message never carries internals. */
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The codes as a list (schema enums, docs), in the order above. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Builds the error body; `details` is left out when undefined, so JSON stays minimal. */
export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return details === undefined
    ? { error: { code, message } }
    : { error: { code, message, details } };
}
