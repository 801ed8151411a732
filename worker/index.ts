/**
 * @module
 * The production entry (wrangler.toml `main`): the Worker with no seeds, so no demo site and no
 * local token is ever deployed (issue 13). Static files (/widget.js, the demo page) are served by
 * the [assets] block of wrangler.toml before this code runs. Sites live in the site store
 * (worker/sites), created with the operator key.
 */
import { SEEDS } from "./sites/seeds.ts";
import { buildWorker } from "./worker.ts";

export default buildWorker(SEEDS);

export { SiteCounter } from "./durable-objects/site-counter.ts";
export { SiteStore } from "./sites/site-store.ts";
