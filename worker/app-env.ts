/**
 * @module
 * The Hono environment of the app: bindings, and what middleware puts on the context.
 */
import type { SiteConfig } from "../shared/schema.ts";
import type { Keys } from "./counting/keys.ts";
import type { Fetcher } from "./counting/turnstile.ts";
import type { TokenRow } from "./sites/site-store.ts";
import type { Site, Sites } from "./sites/store.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** The site store's interface (worker/sites), set by createApp. */
    sites: Sites;
    /** The published site of the `:site` path parameter, with its version (middleware/site.ts). */
    site: Site;
    /** Its config (the same as site.config). */
    config: SiteConfig;
    /** Keys derived from the server secret (middleware/secrets.ts). */
    keys: Keys;
    /** How the Worker calls out (Turnstile's siteverify): fetch, or a test's stand-in (createApp). */
    fetch: Fetcher;
    /** The bearer token of an authenticated request (middleware/marketer-auth.ts). */
    token: TokenRow;
  };
}
