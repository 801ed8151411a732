/**
 * `npm run sites -- push FILE`: publishes a site config file through the API (config as code).
 * - The site exists: GET /v1/sites/SITE/admin/config for its version, then PUT with If-Match
 *   (with an owner token: PREFERABLY_TOKEN).
 * - It does not: POST /v1/sites with the operator key (PREFERABLY_OPERATOR_KEY), and print the
 *   new owner token once.
 * PREFERABLY_URL is the Worker (default http://localhost:8787). Locally the defaults are the
 * documented dev tokens: `demo-owner-token` and `local-operator-key`. Token hashes in the file
 * (seed fields) are left out: tokens are managed with .../admin/tokens.
 * Exits 1 with the API's error (field and fix) when the publish is refused.
 */
import { readFileSync } from "node:fs";

const [command, file] = process.argv.slice(2);
if (command !== "push" || !file) {
  console.error("usage: npm run sites -- push worker/sites/SITE.json");
  process.exit(2);
}
const url = (process.env.PREFERABLY_URL ?? "http://localhost:8787").replace(/\/+$/, "");
const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(url);
const token = process.env.PREFERABLY_TOKEN ?? (local ? "demo-owner-token" : undefined);
const operator = process.env.PREFERABLY_OPERATOR_KEY ?? (local ? "local-operator-key" : undefined);

const {
  marketerTokenSha256: _m,
  ownerTokenSha256: _o,
  ...config
} = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
const site = String(config.id);

async function fail(res: Response): Promise<never> {
  console.error(`${res.status}: ${await res.text()}`);
  process.exit(1);
}

const json = (auth: string, extra: Record<string, string> = {}) => ({
  Authorization: `Bearer ${auth}`,
  "Content-Type": "application/json",
  ...extra,
});

const current = token
  ? await fetch(`${url}/v1/sites/${site}/admin/config`, { headers: json(token) })
  : undefined;
if (current?.ok) {
  const etag = current.headers.get("ETag") ?? "";
  const res = await fetch(`${url}/v1/sites/${site}/admin/config`, {
    method: "PUT",
    headers: json(token ?? "", { "If-Match": etag }),
    body: JSON.stringify(config),
  });
  if (!res.ok) await fail(res);
  const out = (await res.json()) as { version: number; policyVersion: string; findings: unknown[] };
  console.log(
    `${site}: published version ${out.version} (policy ${out.policyVersion}), ${out.findings.length} finding(s)`,
  );
} else if (current === undefined || current.status === 404) {
  if (!operator) {
    console.error("the site does not exist: set PREFERABLY_OPERATOR_KEY to create it");
    process.exit(1);
  }
  const res = await fetch(`${url}/v1/sites`, {
    method: "POST",
    headers: json(operator),
    body: JSON.stringify(config),
  });
  if (!res.ok) await fail(res);
  const out = (await res.json()) as { site: string; ownerToken: string };
  console.log(`${out.site}: created. Owner token (shown once, keep it safe): ${out.ownerToken}`);
} else {
  await fail(current);
}
