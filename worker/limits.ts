/**
 * @module
 * Bounds and lifetimes that only the Worker enforces (the shared ones are in shared/limits.ts).
 * Each has a test at its boundary in test/worker.
 */

/** Access-log rows (marketer reads) are deleted after this many days. */
export const ACCESS_LOG_RETENTION_DAYS = 90;
/**
 * Most access-log rows a site keeps: each append drops the oldest beyond it, so reads at the
 * read budget from many clients cannot grow a site's log without bound (issue 13).
 */
export const MAX_ACCESS_LOG_ROWS = 1_000_000;
/**
 * Access-log rows per Durable Object call: the CSV and the JSON stream page by page, so a full
 * log never crosses RPC's 32 MiB limit (a page is about 1 MiB).
 */
export const ACCESS_LOG_PAGE_ROWS = 10_000;
/** Random bytes in a receipt nonce (128 bits: never guessed, never repeated). */
export const NONCE_BYTES = 16;
/** Shortest RECEIPT_KEY accepted; a short secret would make receipts forgeable. */
export const MIN_SECRET_LENGTH = 32;
/** The rate-limit period in seconds (10 or 60, as the binding allows); also the Retry-After. */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

/**
 * The rate budgets, each its own [[ratelimits]] binding in wrangler.toml with this `limit` per
 * RATE_LIMIT_PERIOD_SECONDS (a test keeps the two in step). Per client (IPv4 address or IPv6
 * /64) unless said otherwise:
 * - write: a visitor's POST and DELETE of assignments (a real visitor sends one or two a visit;
 *   60 leaves room for a household or an office behind one IPv4 address).
 * - read: a marketer's reads of counts and the dashboard (a dashboard view is one read).
 * - signin: dashboard sign-ins, which guess tokens when they fail: 5 a minute.
 * - site: every visitor write of one site, whoever sends it: a flood from many addresses fills
 *   a site's storage no faster than 1,200 writes a minute (1.7 million a day).
 */
export const RATE_BUDGETS = {
  write: { binding: "WRITE_LIMITER", limit: 60 },
  read: { binding: "READ_LIMITER", limit: 120 },
  signin: { binding: "SIGNIN_LIMITER", limit: 5 },
  site: { binding: "SITE_WRITE_LIMITER", limit: 1200 },
} as const;
/** A budget a route spends; `site` is spent by `write` on the site's own key. */
export type RateBudget = Exclude<keyof typeof RATE_BUDGETS, "site">;
/** Browser cache lifetime of the public config (seconds); the ETag makes revalidation cheap. */
export const CONFIG_MAX_AGE_SECONDS = 300;
/** Accept-Language tags the per-site script's route looks at (the rest are ignored). */
export const MAX_ACCEPT_LANGUAGE_TAGS = 16;
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
/** Days of synthetic aggregate history the local demo starts with (worker/counting/synthetic.ts). */
export const SYNTHETIC_DAYS = 60;
/**
 * With noise, a day is released only this long after it ended (UTC): a write that started
 * before midnight reaches its shard well within it, so the first read sees the day complete.
 */
export const RELEASE_DELAY_MS = 5 * 60 * 1000;
/**
 * How long an assignment waits for Cloudflare's siteverify (a site with `proof: "turnstile"`)
 * before it answers 503 proof_unavailable, counting nothing (worker/counting/turnstile.ts).
 */
export const TURNSTILE_VERIFY_TIMEOUT_MS = 5_000;
/**
 * A proof-of-work challenge may be solved and spent within this many ms of its signing; its
 * spent hash is then kept to the start of the UTC day after its expiry (day-rounded).
 */
export const CHALLENGE_TTL_MS = 10 * 60 * 1000;

/**
 * Released cells a counter shard keeps in memory for reads (durable-objects/site-counter.ts):
 * about 60 bytes each, so at most some 12 MB; past it the memory is emptied and refilled.
 */
export const MAX_CACHED_CELLS = 200_000;

/** Spike flags (worker/counting/spikes.ts): a day is `unusual` above this many times the baseline. */
export const SPIKE_FACTOR = 5;
/** The baseline: the median of the shown `added` of this many days before. */
export const SPIKE_BASELINE_DAYS = 14;
/** Fewer shown days before than this, and no day is flagged (no baseline yet). */
export const SPIKE_MIN_DAYS = 7;
