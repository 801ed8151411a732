/**
 * `npm run verify-changes -- URL`: checks a site's public change log. URL is the change log
 * (`https://HOST/v1/sites/SITE/changes`) or the site's base (`https://HOST/v1/sites/SITE`).
 * Checks the hash chain (shared/change-chain.ts) and that the newest entry's `configSha256` is
 * the SHA-256 of the canonical JSON (RFC 8785) of the public config served now. Keep the output:
 * a later run that shows an older entry changed, or the chain restarted, is a rewritten history.
 * Exits 0 when all holds, 1 when not, 2 on bad usage.
 */
import { canonicalJson } from "../shared/canonical-json.ts";
import { type ChainEntry, verifyChain } from "../shared/change-chain.ts";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const arg = process.argv[2];
if (!arg) {
  console.error("usage: npm run verify-changes -- https://HOST/v1/sites/SITE/changes");
  process.exit(2);
}
const base = arg.replace(/\/+$/, "").replace(/\/changes$/, "");
const res = await fetch(`${base}/changes`);
if (!res.ok) {
  console.error(`${base}/changes: HTTP ${res.status}`);
  process.exit(1);
}
const { entries } = (await res.json()) as {
  entries: (ChainEntry & { configSha256: string; day: string; summary: string[] })[];
};
const chain = await verifyChain(entries, sha256Hex);
if (!chain.ok) {
  console.error(`version ${chain.version}: ${chain.problem}`);
  process.exit(1);
}
const last = entries.at(-1);
const config = await fetch(`${base}/config`);
if (last && config.ok) {
  const served = await sha256Hex(canonicalJson(await config.json()));
  if (served !== last.configSha256) {
    console.error(
      `the public config served now (sha256 ${served}) is not the one of version ${last.version} (${last.configSha256}); retry in a minute if it was just published`,
    );
    process.exit(1);
  }
}
for (const e of entries)
  console.log(`v${e.version} ${e.day} ${e.hash.slice(0, 16)} ${e.summary.join("; ")}`);
console.log(`ok: ${chain.versions} entries, chain intact${last ? `, head ${last.hash}` : ""}`);
