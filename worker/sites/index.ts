/**
 * @module
 * Sites are stored, not bundled (issue #11): this module owns them. The interface is
 * `siteStore(seeds)` (worker/sites/store.ts: getSite, publish, history, tokens); the seeds are
 * `SEEDS` (worker/sites/seeds.ts: none in production; local-seeds.ts: the demo); `publicConfigOf` is the one answer to "the public config of
 * site X" (the config route and any per-site script use it).
 */
export { acceptConfig } from "./accept.ts";
export type { ChangeEntry } from "./change-log.ts";
export { publicConfigOf } from "./public-config.ts";
export { SEEDS, seedOf } from "./seeds.ts";
export type { Role, SeedInput, TokenRow } from "./site-store.ts";
export { ROLES, SiteStore } from "./site-store.ts";
export { type Identity, type MintedToken, type Site, type Sites, siteStore } from "./store.ts";
