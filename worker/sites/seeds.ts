/**
 * @module
 * The seed site configs (config as code): `SITE.json` beside this file, checked at module load
 * (a bad seed fails the deploy loudly). A seed is imported into the site store the first time the
 * store is used, as version 1; after that the store's version is the truth, and a changed file is
 * published with `npm run sites -- push FILE` (a push is a new version in the change log).
 * `marketerTokenSha256` and `ownerTokenSha256` of a seed become its first tokens.
 * To add a seed: put `SITE.json` here, run `npm run check-config -- worker/sites/SITE.json`, and
 * list it below.
 */
import { checkSiteConfig, formatIssues } from "../../shared/site-config.ts";
import { splitCredentials } from "./accept.ts";
import demo from "./demo.json";
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

/** Every seed of this Worker. */
export const SEEDS: readonly SeedInput[] = [demo].map(seedOf);
