import { describe, expect, it } from "vitest";
import {
  randomShard,
  receiptShard,
  shardName,
  shardOfHash,
} from "../../../worker/counting/shards.ts";
import { noisy, tiny } from "../helpers.ts";

describe("shards", () => {
  it("should name a shard by site and number", () => {
    expect(shardName("tiny", 1)).toBe("tiny:1");
  });

  it("should pick random shards in range, all of them over many picks", () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomShard(noisy)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it("should route a hash deterministically and keep receipt shards in range", () => {
    expect(shardOfHash(tiny, "ffffffff00")).toBe(0xffffffff % 2);
    expect(shardOfHash(noisy, "0000000500")).toBe(5 % 3);
    expect(receiptShard(tiny, 3)).toBe(1);
  });
});
