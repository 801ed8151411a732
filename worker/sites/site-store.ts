/**
 * @module
 * The SiteStore Durable Object (SQLite): every site's published config and its earlier versions
 * (MAX_VERSIONS_KEPT), its tokens (SHA-256 hashes only, with role, name and days), its public
 * change log, and the session version of its dashboard and console (a sign-out raises it, which
 * ends every session of the area opened before: worker/dashboard/session.ts). One object (named "sites") holds all sites: writes are rare, and reads are served
 * from caches (worker/sites/cache.ts), so the object sees a read only when an isolate's cache
 * lapses. Only worker/sites/store.ts talks to it.
 *
 * A publish runs inside blockConcurrencyWhile: no other call runs between reading the current
 * version and writing the next, so two writes based on the same version publish exactly once.
 * It is also where a lower `shards` is refused for good (the routes check it first, against the
 * config they see): every object that ever held a count must stay read and reachable. Each
 * raise keeps the count it replaced and the day (`shard_history`), which routing needs to find
 * records written before it (worker/counting/shards.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { type SiteConfig, TOKEN_ROLES } from "../../shared/schema.ts";
import { DAY_MS } from "../counting/day.ts";
import type { RetiredShards } from "../counting/shards.ts";
import type { SessionArea } from "../dashboard/session.ts";
import { MAX_TOKENS_PER_SITE, MAX_VERSIONS_KEPT } from "../limits.ts";
import { type ChangeEntry, publicConfigSha256, sealEntry, summarise } from "./change-log.ts";
import { nextPolicyVersion } from "./policy.ts";
import { fingerprintOf } from "./tokens.ts";

/** The roles of tokens (shared/schema.ts TOKEN_ROLES). */
export const ROLES = TOKEN_ROLES;
export type Role = (typeof TOKEN_ROLES)[number];

/** A token as stored (the hash never leaves the object). */
export interface TokenRow {
  id: string;
  site: string;
  name: string;
  role: Role;
  /** First 8 hex of SHA-256 of the token's hash: names a token in logs without revealing it. */
  fingerprint: string;
  /** UTC days, YYYY-MM-DD. */
  created: string;
  expires: string | null;
  lastUsed: string | null;
}

/** A token to store: its hash and what it may do. */
export interface TokenInput {
  id: string;
  name: string;
  role: Role;
  hash: string;
  fingerprint: string;
  expires: string | null;
}

/** A seed: a config (credentials stripped) and the token hashes of its file. */
export interface SeedInput {
  config: SiteConfig;
  tokens: TokenInput[];
}

/** A site's published version and config, and the object counts it had before (oldest first). */
export interface Published {
  version: number;
  config: SiteConfig;
  previousShards: RetiredShards[];
}

export type PublishOutcome =
  | ({ kind: "published" } & Published)
  | { kind: "stale"; version: number }
  /** The config asks for fewer counter objects than the site has: never (`shards` only grows). */
  | { kind: "shards_lowered"; shards: number }
  | { kind: "unknown" };

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sites (id TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
  site TEXT NOT NULL, version INTEGER NOT NULL, config TEXT NOT NULL, day TEXT NOT NULL,
  PRIMARY KEY (site, version));
