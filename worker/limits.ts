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
/** How often the retention alarm runs (ms): daily buckets, so once a day is enough. */
export const ALARM_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** Preflight cache lifetime (seconds). */
export const CORS_MAX_AGE_SECONDS = 600;

// ---- The site store (worker/sites) -------------------------------------------------------------
/** Largest site config accepted by POST /v1/sites and PUT .../admin/config, in bytes of JSON. */
export const MAX_CONFIG_BYTES = 64 * 1024;
/** Sites one operator call may create: one config per POST, so a failure names its one site. */
export const MAX_SITES_PER_OPERATOR_CALL = 1;
/** Live tokens per site (owner, marketer and auditor together). */
export const MAX_TOKENS_PER_SITE = 50;
/** Published versions kept per site for restore; older configs are deleted, their change-log entries stay. */
export const MAX_VERSIONS_KEPT = 50;
/** How long an isolate serves a site config without asking again (ms). */
export const SITE_CACHE_TTL_MS = 20_000;
/**
 * How long the Cache API's pointer "site → published version" is trusted (ms). With the isolate's
 * TTL this bounds how long an old version can be served after a publish: 20 s + 30 s < 60 s.
 */
export const SITE_POINTER_TTL_MS = 30_000;
/** The promise of the issue: a published change is live everywhere within this time (ms). */
export const PUBLISH_LIVE_WITHIN_MS = 60_000;
