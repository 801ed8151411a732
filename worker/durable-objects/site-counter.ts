/**
 * @module
 * One counter shard of one site (DESIGN.md "Counting model"), a SQLite-backed Durable Object named
 * `${site}:${shard}`. It holds only what invariant 2 allows, and no request time (every date is a
 * UTC day number); STORED_FIELDS lists every column, and a test compares it with the tables:
 * - `flows`: one row per (UTC day, day the old contribution was made, old set of counts, new
 *   set of counts; a set names segments and implicit counts, shared/counting-keys.ts) with a
 *   count: fresh contributions, replacements and retractions of that day.
 *   A contribution writes one row whatever the number of segments; the read path expands the
 *   sets into per-segment cells (worker/counting/cells.ts). Only today's rows ever change.
 * - `spent_nonces`: SHA-256 of spent receipt nonces until the receipt's expiry day; for a keyed
 *   replace also the key's hash, a keyed digest of the new contribution's counts and its day (a
 *   retry re-signs).
 * - `idempotency`: keyed hashes of idempotency keys with a keyed digest of the answer's counts
 *   and its day, kept to the day its answer's receipt expires (retention);
 * - `spent_challenges`: SHA-256 of spent proof-of-work challenges until the day after their
 *   expiry (worker/counting/proof.ts), so a proof counts once; nothing about who solved it;
 * - `released`: on shard 0, each released cell's noisy value, drawn once and kept (release.ts);
 * - `access_log`: marketer reads (time, endpoint, token fingerprint), on shard 0, for 90 days;
 * - `meta`: the site's retention, which the alarm needs, the schema version, and the most
 *   objects a keyed request routed here was routed by (worker/counting/shards.ts).
 * Count changes and nonce spends happen in one synchronous transaction, so a replay can never
 * change a count, and the DO's single thread makes concurrent retries count once.
 */
import { DurableObject } from "cloudflare:workers";
import { DAY_MS, dayOf, startOfDay } from "../counting/day.ts";
import { type RandomSource, sampleDiscreteLaplace } from "../counting/discrete-laplace.ts";
import {
  ACCESS_LOG_PAGE_ROWS,
  ACCESS_LOG_RETENTION_DAYS,
  MAX_ACCESS_LOG_ROWS,
  MAX_CACHED_CELLS,
} from "../limits.ts";

/** A contribution to take away: its day and counts, and its nonce's hash to spend. */
export interface Spend {
  nonceHash: string;
  day: number;
  /** The counts it is in, as its receipt lists them (shared/counting-keys.ts). */
  segments: string[];
  /** The UTC day on which the receipt expires (its nonce hash is kept until then). */
  expiresDay: number;
}

/** An idempotency record to look up or write. */
export interface IdempotencyInput {
  keyHash: string;
  /**
   * A keyed digest of the counts the contribution is in (worker/counting/assign.ts): a retry
   * must match it, and it is what is kept, never the segment or option ids themselves, which
   * would be the visitor's answers next to a key hash for the whole retention (issue 14).
   */
  counted: string;
  /** The UTC day from which the record is gone (day-rounded: no request time is kept). */
  expiresDay: number;
}

export interface AssignInput {
  /** The UTC day of the request. */
  day: number;
  /**
   * The counts the contribution is in: its segment ids and the implicit ones (respondents,
   * options, overlaps, breakdowns; shared/counting-keys.ts), written as one flow row.
   */
  segments: string[];
  windowDays: number;
  retentionDays: number;
  replaces?: Spend;
  idempotency?: IdempotencyInput;
  /**
   * For a keyed fresh contribution (routed by its key's hash): the object count it was routed
   * by. Fewer than this object has seen is `stale` (worker/counting/shards.ts StaleShards).
   */
  shards?: number;
}

/** An idempotency record found: the keyed digest of the first answer's counts, and its day. */
export interface IdempotencyRecord {
  counted: string;
  day: number;
}

