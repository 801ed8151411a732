import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../../../worker/counting/day.ts";
import { shardStub } from "../../../worker/counting/shards.ts";
import { accessCsv, listAccess } from "../../../worker/dashboard/access-log.ts";
import { ACCESS_LOG_RETENTION_DAYS } from "../../../worker/limits.ts";

describe("dashboard access log", () => {
  it("should list the retention period's reads newest first, from shard 0", async () => {
    const site = "access-log-test";
    const now = Date.UTC(2026, 10, 20, 12);
    const stub = shardStub(env, site, 0);
    const oldest = now - ACCESS_LOG_RETENTION_DAYS * DAY_MS;
    await stub.appendAccess({ at: oldest - 1, endpoint: "too-old", token: "aaaaaaaa" });
    await stub.appendAccess({ at: oldest, endpoint: "oldest-kept", token: "aaaaaaaa" });
    await stub.appendAccess({ at: now - 1000, endpoint: "segments", token: "bbbbbbbb" });
    const entries = await listAccess(env, site, now);
    expect(entries).toEqual([
      {
        time: new Date(now - 1000).toISOString(),
        site,
        endpoint: "segments",
        fingerprint: "bbbbbbbb",
      },
      {
        time: new Date(oldest).toISOString(),
        site,
        endpoint: "oldest-kept",
        fingerprint: "aaaaaaaa",
      },
    ]);
  });

  it("should write RFC 4180 CSV with a header, quoting and formula defusing", () => {
    const csv = accessCsv([
      {
        time: "2026-11-20T10:00:00.000Z",
        site: "demo",
        endpoint: "segments",
        fingerprint: "a1b2c3d4",
      },
      { time: "2026-11-20T09:00:00.000Z", site: "demo", endpoint: '=cmd,"x"', fingerprint: "+1" },
    ]);
    expect(csv).toBe(
      'time,site,endpoint,token_fingerprint\r\n"2026-11-20T10:00:00.000Z","demo","segments","a1b2c3d4"\r\n"2026-11-20T09:00:00.000Z","demo","\'=cmd,""x""","\'+1"\r\n',
    );
    expect(accessCsv([])).toBe("time,site,endpoint,token_fingerprint\r\n");
  });
});
