/**
 * @module
 * Bounds and lifetimes that only the Worker enforces (the shared ones are in shared/limits.ts).
 * Each has a test at its boundary in test/worker.
 */

/** How long an idempotency key's hash is kept: a retry within this time counts once. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
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
/** Accept-Language tags the per-site script's route looks at (the rest are ignored). */
export const MAX_ACCEPT_LANGUAGE_TAGS = 16;
/** How often the retention alarm runs (ms): daily buckets, so once a day is enough. */
export const ALARM_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** Preflight cache lifetime (seconds). */
export const CORS_MAX_AGE_SECONDS = 600;
