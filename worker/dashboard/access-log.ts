/**
 * @module
 * The access log as the dashboard shows and exports it. The rows live on the site's shard 0
 * (worker/durable-objects/site-counter.ts): time, endpoint, and a fingerprint of the token's
 * hash, never an IP address or a user agent; the site is the shard's own, added on the way out.
 * The Durable Object's alarm deletes rows after ACCESS_LOG_RETENTION_DAYS, and it keeps at
 * most MAX_ACCESS_LOG_ROWS. The page reads only the rows it shows; the CSV and the JSON stream
 * page by page (ACCESS_LOG_PAGE_ROWS per call), so a full log answers as well as an empty one.
 */
import { DAY_MS } from "../counting/day.ts";
import { utf8 } from "../counting/encoding.ts";
import { shardStub } from "../counting/shards.ts";
import { csv } from "../csv.ts";
import type { AccessRow } from "../durable-objects/site-counter.ts";
import { ACCESS_LOG_RETENTION_DAYS } from "../limits.ts";
import type { AccessEntry } from "./tables.tsx";

/** How many reads the dashboard page lists (the CSV has them all). */
export const ACCESS_ROWS_SHOWN = 20;

const HEADER = ["time", "site", "endpoint", "token_fingerprint"];

const entryOf = (site: string, r: AccessRow): AccessEntry => ({
  time: new Date(r.at).toISOString(),
  site,
  endpoint: r.endpoint,
  fingerprint: r.token,
});

/** The `limit` newest reads of the retention period, newest first (one SQL LIMIT). */
export async function latestAccess(
  env: Pick<Env, "COUNTER">,
  site: string,
  now: number,
  limit: number,
): Promise<AccessEntry[]> {
  const since = now - ACCESS_LOG_RETENTION_DAYS * DAY_MS;
  const page = await shardStub(env, site, 0).accessPage(since, limit);
  return page.rows.map((r) => entryOf(site, r));
}

/** Every read of the retention period, newest first, a page at a time. */
export async function* accessPages(
  env: Pick<Env, "COUNTER">,
  site: string,
  now: number,
): AsyncGenerator<AccessEntry[]> {
  const since = now - ACCESS_LOG_RETENTION_DAYS * DAY_MS;
  let before: number | undefined;
  do {
    const page = await shardStub(env, site, 0).accessPage(since, undefined, before);
    yield page.rows.map((r) => entryOf(site, r));
    before = page.next;
  } while (before !== undefined);
}

/** A stream of text chunks: `head`, each page through `render`, then `tail`. */
function streamOf(
  pages: AsyncGenerator<AccessEntry[]>,
  head: string,
  render: (entries: AccessEntry[], first: boolean) => string,
  tail = "",
): ReadableStream<Uint8Array> {
  let first = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(utf8(head));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) {
        if (tail) controller.enqueue(utf8(tail));
        controller.close();
        return;
      }
      if (next.value.length > 0) {
        controller.enqueue(utf8(render(next.value, first)));
        first = false;
      }
    },
  });
}

/** The access log as streamed CSV: the header, then every read, newest first. */
export function accessCsvStream(
  env: Pick<Env, "COUNTER">,
  site: string,
  now: number,
): ReadableStream<Uint8Array> {
  return streamOf(accessPages(env, site, now), csv(HEADER, []), (entries) =>
    accessCsv(entries).slice(csv(HEADER, []).length),
  );
}

/** The access log as streamed JSON `{ "entries": [...] }`, newest first. */
export function accessJsonStream(
  env: Pick<Env, "COUNTER">,
  site: string,
  now: number,
): ReadableStream<Uint8Array> {
  return streamOf(
    accessPages(env, site, now),
    '{"entries":[',
    (entries, first) => (first ? "" : ",") + entries.map((e) => JSON.stringify(e)).join(","),
    "]}",
  );
}

/** The access log as CSV: time, site, endpoint, token_fingerprint; newest first. */
export function accessCsv(entries: readonly AccessEntry[]): string {
  return csv(
    HEADER,
    entries.map((e) => [e.time, e.site, e.endpoint, e.fingerprint]),
  );
}
