/**
 * Shared helpers of the Worker tests: fixture sites served by the real app code, requests that
 * carry a fresh client address each (the rate limiter keys on it), and a dump of every table of
 * every shard of a site.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { solveProof } from "../../shared/proof.ts";
import type { ChallengeResponse, PowProof, SiteConfig } from "../../shared/schema.ts";
import { createApp } from "../../worker/app.ts";
import { sha256Bytes } from "../../worker/counting/challenge.ts";
import { sha256Hex } from "../../worker/counting/encoding.ts";
import { shardStub } from "../../worker/counting/shards.ts";
import demoJson from "../../worker/sites/demo.json";
import { seedOf } from "../../worker/sites/seeds.ts";
import noisyJson from "./fixtures/noisy.json";
import tinyJson from "./fixtures/tiny.json";

export const TOKENS = { tiny: "tiny-token", noisy: "noisy-token", demo: "demo-token" } as const;
/** Owner tokens of the fixture sites (the demo's is its documented local one). */
export const OWNER_TOKENS = {
  tiny: "tiny-owner-token",
  noisy: "noisy-owner-token",
  demo: "demo-owner-token",
} as const;
/** The marketer token hashes of the fixture files (never in a stored or public config). */
export const TOKEN_HASHES = {
  tiny: tinyJson.marketerTokenSha256,
  noisy: noisyJson.marketerTokenSha256,
  demo: demoJson.marketerTokenSha256,
} as const;

/** The seeds the fixture app serves: tiny, noisy and the demo, each with an owner token. */
export const SEEDS = await Promise.all(
  [
    [tinyJson, OWNER_TOKENS.tiny],
    [noisyJson, OWNER_TOKENS.noisy],
    [demoJson, undefined],
  ].map(async ([json, owner]) =>
    seedOf(
      typeof owner === "string"
        ? { ...(json as object), ownerTokenSha256: await sha256Hex(owner) }
        : json,
    ),
  ),
);

const configOf = (id: string): SiteConfig => {
  const seed = SEEDS.find((s) => s.config.id === id);
  if (!seed) throw new Error(`no seed ${id}`);
  return seed.config;
};

export const tiny = configOf("tiny");
export const noisy = configOf("noisy");
export const demo = configOf("demo");
export const sites: ReadonlyMap<string, SiteConfig> = new Map([
  ["tiny", tiny],
  ["noisy", noisy],
  ["demo", demo],
]);
export const app = createApp(SEEDS);

let ipCounter = 0;
/** A client address nobody else uses, so the rate limiter never mixes tests. */
export function freshIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

/** A request to the fixture app with a fresh CF-Connecting-IP unless one is given. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", freshIp());
  return Promise.resolve(app.request(`https://edge.example${path}`, { ...init, headers }, env));
}

const ASSIGNMENTS = /^\/v1\/sites\/([^/]+)\/assignments$/;

/**
 * A JSON request with a method. A POST of an object to a site's assignments carries a fresh
 * solved proof (withProof), as every client must send.
 */
export async function send(
  path: string,
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const site = method === "POST" ? ASSIGNMENTS.exec(path)?.[1] : undefined;
  const sent = site === undefined ? body : await withProof(site, body);
  return call(path, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof sent === "string" ? sent : JSON.stringify(sent),
  });
}

/** A valid assignment for tiny (red, cat → segments reds and cat-people). */
export function tinyBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    policyVersion: "v1",
    consent: { counting: true },
    answers: { color: "red", pets: ["cat"] },
    ...extra,
  };
}

/**
 * A proof of the right shape for tests that call countAssignment directly: the route checks and
 * spends proofs before it counts (worker/routes/assignments.ts), so below it none is checked.
 */
export const UNCHECKED_PROOF: PowProof = { challenge: "unchecked.proof", solution: 0 };

