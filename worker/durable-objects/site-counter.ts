/**
 * @module
 * One counter shard of one site (DESIGN.md "Counting model"), a SQLite-backed Durable Object named
 * `${site}:${shard}`. It holds only what invariant 2 allows:
 * - `buckets`: aggregate counts per (UTC day, segment): contributions `added` that day, and
 *   contributions of that day `removed` since (retracted or replaced);
 * - `spent_nonces`: SHA-256 of spent receipt nonces, with the receipt's expiry;
 * - `idempotency`: keyed hashes of idempotency keys with the answer's segment ids, day and issue
 *   time (enough to re-sign the same receipt; the nonce itself is never stored), 24-hour expiry;
 * - `access_log`: marketer reads (time, endpoint, token fingerprint), on shard 0, for 90 days;
 * - `meta`: the site's retention, which the alarm needs.
 * Count changes and nonce spends happen in one synchronous transaction, so a replay can never
 * change a count, and the DO's single thread makes concurrent retries count once.
 */
import { DurableObject } from "cloudflare:workers";
import { DAY_MS, dayOf } from "../counting/day.ts";
import { ACCESS_LOG_RETENTION_DAYS, ALARM_INTERVAL_MS } from "../limits.ts";

/** A contribution to take away: its day and segments, and its nonce's hash to spend. */
export interface Spend {
  nonceHash: string;
  day: number;
  segments: string[];
  expiresAt: number;
}

/** An idempotency record to look up or write. */
export interface IdempotencyInput {
  keyHash: string;
  /** When the answer was first issued (epoch ms); the Worker derives the receipt nonce from it. */
  issuedAt: number;
  expiresAt: number;
  /** The spent nonce's hash of `replaces`, or "" (a different `replaces` is a conflict). */
  replaces: string;
}

export interface AssignInput {
  day: number;
  segments: string[];
  retentionDays: number;
  now: number;
  replaces?: Spend;
  idempotency?: IdempotencyInput;
}

export type AssignOutcome =
  | { kind: "counted" }
  /** The key was seen: the first answer's segments, day and issue time. */
  | { kind: "replayed"; segments: string[]; day: number; issuedAt: number }
  | { kind: "conflict" }
  | { kind: "spent" };

/** A bucket row as the read path gets it. */
export interface BucketRow {
  day: number;
  segment: string;
  added: number;
  removed: number;
}

export interface AccessRow {
  at: number;
  endpoint: string;
  token: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS buckets (
  day INTEGER NOT NULL, segment TEXT NOT NULL,
  added INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, segment));
