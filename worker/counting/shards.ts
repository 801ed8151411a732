/**
 * @module
 * Counter shards (DESIGN.md "Counting model": shard the counters and sum on read). A site's
 * counts live in `config.shards` Durable Objects named `${site}:${shard}`. A fresh assignment
 * picks a shard at random; everything that must be found again is routed deterministically:
 * an idempotency key by its keyed hash, a receipt by the shard it names (signed into it).
 */
import type { SiteConfig } from "../../shared/schema.ts";
import type { SiteCounter } from "../durable-objects/site-counter.ts";

/** The Durable Object name of one shard of a site. */
export function shardName(site: string, shard: number): string {
  return `${site}:${shard}`;
}

/** The stub of one shard. */
export function shardStub(
  env: { COUNTER: DurableObjectNamespace<SiteCounter> },
  site: string,
  shard: number,
): DurableObjectStub<SiteCounter> {
  return env.COUNTER.get(env.COUNTER.idFromName(shardName(site, shard)));
}

/** A uniformly random shard for a fresh contribution. */
export function randomShard(config: SiteConfig): number {
  const [x = 0] = crypto.getRandomValues(new Uint32Array(1));
  return x % config.shards;
}

/** The shard of a hex hash (its first 32 bits), so the same key always meets the same table. */
export function shardOfHash(config: SiteConfig, hex: string): number {
  return Number.parseInt(hex.slice(0, 8), 16) % config.shards;
}

/** The shard a receipt names, kept in range if the site's shard count shrank since. */
export function receiptShard(config: SiteConfig, shard: number): number {
  return shard % config.shards;
}
