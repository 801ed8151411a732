/**
 * Bindings that wrangler.toml cannot declare, so `npm run cf-typegen` does not generate them.
 * Secrets are never [vars] (those are deployed in clear); see worker/README.md ("Secrets").
 */
declare namespace Cloudflare {
  interface Env {
    /** The server secret behind receipts, key hashes and rate-limit keys (`wrangler secret put RECEIPT_KEY`). */
    RECEIPT_KEY?: string;
    /** The operator's key for POST /v1/sites (`wrangler secret put OPERATOR_KEY`). */
    OPERATOR_KEY?: string;
    /**
     * The secret of the operator's Turnstile widget, for sites with `proof: "turnstile"`
     * (`wrangler secret put TURNSTILE_SECRET`; worker/counting/turnstile.ts).
     */
    TURNSTILE_SECRET?: string;
    /** "report-only" lets the benchmark call the limiter without being limited (never set in production). */
    RATE_LIMIT_MODE?: string;
    /** "synthetic" (only `npm start` / `npm run dev` pass it) seeds the demo site's history. */
    DEMO_HISTORY?: string;
  }
}
