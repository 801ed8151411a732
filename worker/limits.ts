/**
 * @module
 * Bounds and lifetimes that only the Worker enforces (the shared ones are in shared/limits.ts).
 * Each has a test at its boundary in test/worker.
 */

/**
 * An idempotency key's hash is deleted at the start of the UTC day this many days after the
 * request's day: a retry counts once for at least 24 hours (and at most 48), and the stored
 * expiry is a day, never a time that matches the request.
 */
export const IDEMPOTENCY_TTL_DAYS = 2;
/** Access-log rows (marketer reads) are deleted after this many days. */
export const ACCESS_LOG_RETENTION_DAYS = 90;
/** Random bytes in a receipt nonce (128 bits: never guessed, never repeated). */
export const NONCE_BYTES = 16;
/** Shortest RECEIPT_KEY accepted; a short secret would make receipts forgeable. */
export const MIN_SECRET_LENGTH = 32;
/** Requests per client per period on the limited endpoints; mirrors [[ratelimits]] in wrangler.toml. */
export const RATE_LIMIT = 60;
/** The rate-limit period in seconds (10 or 60, as the binding allows); also the Retry-After. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;
/** Browser cache lifetime of the public config (seconds); the ETag makes revalidation cheap. */
export const CONFIG_MAX_AGE_SECONDS = 300;
/** Preflight cache lifetime (seconds). */
export const CORS_MAX_AGE_SECONDS = 600;
/** Days of synthetic aggregate history the local demo starts with (worker/counting/synthetic.ts). */
export const SYNTHETIC_DAYS = 60;
/**
 * With noise, a day is released only this long after it ended (UTC): a write that started
 * before midnight reaches its shard well within it, so the first read sees the day complete.
 */
export const RELEASE_DELAY_MS = 5 * 60 * 1000;
