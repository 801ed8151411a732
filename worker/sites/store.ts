/**
 * @module
 * The one interface to sites (issue #11): routes, middleware, the dashboard and the console call
 * these and never the SiteStore object. `siteStore(seeds)` binds the seed files (worker/sites/
 * seeds.ts; fixtures in tests): a seed is imported on first use, as version 1.
 */
import type { SiteConfig } from "../../shared/schema.ts";
import { dayOf, isoDay } from "../counting/day.ts";
import type { SessionArea, SessionClaim } from "../dashboard/session.ts";
import { cachedHistory, cachedSite, forget, remember, type Site } from "./cache.ts";
import type { ChangeEntry } from "./change-log.ts";
import type { PublishOutcome, Role, SeedInput, SiteStore, TokenRow } from "./site-store.ts";
import { fingerprintOf, newToken, newTokenId, tokenHash } from "./tokens.ts";

export type { Site };

type StoreEnv = { SITES: DurableObjectNamespace<SiteStore> };

/** Who a bearer token is, for `site`. */
export type Identity =
  | { kind: "token"; token: TokenRow }
  /** Unknown, revoked, expired, or another site's: one answer, so a guess learns nothing more. */
  | { kind: "invalid" };

/** A token as minted: the secret is in this answer and nowhere else, ever. */
export interface MintedToken {
  id: string;
  token: string;
  role: Role;
  expiresAt: string | null;
}

export interface Sites {
  /**
   * The published site, through the caches (no object round trip in steady state); `fresh`
   * asks the store itself (a keyed write that met a raise of `shards` not seen here yet).
   */
  getSite(env: StoreEnv, site: string, now?: number, fresh?: boolean): Promise<Site | undefined>;
  /** Creates a site from an accepted config and mints its first owner token. */
  createSite(env: StoreEnv, config: SiteConfig, now?: number): Promise<MintedToken | undefined>;
  /** Publishes `config` if `expected` is still the live version. */
  publish(
    env: StoreEnv,
    config: SiteConfig,
    expected: number,
    now?: number,
  ): Promise<PublishOutcome>;
  /**
   * The public change log, oldest first. With `version` (the published one, from getSite) it is
   * served from the Cache API: no object round trip per read in steady state.
   */
  history(env: StoreEnv, site: string, version?: number): Promise<ChangeEntry[]>;
  /** The versions kept for restore (newest first) and one of them. */
  versions(env: StoreEnv, site: string): Promise<{ version: number; day: string }[]>;
  version(env: StoreEnv, site: string, version: number): Promise<SiteConfig | undefined>;
  /**
   * Dashboard and console sessions (worker/dashboard/session.ts): the area's session version to
   * sign into a new session, the token of a session still valid under it, and sign-out.
   */
  sessions: {
    version(env: StoreEnv, site: string, area: SessionArea): Promise<number>;
    live(
      env: StoreEnv,
      site: string,
      area: SessionArea,
      claim: SessionClaim,
      now?: number,
    ): Promise<TokenRow | undefined>;
    end(env: StoreEnv, site: string, area: SessionArea): Promise<number>;
  };
  tokens: {
    identify(env: StoreEnv, site: string, token: string, now?: number): Promise<Identity>;
    mint(
      env: StoreEnv,
      site: string,
      input: { name: string; role: Role; expiresInDays?: number },
      now?: number,
    ): Promise<MintedToken | undefined>;
    list(env: StoreEnv, site: string): Promise<TokenRow[]>;
    revoke(env: StoreEnv, site: string, id: string): Promise<boolean>;
  };
}

/** The one SiteStore object. */
export function storeStub(env: StoreEnv): DurableObjectStub<SiteStore> {
  return env.SITES.get(env.SITES.idFromName("sites"));
}

/** The store interface over `seeds`. */
export function siteStore(seeds: readonly SeedInput[]): Sites {
  const today = (now: number) => isoDay(dayOf(now));
  /** Per namespace (one per deployment; one per test file's storage), the import of the seeds. */
  const imported = new WeakMap<object, Promise<void>>();
  /**
   * The stub, after the seeds are in: one extra call per isolate, not per request. A failed
   * import is tried again on the next call.
   */
  async function stub(env: StoreEnv, now: number) {
    const s = storeStub(env);
    let done = imported.get(env.SITES);
    if (!done) {
      done = s.importSeeds([...seeds], today(now));
      imported.set(env.SITES, done);
      done.catch(() => imported.delete(env.SITES));
    }
    await done;
    return s;
  }
  async function minted(
    name: string,
    role: Role,
    expires: string | null,
  ): Promise<{ input: Parameters<SiteStore["addToken"]>[1]; token: MintedToken }> {
    const token = newToken();
    const hash = await tokenHash(token);
    const id = newTokenId();
    return {
      input: { id, name, role, hash, fingerprint: await fingerprintOf(hash), expires },
      token: { id, token, role, expiresAt: expires },
    };
  }
  return {
    getSite(env, site, now = Date.now(), fresh = false) {
      return cachedSite(site, now, async () => (await stub(env, now)).published(site), fresh);
    },
    async createSite(env, config, now = Date.now()) {
      const owner = await minted("first owner", "owner", null);
      const ok = await (await stub(env, now)).create(config, owner.input, today(now));
      if (!ok) return undefined;
      forget(config.id);
      return owner.token;
    },
    async publish(env, config, expected, now = Date.now()) {
      // (RPC's Serializable mapping loses the variant holding a config's `rule: unknown`.)
      const outcome = (await (
        await stub(env, now)
      ).publish(config, expected, today(now))) as PublishOutcome;
      if (outcome.kind === "published") {
        forget(config.id);
        await remember(config.id, outcome, now);
      }
      return outcome;
    },
    async history(env, site, version) {
      const load = async () => (await stub(env, Date.now())).changes(site);
      return version === undefined ? load() : cachedHistory(site, version, load);
    },
    async versions(env, site) {
      return (await stub(env, Date.now())).versions(site);
    },
    async version(env, site, version) {
      return (await (await stub(env, Date.now())).version(site, version)) ?? undefined;
    },
    sessions: {
      async version(env, site, area) {
        return (await stub(env, Date.now())).sessionVersion(site, area);
      },
      async live(env, site, area, claim, now = Date.now()) {
        const row = await (await stub(env, now)).sessionLive(
          site,
          area,
          claim.token,
          claim.version,
          today(now),
        );
        return row ?? undefined;
      },
      async end(env, site, area) {
        return (await stub(env, Date.now())).endSessions(site, area);
      },
    },
    tokens: {
      async identify(env, site, token, now = Date.now()) {
        const row = await (await stub(env, now)).authenticate(await tokenHash(token), today(now));
        // Another site's token is as invalid here as a made-up one (issue 13: no 403 oracle that
        // tells a guesser it found a live token somewhere).
        if (!row || row.site !== site) return { kind: "invalid" };
        return { kind: "token", token: row };
      },
      async mint(env, site, input, now = Date.now()) {
        // expiresInDays is checked by TokenRequestSchema (shared/schema.ts) before this.
        const days = input.expiresInDays;
        const expires = days === undefined ? null : today(now + days * 86_400_000);
        const m = await minted(input.name, input.role, expires);
        return (await (await stub(env, now)).addToken(site, m.input, today(now)))
          ? m.token
          : undefined;
      },
      async list(env, site) {
        return (await stub(env, Date.now())).listTokens(site);
      },
      async revoke(env, site, id) {
        return (await stub(env, Date.now())).revokeToken(site, id);
      },
    },
  };
}
