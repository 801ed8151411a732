/**
 * Routing by virtual shards (worker/counting/shards.ts): a key keeps its virtual shard forever,
 * virtual shards spread evenly over any object count, and a key's earlier objects are asked for
 * as long as a record written there can live. The end-to-end proof (audiences, receipts and keys
 * before and after a raise) is test/worker/counting/shard-growth.test.ts.
 */
import { describe, expect, it } from "vitest";
import { MAX_RETENTION_DAYS, MAX_SHARDS, VIRTUAL_SHARDS } from "../../../shared/limits.ts";
import {
  keyedShards,
  mayHoldRecords,
  objectOf,
  randomShard,
  shardIndexes,
  shardName,
  virtualShard,
} from "../../../worker/counting/shards.ts";
import { noisy } from "../helpers.ts";

describe("shards", () => {
  it("should name an object by site and number", () => {
    expect(shardName("tiny", 1)).toBe("tiny:1");
  });

  it("should read every object that ever held a row: 0 to shards - 1, since shards only grows", () => {
    expect(shardIndexes({ shards: 5 })).toEqual([0, 1, 2, 3, 4]);
  });

  it("should pick random objects in range, all of them over many picks", () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomShard(noisy)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it("should give a hash one virtual shard, from its first 32 bits, whatever the object count", () => {
    expect(virtualShard("ffffffff00")).toBe(0xffffffff % VIRTUAL_SHARDS);
    expect(virtualShard("0000040500")).toBe(0x405 % VIRTUAL_SHARDS);
    expect(objectOf(virtualShard("0000040500"), 3)).toBe((0x405 % VIRTUAL_SHARDS) % 3);
  });

  it("should keep every object within 1 + MAX_SHARDS / VIRTUAL_SHARDS of an even share, at every count", () => {
    expect(VIRTUAL_SHARDS).toBeGreaterThanOrEqual(16 * MAX_SHARDS);
    for (let n = 1; n <= MAX_SHARDS; n++) {
      const load = new Array<number>(n).fill(0);
      for (let v = 0; v < VIRTUAL_SHARDS; v++)
        load[objectOf(v, n)] = (load[objectOf(v, n)] ?? 0) + 1;
      expect(Math.max(...load) / (VIRTUAL_SHARDS / n)).toBeLessThanOrEqual(
        1 + MAX_SHARDS / VIRTUAL_SHARDS,
      );
    }
  });

  it("should route a key to its object now and ask the objects of earlier counts that differ", () => {
    // Virtual shard 7: object 7 % 8 = 7 now, 7 % 4 = 3 and 7 % 2 = 1 before.
    const hex = (7).toString(16).padStart(8, "0");
    const day = 20_000;
    const route = keyedShards(
      { shards: 8 },
      [
        { shards: 2, retiredDay: day - 10 },
        { shards: 4, retiredDay: day - 1 },
      ],
      hex,
      day,
    );
    expect(route.shard).toBe(7);
    expect(route.earlier.sort()).toEqual([1, 3]);
    // Virtual shard 4 stays on object 4 % 5 = 4 % 8 = 4 after 5 -> 8: nothing more to ask.
    const still = keyedShards({ shards: 8 }, [{ shards: 5, retiredDay: day }], "00000004", day);
    expect(still).toEqual({ shard: 4, earlier: [] });
    // No history (a site never raised): one object.
    expect(keyedShards({ shards: 4 }, [], hex, day)).toEqual({ shard: 3, earlier: [] });
  });

  it("should stop asking an earlier count once no record written under it can be alive", () => {
    const retired = 20_000;
    expect(mayHoldRecords(retired, retired + 1 + MAX_RETENTION_DAYS)).toBe(true);
    expect(mayHoldRecords(retired, retired + 2 + MAX_RETENTION_DAYS)).toBe(false);
    const previous = [{ shards: 2, retiredDay: retired }];
    // Virtual shard 2: object 2 of 4, object 0 of 2 while records can live.
    expect(keyedShards({ shards: 4 }, previous, "00000002", retired + 30).earlier).toEqual([0]);
    expect(
      keyedShards({ shards: 4 }, previous, "00000002", retired + 1 + MAX_RETENTION_DAYS).earlier,
    ).toEqual([0]);
    expect(
      keyedShards({ shards: 4 }, previous, "00000002", retired + 2 + MAX_RETENTION_DAYS).earlier,
    ).toEqual([]);
  });
});
