/**
 * @module
 * The site configs this Worker serves, checked once at start-up (module load): a bad config
 * fails the deploy loudly instead of answering visitors with half a config.
 * To add a site: put `SITE.json` beside this file, run `npm run check-config -- worker/sites/SITE.json`,
 * and list it below.
 */

import type { SiteConfig } from "../../shared/schema.ts";
import { checkSiteConfig, formatIssues } from "../../shared/site-config.ts";
import demo from "./demo.json";

const RAW: readonly unknown[] = [demo];

function load(raw: readonly unknown[]): ReadonlyMap<string, SiteConfig> {
  const sites = new Map<string, SiteConfig>();
  for (const input of raw) {
    const check = checkSiteConfig(input);
    if (!check.ok) throw new Error(`invalid site config:\n${formatIssues(check.issues)}`);
    sites.set(check.config.id, check.config);
  }
  return sites;
}

/** Every configured site by id. */
export const SITES: ReadonlyMap<string, SiteConfig> = load(RAW);
