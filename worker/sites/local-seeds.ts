/**
 * @module
 * The seeds only local development has: the demo site with its public local tokens. Only
 * worker/index.local.ts imports this file, and only `wrangler dev --env local` (what `npm start`,
 * `npm run dev`, the tests and the benchmarks run) bundles that entry: a production build
 * (`wrangler deploy`, worker/index.ts) never contains the demo site (issue 13;
 * test/package/deploy.test.ts checks the bundle).
 */
import demo from "./demo.json";
import { seedOf } from "./seeds.ts";
import type { SeedInput } from "./site-store.ts";

export const LOCAL_SEEDS: readonly SeedInput[] = [demo].map(seedOf);
