/**
 * @module
 * Every bound the project enforces, in one place, each with a test (test/shared, test/worker).
 * The Worker checks requests against these before it touches a count; the config check
 * (`npm run check-config`) checks site configs against them.
 */

/** Largest request body the Worker reads, in bytes (DESIGN.md: 413 over 16 KiB). */
export const MAX_BODY_BYTES = 16 * 1024;
/** Longest id (site, purpose, question, option, segment). */
export const MAX_ID_LENGTH = 64;
/** Longest human-readable text in a site config (labels, descriptions). */
export const MAX_TEXT_LENGTH = 1000;
/** Most purposes in a site config. */
export const MAX_PURPOSES = 16;
/** Most questions in a site config. */
export const MAX_QUESTIONS = 32;
/** Most options of one single- or multiple-choice question. */
export const MAX_OPTIONS = 32;
/** Most steps of a scale question ((max - min) / step + 1). */
export const MAX_SCALE_STEPS = 21;
/** Most segments in a site config (DESIGN.md budgets an assignment at 100 segments). */
export const MAX_SEGMENTS = 200;
/**
 * Most declared overlaps (`overlaps`: pairs of segments counted together, as a segment with an
 * `and` rule). Each pair is one more count a contribution can touch (shared/privacy-budget.ts).
 */
export const MAX_OVERLAPS = 16;
/**
 * Most segments whose answer distributions are counted (`breakdowns`). Each one adds, to what a
 * contribution can touch, as many counts as it can select options over all questions.
 */
export const MAX_BREAKDOWNS = 4;
/**
 * The most counts one contribution can be in under any config the schema allows (respondents,
 * every segment and overlap, every option, and every option per breakdown): the bound of
 * `maxEpsilonPerContribution` is MAX_DP_EPSILON times this.
 */
export const MAX_COUNTS_PER_CONTRIBUTION =
  1 + MAX_SEGMENTS + MAX_OVERLAPS + MAX_QUESTIONS * MAX_OPTIONS * (1 + MAX_BREAKDOWNS);
/** Segments one `?compare=` read puts side by side: two to four. */
export const MIN_COMPARE = 2;
export const MAX_COMPARE = 4;
/** Decimals of a share and of a relative change (0.125 = 12.5 %): noise is coarser than 0.1 %. */
export const SHARE_DECIMALS = 3;
/** Most allowed origins of a site. */
export const MAX_ORIGINS = 32;
/** Most locales of a site config. */
export const MAX_LOCALES = 16;
/** Length bounds of a client-chosen idempotency key (only its hash is ever stored). */
export const MIN_IDEMPOTENCY_KEY_LENGTH = 16;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;
/**
 * Longest receipt string the Worker will try to verify. A receipt lists every count its
 * contribution is in (segments, respondents, options, overlaps, breakdowns: issue 14), so the
 * config check refuses a config whose longest receipt would not fit (shared/counting-keys.ts
 * receiptLengthBound); 8 KiB leaves half the 16 KiB body for the rest of a replace.
 */
export const MAX_RECEIPT_LENGTH = 8192;
/** Longest policy version string. */
export const MAX_POLICY_VERSION_LENGTH = 64;
/** Consent lifetime bounds in months (DESIGN.md invariant 6: default 12, at most 13). */
export const DEFAULT_CONSENT_MONTHS = 12;
export const MAX_CONSENT_MONTHS = 13;
/** Counting window in days (DESIGN.md "Counting model": default 30). */
export const DEFAULT_WINDOW_DAYS = 30;
export const MAX_WINDOW_DAYS = 90;
/** Retention of daily buckets in days; never shorter than the window. */
export const DEFAULT_RETENTION_DAYS = 90;
export const MAX_RETENTION_DAYS = 730;
/** Suppression threshold k (DESIGN.md invariant 5: default 10). */
export const DEFAULT_K = 10;
export const MIN_K = 2;
export const MAX_K = 1000;
/** Differential-privacy epsilon bounds: per contribution per segment (shared/privacy-budget.ts). */
export const MIN_DP_EPSILON = 0.01;
export const MAX_DP_EPSILON = 10;
/** Noise is on by default (DESIGN.md invariant 5): this epsilon per contribution per segment. */
export const DEFAULT_DP_EPSILON = 1;
/** dpEpsilon is a whole number of thousandths, so the noise scales are exact rationals. */
export const EPSILON_DENOMINATOR = 1000;
/** The widget refreshes its contribution when the receipt is this many days old. */
export const RECEIPT_REFRESH_DAYS = 7;
/** The span of the per-visitor budget: one year. */
export const YEAR_DAYS = 365;
/**
 * Counter objects per site (DESIGN.md: shard the counters, sum on read): a site's `shards` may
 * be raised up to MAX_SHARDS, never lowered (worker/counting/shards.ts).
 */
export const DEFAULT_SHARDS = 4;
export const MAX_SHARDS = 64;
/**
 * Virtual shards every record is routed to, mapped onto a site's objects (`v % shards`): fixed
 * forever, so a key always has the same virtual shard. 1,024 = 16 x MAX_SHARDS keeps the objects
 * within 1 + MAX_SHARDS / VIRTUAL_SHARDS (6 %) of an even share at any count.
 */
export const VIRTUAL_SHARDS = 1024;
/** Longest token name (POST /v1/sites/:site/admin/tokens). */
export const MAX_TOKEN_NAME_LENGTH = 100;
/** Longest token lifetime, in days (`expiresInDays`). */
export const MAX_TOKEN_DAYS = 366;
/** Google Consent Mode `wait_for_update` in ms: the site's default and its bound (Google's own examples use 500). */
export const DEFAULT_WAIT_FOR_UPDATE_MS = 500;
export const MAX_WAIT_FOR_UPDATE_MS = 10_000;
/** Most ISO 3166-2 regions a site's Consent Mode defaults may be scoped to. */
export const MAX_CONSENT_MODE_REGIONS = 64;
/**
 * Proof of work before counting (shared/proof.ts): leading zero bits of SHA-256 a solution must
 * reach. Each bit doubles the expected work (2^d hashes on average). The default is chosen from
 * the widget benchmark on a 4x-slowed CPU (worker/README.md, "Proof before counting").
 */
export const DEFAULT_PROOF_DIFFICULTY = 12;
export const MIN_PROOF_DIFFICULTY = 1;
export const MAX_PROOF_DIFFICULTY = 24;
/** Longest challenge string the Worker will try to verify. */
export const MAX_CHALLENGE_LENGTH = 512;
/**
 * Longest Cloudflare Turnstile token the Worker will send to siteverify (a site with `proof:
 * "turnstile"`): Cloudflare documents tokens of at most 2048 characters.
 */
export const MAX_TURNSTILE_TOKEN_LENGTH = 2048;
/** Longest Turnstile sitekey a site config may name (Cloudflare's are about 24 characters). */
export const MAX_TURNSTILE_SITE_KEY_LENGTH = 64;
