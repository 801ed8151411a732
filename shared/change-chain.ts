/**
 * @module
 * Checks a site's public change log (GET /v1/sites/:site/changes): versions 1, 2, 3, … in
 * order, each entry's `hash` the SHA-256 hex of its canonical JSON (RFC 8785) without `hash`, and
 * each `prev` the hash before it (null for the first). Used by `npm run verify-changes` and the
 * tests. Pure: the SHA-256 function is passed in (Web Crypto in both Node and Workers).
 */
import { canonicalJson } from "./canonical-json.ts";

export interface ChainEntry {
  version: number;
  prev: string | null;
  hash: string;
  [field: string]: unknown;
}

export type ChainCheck =
  | { ok: true; versions: number }
  | { ok: false; version: number; problem: string };

/** Verifies `entries` (oldest first) with `sha256Hex`. */
export async function verifyChain(
  entries: readonly ChainEntry[],
  sha256Hex: (text: string) => Promise<string>,
): Promise<ChainCheck> {
  let prev: string | null = null;
  for (const [i, entry] of entries.entries()) {
    const { hash, ...rest } = entry;
    if (entry.version !== i + 1)
      return { ok: false, version: entry.version, problem: `expected version ${i + 1}` };
    if (entry.prev !== prev)
      return {
        ok: false,
        version: entry.version,
        problem: "prev is not the previous entry's hash",
      };
    if ((await sha256Hex(canonicalJson(rest))) !== hash)
      return { ok: false, version: entry.version, problem: "hash does not match the entry" };
    prev = hash;
  }
  return { ok: true, versions: entries.length };
}
