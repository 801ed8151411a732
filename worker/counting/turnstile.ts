/**
 * @module
 * Cloudflare Turnstile as the proof before counting, for a site whose operator chose it
 * (`proof: "turnstile"`; worker/README.md, "Proof before counting"). The widget sends the token
 * Cloudflare's script gave it; this asks Cloudflare's siteverify whether the token is good
 * (Cloudflare's server-side validation: https://developers.cloudflare.com/turnstile/
 * get-started/server-side-validation/), POSTing only the secret and the token: never the
 * visitor's address (the optional `remoteip`) or any other request value. Nothing of the answer
 * is kept or logged: siteverify accepts a token once, so the Worker needs no spent-token table.
 * `fetch` is a dependency, so tests answer for siteverify and never call the internet.
 */
import { TURNSTILE_ACTION } from "../../shared/proof.ts";
import type { SiteConfig, TurnstileProof } from "../../shared/schema.ts";
import { ApiError } from "../errors.ts";
import { TURNSTILE_VERIFY_TIMEOUT_MS } from "../limits.ts";

/** Cloudflare's siteverify endpoint. */
export const TURNSTILE_SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** How the Worker reaches siteverify: `fetch`, or a test's stand-in. */
export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/** The fields of a siteverify answer this module reads. */
interface SiteverifyAnswer {
  success?: unknown;
  "error-codes"?: unknown;
  hostname?: unknown;
  action?: unknown;
}

const unavailable = () =>
  new ApiError(
    "proof_unavailable",
    "the Turnstile token could not be checked now; nothing was counted: try again later",
  );

const refused = (why: string, codes?: string[]) =>
  new ApiError(
    "invalid_proof",
    `the proof is not valid: ${why}`,
    codes && codes.length > 0 ? { turnstile: codes } : undefined,
  );

/** The hostnames a token may have been solved on: those of the site's allowed origins. */
function hostnamesOf(config: SiteConfig): Set<string> {
  const out = new Set<string>();
  for (const origin of config.allowedOrigins) {
    try {
      out.add(new URL(origin).hostname);
    } catch {
      // An origin the config check let through that is not a URL names no host.
    }
  }
  return out;
}

/**
 * Checks `proof` with siteverify for `config`, or throws: 422 invalid_proof when Cloudflare does
 * not accept the token (expired, spent, forged), or it was solved on a host that is not one of
 * the site's origins or for another action; 503 proof_unavailable when siteverify does not
 * answer in TURNSTILE_VERIFY_TIMEOUT_MS or answers nonsense. A missing secret is a deployment
 * error (500), like a missing RECEIPT_KEY.
 */
export async function verifyTurnstile(
  config: SiteConfig,
  proof: TurnstileProof,
  deps: { secret: string | undefined; fetch: Fetcher },
): Promise<void> {
  if (!deps.secret) {
    throw new Error(
      "TURNSTILE_SECRET is not set, but a site asks for Turnstile: run `wrangler secret put TURNSTILE_SECRET`",
    );
  }
  const body = new URLSearchParams({ secret: deps.secret, response: proof.turnstile });
  let answer: SiteverifyAnswer;
  try {
    const res = await deps.fetch(TURNSTILE_SITEVERIFY_URL, {
      method: "POST",
      body,
      signal: AbortSignal.timeout(TURNSTILE_VERIFY_TIMEOUT_MS),
    });
    if (!res.ok) throw unavailable();
    answer = (await res.json()) as SiteverifyAnswer;
  } catch {
    throw unavailable();
  }
  if (typeof answer !== "object" || answer === null) throw unavailable();
  if (answer.success !== true) {
    // Cloudflare's own vocabulary (e.g. "timeout-or-duplicate"), never anything the client sent.
    const codes = Array.isArray(answer["error-codes"])
      ? answer["error-codes"].filter(
          (c): c is string => typeof c === "string" && /^[a-z-]{1,40}$/.test(c),
        )
      : [];
    if (codes.some((c) => c.endsWith("-input-secret"))) {
      throw new Error("siteverify refused TURNSTILE_SECRET: set the secret of the site's widget");
    }
    throw refused("Turnstile did not accept the token (fetch a new one)", codes);
  }
  if (typeof answer.hostname === "string" && !hostnamesOf(config).has(answer.hostname)) {
    throw refused("the Turnstile token was solved on a page of another site");
  }
  if (typeof answer.action === "string" && answer.action !== TURNSTILE_ACTION) {
    throw refused("the Turnstile token was solved for another action");
  }
}
