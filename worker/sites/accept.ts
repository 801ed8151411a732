/**
 * @module
 * What a site config must pass before it is stored (POST /v1/sites, PUT .../admin/config, the
 * console): one config per call, the schema and the config check (shared/site-config.ts), and no
 * high finding of the privacy assessment (shared/assessment.ts). A refusal is 422 invalid_config
 * naming the first field and its fix, with every issue in `details.issues`; nothing is stored.
 * Over a `previous` config (the published one), a lower `shards` is 422 shards_lowered, with the
 * same details (the site store refuses it again, against the version it really replaces).
 */
import { assessSite, type Finding } from "../../shared/assessment.ts";
import type { SiteConfig } from "../../shared/schema.ts";
import { type ConfigIssue, checkSiteConfig, shardsLowered } from "../../shared/site-config.ts";
import { ApiError } from "../errors.ts";
import { MAX_SITES_PER_OPERATOR_CALL } from "../limits.ts";

/** The token hashes a config file may carry (seeds, POST): they become tokens, never config. */
export interface Credentials {
  marketerTokenSha256?: string;
  ownerTokenSha256?: string;
}

export interface Accepted {
  config: SiteConfig;
  credentials: Credentials;
  findings: Finding[];
}

export function refuse(
  issues: ConfigIssue[],
  code: "invalid_config" | "shards_lowered" = "invalid_config",
): never {
  const [first] = issues;
  const message = first ? `${first.path}: ${first.message}. Fix: ${first.fix}` : "invalid config";
  throw new ApiError(code, message, {
    field: first?.path,
    fix: first?.fix,
    issues,
  });
}

/** The config without the credential fields, and those fields. */
export function splitCredentials(config: SiteConfig): {
  config: SiteConfig;
  credentials: Credentials;
} {
  const { marketerTokenSha256, ownerTokenSha256, ...rest } = config;
  const credentials: Credentials = {};
  if (marketerTokenSha256) credentials.marketerTokenSha256 = marketerTokenSha256;
  if (ownerTokenSha256) credentials.ownerTokenSha256 = ownerTokenSha256;
  return { config: rest, credentials };
}

/**
 * Checks `input` as a config to publish. `site` pins its id (a PUT to /v1/sites/demo may not
 * publish another site); `credentials: false` refuses token hashes in it (tokens have their own
 * API once a site exists); `previous`, the published config it replaces, may not have more
 * `shards`; `turnstile: false` (the Worker has no TURNSTILE_SECRET) refuses `proof: "turnstile"`,
 * which could then count nothing.
 */
export function acceptConfig(
  input: unknown,
  options: { site?: string; credentials: boolean; previous?: SiteConfig; turnstile?: boolean },
): Accepted {
  if (Array.isArray(input)) {
    refuse([
      {
        path: "(config)",
        message: `is a list; one call takes ${MAX_SITES_PER_OPERATOR_CALL} site config`,
        fix: "send one site config as a JSON object per call",
      },
    ]);
  }
  const check = checkSiteConfig(input);
  if (!check.ok) refuse(check.issues);
  if (options.site !== undefined && check.config.id !== options.site) {
    refuse([
      {
        path: "id",
        message: `is "${check.config.id}", but this is site "${options.site}"`,
        fix: `set "id": "${options.site}"`,
      },
    ]);
  }
  if (options.turnstile === false && check.config.proof === "turnstile") {
    refuse([
      {
        path: "proof",
        message: 'is "turnstile", but this Worker has no TURNSTILE_SECRET to check tokens with',
        fix: 'ask the operator to run `wrangler secret put TURNSTILE_SECRET`, or remove "proof"',
      },
    ]);
  }
  const lowered = shardsLowered(options.previous, check.config);
  if (lowered) refuse([lowered], "shards_lowered");
  const { config, credentials } = splitCredentials(check.config);
  if (!options.credentials && Object.keys(credentials).length > 0) {
    const field = Object.keys(credentials)[0] ?? "marketerTokenSha256";
    refuse([
      {
        path: field,
        message: "token hashes are not part of a published config",
        fix: "remove it and mint tokens with POST /v1/sites/:site/admin/tokens",
      },
    ]);
  }
  const findings = assessSite(config);
  const high = findings.filter((f) => f.severity === "high");
  if (high.length > 0) {
    refuse(high.map((f) => ({ path: f.path, message: `${f.message} (${f.ref})`, fix: f.fix })));
  }
  return { config, credentials, findings };
}
