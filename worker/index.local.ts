/**
 * @module
 * The local development entry (`wrangler dev --env local`: `npm start`, `npm run dev`, the tests
 * and the benchmarks): the same Worker with the demo site and its public local tokens seeded.
 * Never deployed (wrangler.toml [env.local]).
 */
import { LOCAL_SEEDS } from "./sites/local-seeds.ts";
import { buildWorker } from "./worker.ts";

export default buildWorker(LOCAL_SEEDS);

export { SiteCounter } from "./durable-objects/site-counter.ts";
export { SiteStore } from "./sites/site-store.ts";