/** A fresh challenge of `site`, solved as the widget solves it (GET …/challenge). */
export async function proofFor(site: string): Promise<PowProof> {
  const res = await call(`/v1/sites/${site}/challenge`);
  // No challenge (an unknown site): a proof of the right shape, so the test meets the real error.
  if (!res.ok) return { challenge: "none.none", solution: 0 };
  const c = (await res.json()) as ChallengeResponse;
  const solution = await solveProof(sha256Bytes, c.challenge, c.difficulty);
  if (solution === undefined) throw new Error("no solution");
  return { challenge: c.challenge, solution };
}

/**
 * `body` with a fresh solved proof, unless it names `proof` already (a test of a missing proof
 * passes `proof: undefined`, which JSON leaves out) or is not an object.
 */
export async function withProof(site: string, body: unknown): Promise<unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body) || "proof" in body) {
    return body;
  }
  return { ...body, proof: await proofFor(site) };
}

/** POSTs an assignment (with a fresh proof, see send) and returns its JSON answer. */
export async function assign(site: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await send(`/v1/sites/${site}/assignments`, "POST", body, headers);
  return {
    res,
    json: (await res.json()) as { segments: string[]; receipt: string; error?: { code: string } },
  };
}

/** Marketer read of a site. */
export function marketer(
  site: keyof typeof TOKENS,
  path = "segments",
  headers: Record<string, string> = {},
) {
  return call(`/v1/sites/${site}/${path}`, {
    headers: { Authorization: `Bearer ${TOKENS[site]}`, ...headers },
  });
}

/**
 * Contributions added minus those taken away, per segment, over every flow row of every shard of
 * `config` (what is live, ignoring the window).
 */
export async function netCounts(config: SiteConfig): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const bump = (set: string, n: number) => {
    for (const s of set === "" ? [] : (JSON.parse(set) as string[])) out[s] = (out[s] ?? 0) + n;
  };
  for (let i = 0; i < config.shards; i++) {
    for (const r of await shardStub(env, config.id, i).flows(0, 1e9)) {
      bump(r.new, r.n);
      bump(r.old, -r.n);
    }
  }
  return out;
}

/** Every row of every table of every shard of `config` (and the DO's KV storage), as JSON text. */
export async function dumpStorage(config: SiteConfig): Promise<string> {
  const parts: unknown[] = [];
  for (let i = 0; i < config.shards; i++) {
    parts.push(
      await runInDurableObject(shardStub(env, config.id, i), async (_instance, state) => {
        const sql = state.storage.sql;
        // The runtime's own tables (_cf_*) are not readable; the KV part of it is read by list().
        const tables = sql
          .exec<{ name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) <> '_cf_'",
          )
          .toArray();
        const dump: Record<string, unknown[]> = {};
        for (const { name } of tables) dump[name] = sql.exec(`SELECT * FROM "${name}"`).toArray();
        dump["(kv)"] = [...(await state.storage.list()).entries()];
        return dump;
      }),
    );
  }
  return JSON.stringify(parts);
}

/** A valid config for a new site `id` (no high finding: https origin, k at the default). */
export function siteInput(
  id: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { marketerTokenSha256: _, ...rest } = tinyJson;
  return {
    ...rest,
    id,
    allowedOrigins: [`https://${id}.example`],
    k: 10,
    policyUrl: `https://${id}.example/privacy`,
    ...extra,
  };
}

/** Creates site `id` through POST /v1/sites and returns its owner token. */
export async function createSite(id: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await send("/v1/sites", "POST", siteInput(id, extra), {
    Authorization: `Bearer ${env.OPERATOR_KEY}`,
  });
  if (res.status !== 201) throw new Error(`create ${id}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ownerToken: string }).ownerToken;
}

/** A request with a bearer token. */
export function withToken(
  token: string,
  path: string,
  method = "GET",
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return body === undefined
    ? call(path, { method, headers: { Authorization: `Bearer ${token}`, ...headers } })
    : send(path, method, body, { Authorization: `Bearer ${token}`, ...headers });
}
