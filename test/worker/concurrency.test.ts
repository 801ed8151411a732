/**
 * Scale and retries (DESIGN.md "Counting model"): concurrent assignments spread over the shards
 * and sum exactly; concurrent retries with one idempotency key count once.
 */
import { describe, expect, it } from "vitest";
import { assign, netCounts, noisy } from "./helpers.ts";

const body = (extra: Record<string, unknown> = {}) => ({
  policyVersion: "v1",
  consent: { counting: true },
  answers: { color: "blue" },
  ...extra,
});

describe("concurrency", () => {
  it("should count 300 concurrent assignments exactly 300 times, over every shard", async () => {
    const before = (await netCounts(noisy)).blues ?? 0;
    const results = await Promise.all(Array.from({ length: 300 }, () => assign("noisy", body())));
    expect(results.filter((r) => r.res.status === 200)).toHaveLength(300);
    expect(((await netCounts(noisy)).blues ?? 0) - before).toBe(300);
    const shards = new Set(
      results.map(
        (r) =>
          JSON.parse(
            atob((r.json.receipt.split(".")[0] ?? "").replace(/-/g, "+").replace(/_/g, "/")),
          ).sh,
      ),
    );
    expect(shards.size).toBe(noisy.shards);
  });

  it("should count 20 concurrent retries with one key once, all with the same answer", async () => {
    const before = (await netCounts(noisy)).blues ?? 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        assign("noisy", body({ idempotencyKey: "concurrent-retry-key-01" })),
      ),
    );
    expect(results.every((r) => r.res.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.json.receipt)).size).toBe(1);
    expect(((await netCounts(noisy)).blues ?? 0) - before).toBe(1);
  });

  it("should retract a receipt once when 20 retractions race", async () => {
    const { json } = await assign("noisy", body());
    const before = (await netCounts(noisy)).blues ?? 0;
    const { send } = await import("./helpers.ts");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        send("/v1/sites/noisy/assignments", "DELETE", { receipt: json.receipt }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(((await netCounts(noisy)).blues ?? 0) - before).toBe(-1);
  });
});
