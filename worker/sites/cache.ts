/**
 * @module
 * The read path of site configs, so that the config GET and the assignment path pay no Durable
 * Object round trip in steady state:
 * 1. the isolate's own map (site → compiled config and version), trusted SITE_CACHE_TTL_MS;
 * 2. the Cache API (per data centre): a pointer "site → published version" written with the time
 *    it was read, trusted SITE_POINTER_TTL_MS, and the config of each version under its own key,
 *    with the object counts the site had before it (a version never changes, so that entry lives
 *    long);
 * 3. the SiteStore object, which refreshes both.
 * A publish clears the publishing isolate's entry and rewrites its data centre's pointer, so the
 * owner sees the change at once; elsewhere it is live within 20 s + 30 s < PUBLISH_LIVE_WITHIN_MS.
 * Times are the caller's `now`, so tests can show the bound without waiting. `fresh` skips
 * the caches (a keyed write that met a raise of `shards` its isolate has not seen yet).
 */
import type { SiteConfig } from "../../shared/schema.ts";
import { checkSiteConfig, formatIssues } from "../../shared/site-config.ts";
import type { RetiredShards } from "../counting/shards.ts";
import { SITE_CACHE_TTL_MS, SITE_POINTER_TTL_MS } from "../limits.ts";
import type { Published } from "./site-store.ts";

/** A published site as the routes see it. */
export interface Site {
  config: SiteConfig;
  version: number;
  /** The object counts the site had before this version, oldest first (worker/counting/shards.ts). */
  previousShards: readonly RetiredShards[];
}

interface Entry {
  site: Site | undefined;
  at: number;
}

const isolate = new Map<string, Entry>();
/** The last compiled config of each site (a version's config never changes). */
const compiled = new Map<string, Site>();

const ORIGIN = "https://site-store.preferably.internal";
const pointerKey = (site: string) => `${ORIGIN}/${site}/current`;
/** A version's entry: `{ config, previousShards }` (the path's `/site` marks that shape). */
const versionKey = (site: string, version: number) => `${ORIGIN}/${site}/v${version}/site`;

/** The config as stored → checked, with defaults applied. A stored config always passes. */
function compile(site: string, published: Omit<Published, "config"> & { config: unknown }): Site {
  const { version } = published;
  let out = compiled.get(site);
  if (out?.version !== version) {
    const check = checkSiteConfig(published.config);
    if (!check.ok)
      throw new Error(`stored config of ${site} v${version}:\n${formatIssues(check.issues)}`);
    out = { config: check.config, version, previousShards: published.previousShards };
    compiled.set(site, out);
  }
  return out;
}

/** caches.default where there is one (not in Node; a no-op on workers.dev). */
function cacheApi(): Cache | undefined {
  return typeof caches === "undefined" ? undefined : caches.default;
}

async function readPointer(site: string, now: number): Promise<number | undefined> {
  const res = await cacheApi()?.match(pointerKey(site));
  if (!res) return undefined;
  const { version, at } = (await res.json()) as { version: number; at: number };
  return now - at < SITE_POINTER_TTL_MS ? version : undefined;
}

async function readVersion(site: string, version: number): Promise<Site | undefined> {
  const known = compiled.get(site);
  if (known?.version === version) return known;
  const res = await cacheApi()?.match(versionKey(site, version));
  if (!res) return undefined;
  const entry = (await res.json()) as { config: unknown; previousShards: RetiredShards[] };
  return compile(site, { version, ...entry });
}

/** Writes what the store answered into the Cache API. */
export async function remember(site: string, published: Published, now: number): Promise<void> {
  const cache = cacheApi();
  if (!cache) return;
  const json = (body: unknown, maxAge: number) =>
    new Response(JSON.stringify(body), {
      headers: { "Content-Type": "application/json", "Cache-Control": `max-age=${maxAge}` },
    });
  await Promise.all([
    cache.put(
      pointerKey(site),
      json({ version: published.version, at: now }, SITE_POINTER_TTL_MS / 1000),
    ),
    cache.put(
      versionKey(site, published.version),
      json({ config: published.config, previousShards: published.previousShards }, 365 * 86_400),
    ),
  ]);
}

/**
 * The published site `site` through the caches; `load` asks the store on a miss.
 * An unknown site is remembered as unknown for the isolate's TTL too.
 */
export async function cachedSite(
  site: string,
  now: number,
  load: () => Promise<Published | null>,
  fresh = false,
): Promise<Site | undefined> {
  const entry = isolate.get(site);
  if (!fresh && entry && now - entry.at < SITE_CACHE_TTL_MS) return entry.site;
  const pointed = fresh ? undefined : await readPointer(site, now);
  let found = pointed === undefined ? undefined : await readVersion(site, pointed);
  if (!found) {
    const published = await load();
    if (published) {
      found = compile(site, published);
      await remember(site, published, now);
    }
  }
  isolate.set(site, { site: found, at: now });
  return found;
}

/** Forgets the isolate's entry of `site` (after a publish here). */
export function forget(site: string): void {
  isolate.delete(site);
}

/**
 * The change log of `site` at published `version`, through the Cache API (a version's log never
 * changes, so it is keyed by the version); `load` asks the store on a miss.
 */
export async function cachedHistory<T>(
  site: string,
  version: number,
  load: () => Promise<T>,
): Promise<T> {
  const cache = cacheApi();
  const key = `${ORIGIN}/${site}/changes/v${version}`;
  const hit = await cache?.match(key);
  if (hit) return (await hit.json()) as T;
  const value = await load();
  await cache?.put(
    key,
    new Response(JSON.stringify(value), {
      headers: { "Content-Type": "application/json", "Cache-Control": "max-age=86400" },
    }),
  );
  return value;
}
