/**
 * @module
 * The seed site configs (config as code): `SITE.json` beside this file, checked at module load
 * (a bad seed fails the deploy loudly). A seed is imported into the site store the first time the
 * store is used, as version 1; after that the store's version is the truth, and a changed file is
 * published with `npm run sites -- push FILE` (a push is a new version in the change log).
 * `marketerTokenSha256` and `ownerTokenSha256` of a seed become its first tokens.
 * Production has none (below); local development seeds the demo (local-seeds.ts). A real site is
 * created with `POST /v1/sites` or `npm run sites -- push FILE`.
 */

import { checkSiteConfig, formatIssues } from "../../shared/site-config.ts";
import { splitCredentials } from "./accept.ts";
import type { SeedInput, TokenInput } from "./site-store.ts";

/** A seed from a config file's JSON. */
export function seedOf(input: unknown): SeedInput {
  const check = checkSiteConfig(input);
  if (!check.ok) throw new Error(`invalid site config:\n${formatIssues(check.issues)}`);
  const { config, credentials } = splitCredentials(check.config);
  const tokens: TokenInput[] = [];
  const add = (role: "owner" | "marketer", hash: string | undefined) => {
    if (hash)
      tokens.push({
        id: `seed-${config.id}-${role}`,
        name: `${role} token of the seed file`,
        role,
        hash,
        // Filled in by the store on import (it needs an async digest).
        fingerprint: "",
        expires: null,
      });
  };
  add("owner", credentials.ownerTokenSha256);
  add("marketer", credentials.marketerTokenSha256);
  return { config, tokens };
}

/**
 * The seeds of a production build: none. The demo site is local development's only
 * (local-seeds.ts, bundled through worker/index.local.ts); real sites are created with
 * `POST /v1/sites` or `npm run sites -- push FILE`.
 */
export const SEEDS: readonly SeedInput[] = [];