export type AssignOutcome =
  | { kind: "counted"; rowsWritten: number }
  /** The key was seen with the same counts: the first answer's day. */
  | { kind: "replayed"; day: number }
  | { kind: "conflict" }
  | { kind: "spent" }
  /** Routed by fewer objects than this one has seen (a config from before a raise). */
  | { kind: "stale"; shards: number };

/** A flow row as the read path gets it (sets of counts as JSON arrays, "" for none). */
export interface FlowRow {
  day: number;
  made: number;
  old: string;
  new: string;
  n: number;
}

/** One released cell: a segment, a closed day, and which count it is. */
export type CellKind = "added" | "removed" | "checkpoint";
export interface CellKey {
  segment: string;
  day: number;
  kind: CellKind;
}
/** A cell to release: its true value and the discrete Laplace scale num/den of its noise. */
export interface CellToRelease extends CellKey {
  value: number;
  scaleNum: number;
  scaleDen: number;
}
export interface ReleasedCell extends CellKey {
  value: number;
}

/** The order of cell kinds in ReleasedColumns. */
export const CELL_KINDS: readonly CellKind[] = ["added", "removed", "checkpoint"];

/**
 * Released cells as columns (releasedOf): `keys[i]` indexes the keys asked for, `kinds[i]`
 * CELL_KINDS. Flat number arrays cross RPC far cheaper than an object per cell.
 */
export interface ReleasedColumns {
  keys: number[];
  days: number[];
  kinds: number[];
  values: number[];
}

export interface AccessRow {
  at: number;
  endpoint: string;
  token: string;
}

/** One page of the access log, newest first, and where the next page starts (if any). */
export interface AccessPage {
  rows: AccessRow[];
  /** The row id below which the next page starts. */
  next?: number;
}

/** Every stored column and what it holds (the privacy record lists these; a test checks them). */
export const STORED_FIELDS: readonly { table: string; column: string; holds: string }[] = [
  { table: "flows", column: "day", holds: "the UTC day (no time of day)" },
  {
    table: "flows",
    column: "made",
    holds: "the UTC day the replaced or retracted contribution was made",
  },
  {
    table: "flows",
    column: "old",
    holds:
      "the counts the contribution taken away was in (segment ids, * for respondents, question=option, a&b overlaps, segment|question=option), or empty",
  },
  {
    table: "flows",
    column: "new",
    holds: "the counts the contribution added is in (as old), or empty",
  },
  { table: "flows", column: "n", holds: "how many contributions did exactly this" },
  { table: "spent_nonces", column: "hash", holds: "SHA-256 of a spent receipt nonce" },
  { table: "spent_nonces", column: "expires_day", holds: "the UTC day the receipt expires" },
  {
    table: "spent_nonces",
    column: "key_hash",
    holds: "keyed hash of a replace's idempotency key, or null",
  },
  {
    table: "spent_nonces",
    column: "segments",
    holds:
      "keyed digest (HMAC) of the counts that replace's new contribution is in, or null; never the ids",
  },
  { table: "spent_nonces", column: "day", holds: "the UTC day of that replace, or null" },
  { table: "idempotency", column: "hash", holds: "keyed hash of an idempotency key" },
  {
    table: "idempotency",
    column: "segments",
    holds: "keyed digest (HMAC) of the counts its answer is in; never the ids",
  },
  { table: "idempotency", column: "day", holds: "the UTC day of its answer" },
  { table: "idempotency", column: "expires_day", holds: "the UTC day it is deleted" },
  {
    table: "spent_challenges",
    column: "hash",
    holds: "SHA-256 of a spent proof-of-work challenge",
  },
  {
    table: "spent_challenges",
    column: "expires_day",
    holds: "the UTC day it is deleted (the day after the challenge expires)",
  },
  {
    table: "released",
    column: "segment",
    holds:
      "the count: a segment id, * (respondents), question=option, a&b or segment|question=option",
  },
  { table: "released", column: "day", holds: "a closed UTC day" },
  { table: "released", column: "kind", holds: "added, removed or checkpoint" },
  { table: "released", column: "value", holds: "the noisy count, drawn once and kept" },
  { table: "access_log", column: "at", holds: "when a marketer read the counts (epoch ms)" },
  { table: "access_log", column: "endpoint", holds: "what was read" },
  {
    table: "access_log",
    column: "token",
    holds: "8-hex fingerprint of the marketer token's hash; -------- for a failed sign-in",
  },
  {
    table: "meta",
    column: "key",
    holds:
      "retentionDays, schema, shards (the most the site's keyed requests were routed by), or synthetic (local demo)",
  },
  { table: "meta", column: "value", holds: "its integer value" },
];

