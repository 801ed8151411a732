import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PROOF_DIFFICULTY,
  MAX_PROOF_DIFFICULTY,
  MIN_PROOF_DIFFICULTY,
} from "../../shared/limits.ts";
import {
  type HashFn,
  leadingZeroBits,
  meetsDifficulty,
  proofMessage,
  solveProof,
} from "../../shared/proof.ts";

/** SHA-256 from node:crypto: an implementation independent of Web Crypto. */
const sha256: HashFn = async (m) => new Uint8Array(createHash("sha256").update(m, "utf8").digest());

describe("shared/proof", () => {
  it("should count leading zero bits across bytes", () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x00, 0x3f]))).toBe(18);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it("should hash challenge:solution, or challenge:key:solution when bound to a key", () => {
    expect(proofMessage("abc.def", 42)).toBe("abc.def:42");
    expect(proofMessage("abc.def", 42, "key-1")).toBe("abc.def:key-1:42");
  });

  it("should find the smallest solution, and every smaller number fails", async () => {
    for (const d of [1, 4, 8]) {
      const s = await solveProof(sha256, `challenge-${d}`, d);
      expect(s).toBeDefined();
      expect(await meetsDifficulty(sha256, `challenge-${d}`, s ?? -1, d)).toBe(true);
      for (let i = 0; i < (s ?? 0); i++) {
        expect(await meetsDifficulty(sha256, `challenge-${d}`, i, d)).toBe(false);
      }
    }
  });

  it("should pause every pauseEvery tries and give up after maxTries", async () => {
    let pauses = 0;
    const none = await solveProof(sha256, "x", 40, {
      maxTries: 1000,
      pauseEvery: 100,
      pause: async () => void pauses++,
    });
    expect(none).toBeUndefined();
    expect(pauses).toBe(10);
  });

  it("should bound the difficulty, with the default inside the bounds", () => {
    expect(MIN_PROOF_DIFFICULTY).toBe(1);
    expect(MAX_PROOF_DIFFICULTY).toBe(24);
    expect(DEFAULT_PROOF_DIFFICULTY).toBeGreaterThanOrEqual(MIN_PROOF_DIFFICULTY);
    expect(DEFAULT_PROOF_DIFFICULTY).toBeLessThanOrEqual(MAX_PROOF_DIFFICULTY);
  });
});
