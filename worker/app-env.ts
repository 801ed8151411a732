/**
 * @module
 * The Hono environment of the app: bindings, and what middleware puts on the context.
 */
import type { SiteConfig } from "../shared/schema.ts";
import type { Keys } from "./counting/keys.ts";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** The site of the `:site` path parameter (middleware/site.ts). */
    config: SiteConfig;
    /** Keys derived from the server secret (middleware/secrets.ts). */
    keys: Keys;
  };
}