CREATE TABLE IF NOT EXISTS changes (
  site TEXT NOT NULL, version INTEGER NOT NULL, entry TEXT NOT NULL, hash TEXT NOT NULL,
  PRIMARY KEY (site, version));
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY, site TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL, created TEXT NOT NULL, expires TEXT, last_used TEXT);
CREATE INDEX IF NOT EXISTS tokens_site ON tokens (site);
CREATE TABLE IF NOT EXISTS session_versions (
  site TEXT NOT NULL, area TEXT NOT NULL, version INTEGER NOT NULL,
  PRIMARY KEY (site, area)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS shard_history (
  site TEXT NOT NULL, shards INTEGER NOT NULL, retired_day INTEGER NOT NULL,
  PRIMARY KEY (site, shards)) WITHOUT ROWID;
`;

interface TokenSql {
  id: string;
  site: string;
  name: string;
  role: Role;
  fingerprint: string;
  created: string;
  expires: string | null;
  last_used: string | null;
  [key: string]: SqlStorageValue;
}

const rowOf = (r: TokenSql): TokenRow => ({
  id: r.id,
  site: r.site,
  name: r.name,
  role: r.role,
  fingerprint: r.fingerprint,
  created: r.created,
  expires: r.expires,
  lastUsed: r.last_used,
});

export class SiteStore extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** Seeds already looked at by this instance (each is imported once, when first missing). */
  private readonly seen = new Set<string>();
  /** Calls on the read path (seed import, published config): tests count them to show the caches hold. */
  readCalls = 0;
  /** Reads of a change log (tests show the Cache API holds them). */
  changeReads = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(SCHEMA);
    });
  }

  private current(site: string): { version: number; config: SiteConfig } | undefined {
    const row = this.sql
      .exec<{ version: number; config: string }>(
        "SELECT v.version AS version, v.config AS config FROM sites s JOIN versions v ON v.site = s.id AND v.version = s.version WHERE s.id = ?",
        site,
      )
      .toArray()[0];
    return row ? { version: row.version, config: JSON.parse(row.config) } : undefined;
  }

  private previousShards(site: string): RetiredShards[] {
    return this.sql
      .exec<{ shards: number; retired_day: number }>(
        "SELECT shards, retired_day FROM shard_history WHERE site = ? ORDER BY shards",
        site,
      )
      .toArray()
      .map((r) => ({ shards: r.shards, retiredDay: r.retired_day }));
  }

  private lastHash(site: string): string | null {
    const row = this.sql
      .exec<{ hash: string }>(
        "SELECT hash FROM changes WHERE site = ? ORDER BY version DESC LIMIT 1",
        site,
      )
      .toArray()[0];
    return row?.hash ?? null;
  }

  /** Writes version `version` of `config` with its change-log entry; all or nothing. */
  private async write(
    config: SiteConfig,
    before: SiteConfig | undefined,
    version: number,
    day: string,
    tokens: readonly TokenInput[],
  ): Promise<void> {
    const entry = await sealEntry({
      version,
      day,
      summary: summarise(before, config),
      configSha256: await publicConfigSha256(config),
      prev: this.lastHash(config.id),
    });
    this.ctx.storage.transactionSync(() => {
      const site = config.id;
      this.sql.exec(
        "INSERT INTO sites (id, version) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        site,
        version,
      );
      this.sql.exec(
        "INSERT INTO versions (site, version, config, day) VALUES (?, ?, ?, ?)",
        site,
        version,
        JSON.stringify(config),
        day,
      );
      this.sql.exec(
        "DELETE FROM versions WHERE site = ? AND version <= ?",
        site,
        version - MAX_VERSIONS_KEPT,
      );
      this.sql.exec(
        "INSERT INTO changes (site, version, entry, hash) VALUES (?, ?, ?, ?)",
        site,
        version,
        JSON.stringify(entry),
        entry.hash,
      );
      for (const t of tokens) this.insertToken(site, t, day);
      if (before && config.shards > before.shards) {
        this.sql.exec(
          "INSERT OR IGNORE INTO shard_history (site, shards, retired_day) VALUES (?, ?, ?)",
          site,
          before.shards,
          Math.floor(Date.parse(day) / DAY_MS),
        );
      }
    });
  }

  private insertToken(site: string, t: TokenInput, day: string): void {
    this.sql.exec(
      "INSERT INTO tokens (id, site, name, role, hash, fingerprint, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      t.id,
      site,
      t.name,
      t.role,
      t.hash,
      t.fingerprint,
      day,
      t.expires,
    );
  }

  /** Imports each seed whose site does not exist yet, as version 1 with its tokens. */
  async importSeeds(seeds: readonly SeedInput[], day: string): Promise<void> {
    this.readCalls++;
    const missing = seeds.filter((s) => !this.seen.has(s.config.id));
    if (missing.length === 0) return;
    await this.ctx.blockConcurrencyWhile(async () => {
      for (const seed of missing) {
        this.seen.add(seed.config.id);
        if (this.current(seed.config.id)) continue;
        // A seed's token whose hash another site holds already is left out (hashes are unique).
        const tokens: TokenInput[] = [];
        for (const t of seed.tokens) {
          if (this.sql.exec("SELECT 1 FROM tokens WHERE hash = ?", t.hash).toArray().length > 0)
            continue;
          tokens.push({ ...t, fingerprint: t.fingerprint || (await fingerprintOf(t.hash)) });
        }
        await this.write(seed.config, undefined, 1, day, tokens);
      }
    });
  }

  /** The published version and config of `site`, with its earlier object counts. */
  published(site: string): Published | null {
    this.readCalls++;
    const live = this.current(site);
    return live ? { ...live, previousShards: this.previousShards(site) } : null;
  }

  /** Creates a site with its first owner token; false when the id is taken. */
  async create(config: SiteConfig, owner: TokenInput, day: string): Promise<boolean> {
    let created = false;
    await this.ctx.blockConcurrencyWhile(async () => {
      if (this.current(config.id)) return;
      await this.write(config, undefined, 1, day, [owner]);
      created = true;
    });
    return created;
  }

  /**
   * Publishes `config` as the next version if `expected` is still the published one. The
   * policy version moves by itself on a consent-relevant change (worker/sites/policy.ts).
   */
  async publish(config: SiteConfig, expected: number, day: string): Promise<PublishOutcome> {
    let outcome: PublishOutcome = { kind: "unknown" };
    await this.ctx.blockConcurrencyWhile(async () => {
      const live = this.current(config.id);
      if (!live) return;
      if (live.version !== expected) {
        outcome = { kind: "stale", version: live.version };
        return;
      }
      if (config.shards < live.config.shards) {
        outcome = { kind: "shards_lowered", shards: live.config.shards };
        return;
      }
      const version = live.version + 1;
      const next = {
        ...config,
        policyVersion: nextPolicyVersion(live.config, config, version, day),
      };
      await this.write(next, live.config, version, day, []);
      outcome = {
        kind: "published",
        version,
        config: next,
        previousShards: this.previousShards(config.id),
      };
    });
    return outcome;
  }

  /** An earlier version's config, while it is kept. */
  version(site: string, version: number): SiteConfig | null {
    const row = this.sql
      .exec<{ config: string }>(
        "SELECT config FROM versions WHERE site = ? AND version = ?",
        site,
        version,
      )
      .toArray()[0];
    return row ? JSON.parse(row.config) : null;
  }

  /** The versions kept for restore, newest first. */
  versions(site: string): { version: number; day: string }[] {
    return this.sql
      .exec<{ version: number; day: string }>(
        "SELECT version, day FROM versions WHERE site = ? ORDER BY version DESC",
        site,
      )
      .toArray();
  }

  /** The change log of `site`, oldest first. */
  changes(site: string): ChangeEntry[] {
    this.changeReads++;
    return this.sql
      .exec<{ entry: string }>("SELECT entry FROM changes WHERE site = ? ORDER BY version", site)
      .toArray()
      .map((r) => JSON.parse(r.entry));
  }

  /**
   * The live token of `hash` (any site), marking its last-used day; null when unknown or
   * expired. The caller decides what a token of another site means.
   */
  authenticate(hash: string, day: string): TokenRow | null {
    const row = this.sql
      .exec<TokenSql>(
        "SELECT id, site, name, role, fingerprint, created, expires, last_used FROM tokens WHERE hash = ? AND (expires IS NULL OR expires > ?)",
        hash,
        day,
      )
      .toArray()[0];
    if (!row) return null;
    if (row.last_used !== day)
      this.sql.exec("UPDATE tokens SET last_used = ? WHERE id = ?", day, row.id);
    return rowOf({ ...row, last_used: day });
  }

  /** Token `id` of `site` while it is live (dashboard and console sessions ask). */
  tokenLive(site: string, id: string, day: string): TokenRow | null {
    const row = this.sql
      .exec<TokenSql>(
        "SELECT id, site, name, role, fingerprint, created, expires, last_used FROM tokens WHERE id = ? AND site = ? AND (expires IS NULL OR expires > ?)",
        id,
        site,
        day,
      )
      .toArray()[0];
    return row ? rowOf(row) : null;
  }

  /** The session version of `site`'s `area` (0 until the first sign-out). */
  sessionVersion(site: string, area: SessionArea): number {
    return (
      this.sql
        .exec<{ version: number }>(
          "SELECT version FROM session_versions WHERE site = ? AND area = ?",
          site,
          area,
        )
        .toArray()[0]?.version ?? 0
    );
  }

  /**
   * The token `id` of a session of `site`'s `area` opened under session version `version`, while
   * the token is live and no sign-out has raised the version since; null otherwise.
   */
  sessionLive(
    site: string,
    area: SessionArea,
    id: string,
    version: number,
    day: string,
  ): TokenRow | null {
    if (this.sessionVersion(site, area) !== version) return null;
    return this.tokenLive(site, id, day);
  }

  /** Ends every session of `site`'s `area` (sign-out): raises its version; answers the new one. */
  endSessions(site: string, area: SessionArea): number {
    return (
      this.sql
        .exec<{ version: number }>(
          `INSERT INTO session_versions (site, area, version) VALUES (?, ?, 1)
           ON CONFLICT (site, area) DO UPDATE SET version = version + 1 RETURNING version`,
          site,
          area,
        )
        .toArray()[0]?.version ?? 1
    );
  }

  /** Adds a token; false when the site has MAX_TOKENS_PER_SITE already. */
  addToken(site: string, token: TokenInput, day: string): boolean {
    const [count] = this.sql
      .exec<{ n: number }>("SELECT count(*) AS n FROM tokens WHERE site = ?", site)
      .toArray();
    if ((count?.n ?? 0) >= MAX_TOKENS_PER_SITE) return false;
    this.insertToken(site, token, day);
    return true;
  }

  /** The site's tokens, oldest first, without their hashes. */
  listTokens(site: string): TokenRow[] {
    return this.sql
      .exec<TokenSql>(
        "SELECT id, site, name, role, fingerprint, created, expires, last_used FROM tokens WHERE site = ? ORDER BY rowid",
        site,
      )
      .toArray()
      .map(rowOf);
  }

  /** Revokes (deletes) a token of `site`; false when there is none with that id. */
  revokeToken(site: string, id: string): boolean {
    return this.sql.exec("DELETE FROM tokens WHERE id = ? AND site = ?", id, site).rowsWritten > 0;
  }
}
