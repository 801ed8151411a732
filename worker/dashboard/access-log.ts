/**
 * @module
 * The access log as the dashboard shows and exports it. The rows live on the site's shard 0
 * (worker/durable-objects/site-counter.ts): time, endpoint, and a fingerprint of the token's
 * hash, never an IP address or a user agent; the site is the shard's own, added on the way out. The Durable Object's alarm deletes rows after
 * ACCESS_LOG_RETENTION_DAYS.
 */
import { DAY_MS } from "../counting/day.ts";
import { shardStub } from "../counting/shards.ts";
import { csv } from "../csv.ts";
import { ACCESS_LOG_RETENTION_DAYS } from "../limits.ts";
import type { AccessEntry } from "./tables.tsx";

/** How many reads the dashboard page lists (the CSV has them all). */
export const ACCESS_ROWS_SHOWN = 20;

/** Every read of the retention period, newest first. */
export async function listAccess(
  env: Pick<Env, "COUNTER">,
  site: string,
  now: number,
): Promise<AccessEntry[]> {
  const rows = await shardStub(env, site, 0).listAccess(now - ACCESS_LOG_RETENTION_DAYS * DAY_MS);
  return rows
    .map((r) => ({
      time: new Date(r.at).toISOString(),
      site,
      endpoint: r.endpoint,
      fingerprint: r.token,
    }))
    .reverse();
}

/** The access log as CSV: time, site, endpoint, token_fingerprint; newest first. */
export function accessCsv(entries: readonly AccessEntry[]): string {
  return csv(
    ["time", "site", "endpoint", "token_fingerprint"],
    entries.map((e) => [e.time, e.site, e.endpoint, e.fingerprint]),
  );
}