CREATE TABLE IF NOT EXISTS spent_nonces (hash TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
  hash TEXT PRIMARY KEY, segments TEXT NOT NULL, day INTEGER NOT NULL, issued_at INTEGER NOT NULL,
  replaces TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS access_log (at INTEGER NOT NULL, endpoint TEXT NOT NULL, token TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

export class SiteCounter extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private alarmKnown = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(SCHEMA);
    });
  }

  /** Counts a contribution, spending `replaces` and honouring `idempotency`, all or nothing. */
  async assign(input: AssignInput): Promise<AssignOutcome> {
    const outcome = this.ctx.storage.transactionSync((): AssignOutcome => {
      const idem = input.idempotency;
      if (idem) {
        const row = this.sql
          .exec<{ segments: string; day: number; issued_at: number; replaces: string }>(
            "SELECT segments, day, issued_at, replaces FROM idempotency WHERE hash = ? AND expires_at > ?",
            idem.keyHash,
            input.now,
          )
          .toArray()[0];
        if (row) {
          if (row.segments !== JSON.stringify(input.segments) || row.replaces !== idem.replaces) {
            return { kind: "conflict" };
          }
          return {
            kind: "replayed",
            segments: JSON.parse(row.segments),
            day: row.day,
            issuedAt: row.issued_at,
          };
        }
      }
      if (input.replaces && !this.spend(input.replaces)) return { kind: "spent" };
      this.bump(input.day, input.segments, "added");
      if (idem) {
        this.sql.exec(
          "INSERT OR REPLACE INTO idempotency (hash, segments, day, issued_at, replaces, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
          idem.keyHash,
          JSON.stringify(input.segments),
          input.day,
          idem.issuedAt,
          idem.replaces,
          idem.expiresAt,
        );
      }
      this.remember(input.retentionDays);
      return { kind: "counted" };
    });
    await this.ensureAlarm();
    return outcome;
  }

  /** Retracts a contribution: spends its nonce and counts it as removed on its day. */
  async retract(spend: Spend, retentionDays: number): Promise<"retracted" | "spent"> {
    const done = this.ctx.storage.transactionSync(() => {
      if (!this.spend(spend)) return false;
      this.remember(retentionDays);
      return true;
    });
    await this.ensureAlarm();
    return done ? "retracted" : "spent";
  }

  /** Bucket rows for days in [from, to], optionally only some segments. */
  buckets(from: number, to: number, segments?: string[]): BucketRow[] {
    const rows = this.sql
      .exec<{ day: number; segment: string; added: number; removed: number }>(
        "SELECT day, segment, added, removed FROM buckets WHERE day >= ? AND day <= ?",
        from,
        to,
      )
      .toArray();
    const only = segments ? new Set(segments) : undefined;
    return rows
      .filter((r) => !only || only.has(r.segment))
      .map((r) => ({ day: r.day, segment: r.segment, added: r.added, removed: r.removed }));
  }

  /** Appends one marketer read to the access log. */
  async appendAccess(row: AccessRow): Promise<void> {
    this.sql.exec(
      "INSERT INTO access_log (at, endpoint, token) VALUES (?, ?, ?)",
      row.at,
      row.endpoint,
      row.token,
    );
    await this.ensureAlarm();
  }

  /** Access-log rows at or after `since` (epoch ms), oldest first. */
  listAccess(since: number): AccessRow[] {
    return this.sql
      .exec<{ at: number; endpoint: string; token: string }>(
        "SELECT at, endpoint, token FROM access_log WHERE at >= ? ORDER BY at, rowid",
        since,
      )
      .toArray()
      .map((r) => ({ at: r.at, endpoint: r.endpoint, token: r.token }));
  }

  /**
   * Retention (DESIGN.md invariant 6): deletes buckets past the retention, expired nonce and
   * idempotency hashes, and access-log rows past 90 days. Idempotent: alarms may run twice.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.cleanUp(now);
    const left = this.sql
      .exec<{ n: number }>(
        "SELECT (SELECT count(*) FROM buckets) + (SELECT count(*) FROM spent_nonces) + (SELECT count(*) FROM idempotency) + (SELECT count(*) FROM access_log) AS n",
      )
      .one().n;
    if (left > 0) await this.ctx.storage.setAlarm(now + ALARM_INTERVAL_MS);
    this.alarmKnown = left > 0;
  }

  /** The deletions of one alarm run at `now`. */
  cleanUp(now: number): void {
    const retention = this.sql
      .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'retentionDays'")
      .toArray()[0]?.value;
    this.ctx.storage.transactionSync(() => {
      if (retention !== undefined) {
        // Keep the `retention` most recent days, today included.
        this.sql.exec("DELETE FROM buckets WHERE day <= ?", dayOf(now) - retention);
      }
      this.sql.exec("DELETE FROM spent_nonces WHERE expires_at <= ?", now);
      this.sql.exec("DELETE FROM idempotency WHERE expires_at <= ?", now);
      this.sql.exec(
        "DELETE FROM access_log WHERE at < ?",
        now - ACCESS_LOG_RETENTION_DAYS * DAY_MS,
      );
    });
  }

  /** Spends a nonce and removes its contribution; false when it was spent before. */
  private spend(s: Spend): boolean {
    const seen = this.sql.exec("SELECT 1 FROM spent_nonces WHERE hash = ?", s.nonceHash).toArray();
    if (seen.length > 0) return false;
    this.sql.exec(
      "INSERT INTO spent_nonces (hash, expires_at) VALUES (?, ?)",
      s.nonceHash,
      s.expiresAt,
    );
    this.bump(s.day, s.segments, "removed");
    return true;
  }

  private bump(day: number, segments: readonly string[], column: "added" | "removed"): void {
    for (const segment of segments) {
      this.sql.exec(
        `INSERT INTO buckets (day, segment, ${column}) VALUES (?, ?, 1)
         ON CONFLICT (day, segment) DO UPDATE SET ${column} = ${column} + 1`,
        day,
        segment,
      );
    }
  }

  private remember(retentionDays: number): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO meta (key, value) VALUES ('retentionDays', ?)",
      retentionDays,
    );
  }

  private async ensureAlarm(): Promise<void> {
    if (this.alarmKnown) return;
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + ALARM_INTERVAL_MS);
    }
    this.alarmKnown = true;
  }
}
