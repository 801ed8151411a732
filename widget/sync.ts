/**
 * @module
 * Keeps the edge in line with the device record (DESIGN.md "Data flow" 3-5, "Counting model").
 * The record is written locally first, always; this module then sends what it owes, one request
 * at a time:
 * - counting granted and a `pending` contribution: fetch a challenge, solve it in the background
 *   (widget/proof.ts; the UI never waits for it), then POST it with its idempotency key (kept in the
 *   record, so a retry, now or on the next load, counts once), replacing the old receipt; on a
 *   site with `proof: "turnstile"` (the operator's option), a Turnstile token takes the solved
 *   challenge's place (widget/turnstile.ts: Cloudflare's script, loaded only then);
 * - counting granted and a receipt older than a week: a refresh (a POST with `replaces`);
 * - counting not granted and a receipt: DELETE it (409 = already spent: done);
 * - a receipt owed a retraction after "Delete my data" went offline: DELETE it.
 * Failures that may pass later (no answer, 429, 5xx) are retried with exponential backoff, then
 * left in the record for the next load. Nothing is sent without counting consent (invariant 1).
 */
import { type ConsentRecord, receiptNeedsRefresh, type StoredReceipt } from "../shared/consent.ts";
import type { AssignmentRequest, Proof, PublicSiteConfig } from "../shared/schema.ts";
import { usableAnswers } from "./answers.ts";
import { type Api, retryable } from "./api.ts";
import { solveInBackground } from "./proof.ts";
import type { RecordStore } from "./store.ts";
import { turnstileToken } from "./turnstile.ts";

/** First retry delay; each next one doubles (1, 2, 4, 8, 16 s). */
export const RETRY_BASE_MS = 1000;
/** Retries within one page view before the rest waits for the next load. */
export const MAX_RETRIES = 5;
/** How long a solved but unsent proof is kept for the next send (well inside its lifetime). */
export const PROOF_KEEP_MS = 60_000;

export interface SyncDeps {
  api: Api;
  store: RecordStore;
  config: Pick<
    PublicSiteConfig,
    "countingPurpose" | "questions" | "policyVersion" | "proof" | "turnstileSiteKey"
  >;
  /** Called with the record after every change this module makes to it. */
  onChange?: (record: ConsentRecord | undefined) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  newKey?: () => string;
  /** Solves a proof-of-work challenge (default: Web Crypto in the background, widget/proof.ts). */
  solve?: (challenge: string, difficulty: number, bind?: string) => Promise<number | undefined>;
  /** A Turnstile token for a sitekey (default: Cloudflare's widget, widget/turnstile.ts). */
  turnstile?: (siteKey: string) => Promise<string | undefined>;
}

/** Answers that a fresh challenge may cure: the next try fetches and solves a new one. */
const PROOF_CODES = new Set(["proof_required", "invalid_proof", "proof_expired", "proof_spent"]);

export interface Sync {
  readonly record: ConsentRecord | undefined;
  /**
   * Starts from the stored record (and a retraction owed from an earlier page) and sends what is
   * owed. `hold`: the record is no longer a valid decision (expired, new policy), so nothing is
   * sent for it until the visitor decides again (its receipt is then replaced or retracted).
   */
  start(record: ConsentRecord | undefined, owed?: string, hold?: boolean): void;
  /** A new decision: saved on the device first, then sent if counting is granted. */
  commit(next: ConsentRecord): Promise<void>;
  /** "Delete my data": retract the contribution, then clear the device. */
  forget(): Promise<void>;
  /** Resolves when nothing more will be sent in this page view (for tests and page unload). */
  idle(): Promise<void>;
}

/** A random idempotency key: 32 hex characters (shared/schema.ts IdempotencyKeySchema). */
export function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}

type Step = "idle" | "progress" | "retry" | "halt";