/**
 * Bumped when a table changes shape; older tables are dropped (no deployment holds data yet).
 *
 * Indexes (choice): the tables a visitor's request writes (`spent_nonces`, `idempotency`,
 * `spent_challenges`) have no secondary index. Each index entry is one more billed row written
 * on every assignment (issue 9: at most 2 rows an assignment; `npm run bench -- counting`),
 * while the daily alarm's `DELETE … WHERE expires_day < ?` without one reads each row once a
 * day, at $0.001 per million rows read against $1.00 per million written. The tables written on
 * reads or by day (`released`, `access_log`, `flows` by its primary key) are indexed by day.
 */
const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flows (
  day INTEGER NOT NULL, made INTEGER NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL,
  n INTEGER NOT NULL, PRIMARY KEY (day, made, old, new)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS spent_nonces (
  hash TEXT PRIMARY KEY, expires_day INTEGER NOT NULL, key_hash TEXT, segments TEXT, day INTEGER)
  WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency (
  hash TEXT PRIMARY KEY, segments TEXT NOT NULL, day INTEGER NOT NULL,
  expires_day INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS spent_challenges (
  hash TEXT PRIMARY KEY, expires_day INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS released (
  segment TEXT NOT NULL, day INTEGER NOT NULL, kind TEXT NOT NULL, value INTEGER NOT NULL,
  PRIMARY KEY (segment, day, kind)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS access_log (at INTEGER NOT NULL, endpoint TEXT NOT NULL, token TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);
CREATE INDEX IF NOT EXISTS released_day ON released (day);
DROP INDEX IF EXISTS spent_nonces_expires;
DROP INDEX IF EXISTS idempotency_expires;
DROP INDEX IF EXISTS spent_challenges_expires;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

const OLD_TABLES = ["buckets", "spent_nonces", "idempotency"];

/** Rows read and written by this object since it started (memory only: for `npm run bench`). */
export interface Usage {
  rowsRead: number;
  rowsWritten: number;
}

export class SiteCounter extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private alarmKnown = false;
  private retentionKnown: number | undefined;
  /** The most objects a keyed request routed here was routed by (meta `shards`). */
  private shardsSeen = 0;
  private readonly used: Usage = { rowsRead: 0, rowsWritten: 0 };
  /**
   * Released cells read so far, per key: the days [from, to] read from SQL, and every cell of
   * them (day * 3 + CELL_KINDS index → value). Memory only; the values are the stored ones.
   */
  private readonly cache = new Map<
    string,
    { from: number; to: number; cells: Map<number, number> }
  >();
  private cachedCells = 0;
  /** The noise source; tests may swap it (runInDurableObject) to make draws reproducible. */
  random: RandomSource | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      const hasMeta =
        this.sql
          .exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
          .toArray().length > 0;
      const version = hasMeta
        ? this.sql
            .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'")
            .toArray()[0]?.value
        : SCHEMA_VERSION;
      if (version !== SCHEMA_VERSION) {
        for (const t of OLD_TABLES) this.sql.exec(`DROP TABLE IF EXISTS ${t}`);
      }
      this.sql.exec(SCHEMA);
      if (version !== SCHEMA_VERSION || !hasMeta) {
        this.sql.exec(
          "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)",
          SCHEMA_VERSION,
        );
      }
      this.shardsSeen =
        this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'shards'").toArray()[0]
          ?.value ?? 0;
    });
  }

  /** Runs one statement and counts its rows read and written. */
  private run<T extends Record<string, SqlStorageValue>>(
    query: string,
    ...bindings: unknown[]
  ): T[] {
    const cursor = this.sql.exec<T>(query, ...bindings);
    const rows = cursor.toArray();
    this.used.rowsRead += cursor.rowsRead;
    this.used.rowsWritten += cursor.rowsWritten;
    return rows;
  }

  /**
   * Raises the object count this object has seen to `shards` (kept in meta); false when `shards`
   * is below it. Inside the caller's transaction: a keyed write routed by an older config can
   * then never slip in after a newer router asked here (worker/README.md, "Sharding").
   */
  private seeShards(shards: number): boolean {
    if (shards < this.shardsSeen) return false;
    if (shards > this.shardsSeen) {
      this.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('shards', ?)", shards);
      this.shardsSeen = shards;
    }
    return true;
  }

  /**
   * The live idempotency record of `keyHash` on `today`, if this object holds one (a keyed
   * request asks the objects its key was routed to under earlier counts, worker/counting/
   * shards.ts), noting `shards`, the count the asker routes by.
   */
  idempotent(keyHash: string, today: number, shards: number): IdempotencyRecord | null {
    return this.ctx.storage.transactionSync(() => {
      this.seeShards(shards);
      const row = this.run<{ segments: string; day: number }>(
        "SELECT segments, day FROM idempotency WHERE hash = ? AND expires_day > ?",
        keyHash,
        today,
      )[0];
      // The `segments` column holds the digest of the counts (IdempotencyInput.counted).
      return row ? { counted: row.segments, day: row.day } : null;
    });
  }

  /** Counts a contribution, spending `replaces` and honouring `idempotency`, all or nothing. */
  async assign(input: AssignInput): Promise<AssignOutcome> {
    const before = this.used.rowsWritten;
    const outcome = this.ctx.storage.transactionSync((): AssignOutcome => {
      const idem = input.idempotency;
      if (input.shards !== undefined && !this.seeShards(input.shards)) {
        return { kind: "stale", shards: this.shardsSeen };
      }
      if (input.replaces) {
        const spent = this.run<{
          key_hash: string | null;
          segments: string | null;
          day: number | null;
        }>(
          "SELECT key_hash, segments, day FROM spent_nonces WHERE hash = ?",
          input.replaces.nonceHash,
        )[0];
        if (spent) {
          // A retry of a keyed replace meets its own spend: the first answer again.
          if (
            idem &&
            spent.key_hash === idem.keyHash &&
            spent.segments !== null &&
            spent.day !== null
          ) {
            if (spent.segments !== idem.counted) return { kind: "conflict" };
            return { kind: "replayed", day: spent.day };
          }
          return { kind: "spent" };
        }
        this.run(
          "INSERT INTO spent_nonces (hash, expires_day, key_hash, segments, day) VALUES (?, ?, ?, ?, ?)",
          input.replaces.nonceHash,
          input.replaces.expiresDay,
          idem?.keyHash ?? null,
          idem ? idem.counted : null,
          idem ? input.day : null,
        );
      } else if (idem) {
        const row = this.run<{ segments: string; day: number }>(
          "SELECT segments, day FROM idempotency WHERE hash = ? AND expires_day > ?",
          idem.keyHash,
          input.day,
        )[0];
        if (row) {
          if (row.segments !== idem.counted) return { kind: "conflict" };
          return { kind: "replayed", day: row.day };
        }
        this.run(
          "INSERT OR REPLACE INTO idempotency (hash, segments, day, expires_day) VALUES (?, ?, ?, ?)",
          idem.keyHash,
          idem.counted,
          input.day,
          idem.expiresDay,
        );
      }
      this.flow(input.day, input.windowDays, input.replaces, input.segments);
      this.remember(input.retentionDays);
      return { kind: "counted", rowsWritten: 0 };
    });
    await this.ensureAlarm();
    if (outcome.kind === "counted") outcome.rowsWritten = this.used.rowsWritten - before;
    return outcome;
  }

  /** Retracts a contribution on `day`: spends its nonce and counts it as gone. */
  async retract(
    spend: Spend,
    day: number,
    windowDays: number,
    retentionDays: number,
  ): Promise<"retracted" | "spent"> {
    const done = this.ctx.storage.transactionSync(() => {
      const seen = this.run("SELECT 1 FROM spent_nonces WHERE hash = ?", spend.nonceHash);
      if (seen.length > 0) return false;
      this.run(
        "INSERT INTO spent_nonces (hash, expires_day) VALUES (?, ?)",
        spend.nonceHash,
        spend.expiresDay,
      );
      this.flow(day, windowDays, spend, []);
      this.remember(retentionDays);
      return true;
    });
    await this.ensureAlarm();
    return done ? "retracted" : "spent";
  }

  /**
   * One flow row for today: the old contribution leaves (unless it already aged out of the
   * window, when taking it away changes no count) and the new one arrives. Nothing when neither
   * touches a segment.
   */
  private flow(day: number, windowDays: number, old: Spend | undefined, segments: string[]): void {
    const live = old !== undefined && day - old.day < windowDays && old.segments.length > 0;
    const oldSet = live ? JSON.stringify(old.segments) : "";
    const newSet = segments.length > 0 ? JSON.stringify(segments) : "";
    if (oldSet === "" && newSet === "") return;
    this.run(
      `INSERT INTO flows (day, made, old, new, n) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (day, made, old, new) DO UPDATE SET n = n + 1`,
      day,
      live ? old.day : day,
      oldSet,
      newSet,
    );
  }

  /**
   * Spends a proof-of-work challenge by its hash, kept until `expiresDay`: false when it was
   * spent already (and is not yet expired on `today`).
   */
  async spendChallenge(hash: string, expiresDay: number, today: number): Promise<boolean> {
    const fresh = this.ctx.storage.transactionSync(() => {
      const seen = this.run(
        "SELECT 1 FROM spent_challenges WHERE hash = ? AND expires_day > ?",
        hash,
        today,
      );
      if (seen.length > 0) return false;
      this.run(
        "INSERT OR REPLACE INTO spent_challenges (hash, expires_day) VALUES (?, ?)",
        hash,
        expiresDay,
      );
      return true;
    });
    await this.ensureAlarm();
    return fresh;
  }

  /** Flow rows of days in [from, to]. */
  flows(from: number, to: number): FlowRow[] {
    return this.run<{ day: number; made: number; old: string; new: string; n: number }>(
      "SELECT day, made, old, new, n FROM flows WHERE day >= ? AND day <= ?",
      from,
      to,
    ).map((r) => ({ day: r.day, made: r.made, old: r.old, new: r.new, n: r.n }));
  }

  /** Released cells of days in [from, to] (shard 0), every key. */
  released(from: number, to: number): ReleasedCell[] {
    return this.run<{ segment: string; day: number; kind: string; value: number }>(
      "SELECT segment, day, kind, value FROM released WHERE day >= ? AND day <= ?",
      from,
      to,
    ).map((r) => ({ segment: r.segment, day: r.day, kind: r.kind as CellKind, value: r.value }));
  }

  /**
   * Released cells of `keys` for days in [from, to] (shard 0), as columns: the read path's call
   * (release.ts). A released cell never changes once drawn, so each key's cells are kept in
   * memory as first read (`cache`): a later read of days already read reads no row; the rest
   * come from SQL by the primary key (segment, day, kind), nothing else read.
   */
  releasedOf(from: number, to: number, keys: string[]): ReleasedColumns {
    const out: ReleasedColumns = { keys: [], days: [], kinds: [], values: [] };
    const cold: string[] = [];
    for (const key of keys) {
      const c = this.cache.get(key);
      if (!c || c.from > from || c.to < to) cold.push(key);
    }
    if (cold.length > 0) {
      const loaded = new Map(cold.map((k) => [k, new Map<number, number>()]));
      for (const r of this.run<{ segment: string; day: number; kind: string; value: number }>(
        "SELECT segment, day, kind, value FROM released WHERE segment IN (SELECT value FROM json_each(?)) AND day >= ? AND day <= ?",
        JSON.stringify(cold),
        from,
        to,
      )) {
        const kind = CELL_KINDS.indexOf(r.kind as CellKind);
        if (kind >= 0) loaded.get(r.segment)?.set(r.day * 3 + kind, r.value);
      }
      if (this.cachedCells > MAX_CACHED_CELLS) this.dropCache();
      for (const [key, cells] of loaded) {
        this.cache.set(key, { from, to, cells });
        this.cachedCells += cells.size;
      }
    }
    keys.forEach((key, i) => {
      const c = this.cache.get(key);
      if (!c) return;
      for (const [at, value] of c.cells) {
        const day = Math.floor(at / 3);
        if (day < from || day > to) continue;
        out.keys.push(i);
        out.days.push(day);
        out.kinds.push(at - day * 3);
        out.values.push(value);
      }
    });
    return out;
  }

  /** Forgets the released cells kept in memory (retention deleted some; or too many). */
  private dropCache(): void {
    this.cache.clear();
    this.cachedCells = 0;
  }

  /**
   * Releases cells (shard 0): each one not released yet gets its noise now, once, and is kept;
   * one released before keeps its value whatever `value` says now. Answers every cell asked.
   */
  release(cells: CellToRelease[]): ReleasedCell[] {
    return this.ctx.storage.transactionSync(() =>
      cells.map((c) => {
        const kept = this.run<{ value: number }>(
          "SELECT value FROM released WHERE segment = ? AND day = ? AND kind = ?",
          c.segment,
          c.day,
          c.kind,
        )[0];
        if (kept) return { segment: c.segment, day: c.day, kind: c.kind, value: kept.value };
        const noise = sampleDiscreteLaplace(
          { num: BigInt(c.scaleNum), den: BigInt(c.scaleDen) },
          this.random,
        );
        const value = c.value + Number(noise);
        this.run(
          "INSERT INTO released (segment, day, kind, value) VALUES (?, ?, ?, ?)",
          c.segment,
          c.day,
          c.kind,
          value,
        );
        // A key kept in memory over this day has it from now on too.
        const cached = this.cache.get(c.segment);
        if (cached && c.day >= cached.from && c.day <= cached.to) {
          cached.cells.set(c.day * 3 + CELL_KINDS.indexOf(c.kind), value);
          this.cachedCells++;
        }
        return { segment: c.segment, day: c.day, kind: c.kind, value };
      }),
    );
  }

  /**
   * Seeds flow rows once (the local demo's synthetic history, counting/synthetic.ts): only into
   * an object that holds no flows and was never seeded. Answers whether it seeded.
   */
  seed(rows: FlowRow[], retentionDays: number): boolean {
    return this.ctx.storage.transactionSync(() => {
      const seeded = this.run("SELECT 1 FROM meta WHERE key = 'synthetic'").length > 0;
      if (seeded) return false;
      for (const r of rows) {
        this.run(
          "INSERT OR IGNORE INTO flows (day, made, old, new, n) VALUES (?, ?, ?, ?, ?)",
          r.day,
          r.made,
          r.old,
          r.new,
          r.n,
        );
      }
      this.run("INSERT INTO meta (key, value) VALUES ('synthetic', 1)");
      this.remember(retentionDays);
      return true;
    });
  }

  /** Rows read and written since this object started. */
  usage(): Usage {
    return { ...this.used };
  }

  /** Appends one marketer read to the access log, dropping the oldest past MAX_ACCESS_LOG_ROWS. */
  async appendAccess(row: AccessRow): Promise<void> {
    this.ctx.storage.transactionSync(() => {
      this.run(
        "INSERT INTO access_log (at, endpoint, token) VALUES (?, ?, ?)",
        row.at,
        row.endpoint,
        row.token,
      );
      // Row ids grow with each append, so the cap is a range delete on the table's own key.
      this.run(
        "DELETE FROM access_log WHERE rowid <= (SELECT max(rowid) FROM access_log) - ?",
        MAX_ACCESS_LOG_ROWS,
      );
    });
    await this.ensureAlarm();
  }

  /**
   * Access-log rows at or after `since` (epoch ms), newest first (appends come in time order, so
   * row id order is time order), at most `limit`, below row id `before`: only the rows asked for
   * are read (ORDER BY … LIMIT in SQL), never the whole log.
   */
  accessPage(since: number, limit: number = ACCESS_LOG_PAGE_ROWS, before?: number): AccessPage {
    const take = Math.max(1, Math.min(limit, ACCESS_LOG_PAGE_ROWS));
    const rows = this.run<{ id: number; at: number; endpoint: string; token: string }>(
      "SELECT rowid AS id, at, endpoint, token FROM access_log WHERE rowid < ? AND at >= ? ORDER BY rowid DESC LIMIT ?",
      before ?? Number.MAX_SAFE_INTEGER,
      since,
      take + 1,
    );
    const page: AccessPage = {
      rows: rows.slice(0, take).map((r) => ({ at: r.at, endpoint: r.endpoint, token: r.token })),
    };
    const last = rows[take - 1];
    if (rows.length > take && last) page.next = last.id;
    return page;
  }

  /**
   * Retention (DESIGN.md invariant 6): deletes flows and released cells past the retention,
   * expired nonce and idempotency hashes, and access-log rows past 90 days. Idempotent: alarms
   * may run twice. The next run is at the start of a UTC day, so the alarm's time says nothing
   * about when a visitor wrote.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.cleanUp(now);
    const left = this.sql
      .exec<{ n: number }>(
        "SELECT (SELECT count(*) FROM flows) + (SELECT count(*) FROM released) + (SELECT count(*) FROM spent_nonces) + (SELECT count(*) FROM idempotency) + (SELECT count(*) FROM spent_challenges) + (SELECT count(*) FROM access_log) AS n",
      )
      .one().n;
    if (left > 0) await this.ctx.storage.setAlarm(nextAlarm(now));
    this.alarmKnown = left > 0;
  }

  /** The deletions of one alarm run at `now`. */
  cleanUp(now: number): void {
    const today = dayOf(now);
    const retention = this.sql
      .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'retentionDays'")
      .toArray()[0]?.value;
    this.ctx.storage.transactionSync(() => {
      if (retention !== undefined) {
        // Keep the `retention` most recent days, today included.
        this.sql.exec("DELETE FROM flows WHERE day <= ?", today - retention);
        this.sql.exec("DELETE FROM released WHERE day <= ?", today - retention);
        this.dropCache();
      }
      this.sql.exec("DELETE FROM spent_nonces WHERE expires_day <= ?", today);
      this.sql.exec("DELETE FROM idempotency WHERE expires_day <= ?", today);
      this.sql.exec("DELETE FROM spent_challenges WHERE expires_day <= ?", today);
      this.sql.exec(
        "DELETE FROM access_log WHERE at < ?",
        now - ACCESS_LOG_RETENTION_DAYS * DAY_MS,
      );
    });
  }

  /** Writes the retention only when it changed (a row written per call would cost). */
  private remember(retentionDays: number): void {
    if (this.retentionKnown === retentionDays) return;
    const row = this.run<{ value: number }>(
      "SELECT value FROM meta WHERE key = 'retentionDays'",
    )[0];
    if (row?.value !== retentionDays) {
      this.run(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('retentionDays', ?)",
        retentionDays,
      );
    }
    this.retentionKnown = retentionDays;
  }

  private async ensureAlarm(): Promise<void> {
    if (this.alarmKnown) return;
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(nextAlarm(Date.now()));
    }
    this.alarmKnown = true;
  }
}

/** The next retention run: the start of the next UTC day. */
export function nextAlarm(now: number): number {
  return startOfDay(dayOf(now) + 1);
}
