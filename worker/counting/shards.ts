/**
 * @module
 * Counter shards (DESIGN.md "Counting model": a fixed number of virtual shards mapped onto
 * objects; reads sum them; worker/README.md, "Sharding"). A site's counts live in `shards`
 * Durable Objects named `${site}:${object}`. Every record is routed to one of VIRTUAL_SHARDS
 * virtual shards, and virtual shard `v` is on object `v % shards`.
 *
 * `shards` may only grow (shared/site-config.ts shardsLowered; the site store refuses lowering),
 * so every object that ever held a row still exists and is still read (`shardIndexes`). What
 * must be found again is routed so that raising `shards` never loses it:
 * - a receipt and a proof-of-work challenge name (and sign) the object they were issued for,
 *   which exists forever: spending them never depends on `shards`;
 * - an idempotency key is routed by its keyed hash, whose virtual shard may move to another
 *   object when `shards` grows. Its record stays where it was written, so a keyed request also
 *   asks the object its virtual shard had under each earlier count (the site store keeps them,
 *   `RetiredShards`) for as long as a record written then can live (`keyedShards`).
 */
import { MAX_RETENTION_DAYS, VIRTUAL_SHARDS } from "../../shared/limits.ts";
import type { SiteConfig } from "../../shared/schema.ts";
import type { SiteCounter } from "../durable-objects/site-counter.ts";

/** An earlier object count of a site, and the UTC day a publish raised it (site store). */
export interface RetiredShards {
  shards: number;
  retiredDay: number;
}

/** The Durable Object name of one object of a site. */
export function shardName(site: string, shard: number): string {
  return `${site}:${shard}`;
}

/** The stub of one object. */
export function shardStub(
  env: { COUNTER: DurableObjectNamespace<SiteCounter> },
  site: string,
  shard: number,
): DurableObjectStub<SiteCounter> {
  return env.COUNTER.get(env.COUNTER.idFromName(shardName(site, shard)));
}

/**
 * Every object that ever held a row of the site, to sum on read: 0 to `shards` - 1, since the
 * count only grows.
 */
export function shardIndexes(config: Pick<SiteConfig, "shards">): number[] {
  return Array.from({ length: config.shards }, (_, i) => i);
}

/** The object virtual shard `v` is on with `shards` objects. */
export function objectOf(v: number, shards: number): number {
  return v % shards;
}

/** The virtual shard of a hex hash (its first 32 bits): the same key, the same virtual shard. */
export function virtualShard(hex: string): number {
  return Number.parseInt(hex.slice(0, 8), 16) % VIRTUAL_SHARDS;
}

/**
 * The object of a uniformly random virtual shard, for a record that names its object (a fresh
 * contribution's receipt, a challenge).
 */
export function randomShard(config: Pick<SiteConfig, "shards">): number {
  const [x = 0] = crypto.getRandomValues(new Uint32Array(1));
  return objectOf(x % VIRTUAL_SHARDS, config.shards);
}

/**
 * Whether a record written under a count retired on `retiredDay` may still be alive on `today`:
 * it was written on that day at the latest (a day later from an isolate that had not seen the
 * publish yet, PUBLISH_LIVE_WITHIN_MS) and lives at most MAX_RETENTION_DAYS (an idempotency
 * record lives as long as its receipt: the site's retention then).
 */
export function mayHoldRecords(retiredDay: number, today: number): boolean {
  return today <= retiredDay + 1 + MAX_RETENTION_DAYS;
}

/**
 * Where the record of a keyed hash is: `shard`, the object its virtual shard is on now (where a
 * new record is written), and `earlier`, the other objects it was on under earlier counts whose
 * records may still be alive (asked first).
 */
export function keyedShards(
  config: Pick<SiteConfig, "shards">,
  previous: readonly RetiredShards[],
  hex: string,
  today: number,
): { shard: number; earlier: number[] } {
  const v = virtualShard(hex);
  const shard = objectOf(v, config.shards);
  const earlier = new Set<number>();
  for (const p of previous) {
    if (p.shards < config.shards && mayHoldRecords(p.retiredDay, today))
      earlier.add(objectOf(v, p.shards));
  }
  earlier.delete(shard);
  return { shard, earlier: [...earlier] };
}

/**
 * A keyed write was routed by fewer objects than its object has seen: the router's config
 * predates a raise of `shards` (an isolate's cache, within PUBLISH_LIVE_WITHIN_MS). The route
 * reloads the site and routes again (worker/routes/assignments.ts).
 */
export class StaleShards extends Error {
  constructor(readonly seen: number) {
    super(`routed by fewer shards than ${seen}`);
    this.name = "StaleShards";
  }
}