export function createSync(deps: SyncDeps): Sync {
  const { api, store, config } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const newKey = deps.newKey ?? randomKey;
  const solve = deps.solve ?? solveInBackground;
  const turnstile = deps.turnstile ?? turnstileToken;
  /**
   * A solved proof not sent yet (the record changed while it was solved), with its expiry and
   * the idempotency key it is bound to: only a send under that key can use it.
   */
  let spare: { proof: Proof; expiresAt: number; key: string } | undefined;
  const cp = config.countingPurpose;
  let record: ConsentRecord | undefined;
  let owed: string | undefined;
  let running: Promise<void> | undefined;
  let dirty = false;
  let wake: (() => void) | undefined;
  let held = false;

  async function update(next: ConsentRecord | undefined): Promise<void> {
    record = next;
    await (next ? store.save(next) : store.clear());
    deps.onChange?.(next);
  }

  /** A request for `oldToken` ended: `receipt` (or nothing) takes its place wherever it is named. */
  async function rebase(
    oldToken: string | undefined,
    receipt: StoredReceipt | undefined,
    key?: string,
  ) {
    const cur = record;
    if (!cur) {
      // Deleted while the request was in flight: the new contribution is retracted too.
      if (receipt) {
        owed = receipt.token;
        await store.setOwed(owed);
      }
      return;
    }
    const next: ConsentRecord = { ...cur };
    if (key !== undefined && cur.pending?.idempotencyKey === key) delete next.pending;
    else if (cur.pending && cur.pending.replaces === oldToken) {
      // A newer decision was queued against the old receipt: it now replaces the new one.
      next.pending = { idempotencyKey: cur.pending.idempotencyKey };
      if (receipt) next.pending.replaces = receipt.token;
    }
    if (cur.receipt?.token === oldToken) {
      if (receipt) next.receipt = receipt;
      else delete next.receipt;
    }
    await update(next);
  }

  /**
   * A fresh solved proof bound to the send's idempotency key `key` (the Worker remembers the key
   * anyway, so it stores nothing for the proof), or the failed challenge call. On a Turnstile
   * site, a fresh Turnstile token (none yet: status 0, tried again with the backoff).
   */
  async function prove(
    key: string,
  ): Promise<{ ok: true; proof: Proof } | { ok: false; status: number }> {
    const kept = spare;
    spare = undefined;
    if (kept && kept.key === key && kept.expiresAt > now()) return { ok: true, proof: kept.proof };
    if (config.proof === "turnstile") {
      const token = await turnstile(config.turnstileSiteKey ?? "").catch(() => undefined);
      return token ? { ok: true, proof: { turnstile: token } } : { ok: false, status: 0 };
    }
    const res = await api.challenge();
    if (!res.ok) return res;
    const solution = await solve(res.body.challenge, res.body.difficulty, key);
    if (solution === undefined) return { ok: false, status: 0 };
    return { ok: true, proof: { challenge: res.body.challenge, solution } };
  }

  function body(
    r: ConsentRecord,
    pending: NonNullable<ConsentRecord["pending"]>,
    proof: Proof,
  ): AssignmentRequest {
    const b: AssignmentRequest = {
      proof,
      policyVersion: r.policyVersion,
      consent: r.consent,
      answers: usableAnswers(config, r.consent, r.answers),
      idempotencyKey: pending.idempotencyKey,
    };
    if (pending.replaces !== undefined) b.replaces = pending.replaces;
    return b;
  }

  async function step(): Promise<Step> {
    if (owed !== undefined) {
      const token = owed;
      const res = await api.retract(token);
      if (!res.ok && retryable(res)) return "retry";
      owed = undefined;
      await store.setOwed(undefined);
      return "progress";
    }
    const r = record;
    if (!r || held) return "idle";
    if (r.consent[cp] !== true) {
      if (!r.receipt) return "idle";
      const token = r.receipt.token;
      const res = await api.retract(token);
      if (!res.ok && retryable(res)) return "retry";
      // Done, or 409 (already spent) or another 4xx (not valid any more): nothing left to retract.
      await rebase(token, undefined);
      return "progress";
    }
    if (!r.pending) {
      if (r.receipt && !receiptNeedsRefresh(r, now())) return "idle";
      const pending: ConsentRecord["pending"] = { idempotencyKey: newKey() };
      if (r.receipt) pending.replaces = r.receipt.token;
      await update({ ...r, pending });
      return "progress";
    }
    // Solved after consent, off the UI's path: nothing waits for it but this send.
    const proved = await prove(r.pending.idempotencyKey);
    if (!proved.ok) return retryable(proved) ? "retry" : "halt";
    if (record !== r) {
      // The decision changed while solving: keep the proof for a send under the same key.
      spare = {
        proof: proved.proof,
        expiresAt: now() + PROOF_KEEP_MS,
        key: r.pending.idempotencyKey,
      };
      return "progress";
    }
    const sent = r.pending;
    const res = await api.assign(body(r, sent, proved.proof));
    if (res.ok) {
      await rebase(
        sent.replaces,
        { token: res.body.receipt, issuedAt: now() },
        sent.idempotencyKey,
      );
      return "progress";
    }
    if (retryable(res) || (res.code !== undefined && PROOF_CODES.has(res.code))) return "retry";
    const gone =
      res.code === "receipt_spent" ||
      res.code === "invalid_receipt" ||
      res.code === "receipt_expired";
    if (sent.replaces !== undefined && gone && record?.pending === sent) {
      // The old contribution is gone already (spent, or aged out): send a fresh one instead.
      const { receipt: _spent, ...rest } = record;
      await update({ ...rest, pending: { idempotencyKey: newKey() } });
      return "progress";
    }
    // Any other 4xx will not pass unchanged (e.g. a stale policy, asked again on the next load):
    // stop for this page view; the pending contribution stays for the next load.
    return "halt";
  }

  async function loop(): Promise<void> {
    let attempt = 0;
    for (;;) {
      dirty = false;
      const outcome = await step();
      if (outcome === "progress") attempt = 0;
      else if (dirty) continue;
      else if (outcome !== "retry" || attempt >= MAX_RETRIES) return;
      else {
        const ms = RETRY_BASE_MS * 2 ** attempt++;
        await Promise.race([sleep(ms), new Promise<void>((r) => (wake = r))]);
        wake = undefined;
      }
    }
  }

  function kick(): Promise<void> {
    dirty = true;
    wake?.();
    // A change that lands while a finished loop is still settling starts a new one.
    running ??= loop().finally(() => {
      running = undefined;
      if (dirty) void kick();
    });
    return running;
  }

  return {
    get record() {
      return record;
    },
    start(initial, owedReceipt, hold = false) {
      record = initial;
      owed = owedReceipt;
      held = hold;
      void kick();
    },
    async commit(next) {
      held = false;
      const prev = record;
      const merged: ConsentRecord = { ...next };
      delete merged.pending;
      delete merged.receipt;
      if (prev?.receipt) merged.receipt = prev.receipt;
      if (next.consent[cp] === true) {
        const same =
          prev !== undefined &&
          prev.consent[cp] === true &&
          JSON.stringify([prev.consent, prev.answers, prev.policyVersion]) ===
            JSON.stringify([next.consent, next.answers, next.policyVersion]);
        if (same && prev.pending) merged.pending = prev.pending;
        else if (!same) {
          const replaces = prev?.pending ? prev.pending.replaces : prev?.receipt?.token;
          merged.pending = { idempotencyKey: newKey() };
          if (replaces !== undefined) merged.pending.replaces = replaces;
        }
      }
      await update(merged);
      void kick();
    },
    async forget() {
      held = false;
      const token = record?.receipt?.token;
      await update(undefined);
      if (token !== undefined) {
        owed = token;
        await store.setOwed(token);
        // The device is clear already; offline, the loop and the next load keep trying.
        void kick();
      }
    },
    async idle() {
      while (running) await running;
    },
  };
}
