/**
 * @module
 * The consent model: what the visitor's device keeps, when it is still valid, and how the three
 * banner choices map to per-purpose consent. Pure and clock-free: `now` is passed in.
 * DESIGN.md invariants 1 (nothing pre-ticked), 6 (expiry, policy version), 7 (GPC).
 */

import { RECEIPT_REFRESH_DAYS } from "./limits.ts";
import type { Answer, SiteConfig } from "./schema.ts";

/** How the visitor decided, kept as part of the proof of consent. */
export type ConsentMethod = "accept-all" | "reject-all" | "custom" | "withdraw";

/** A receipt the Worker gave for the device's live contribution. */
export interface StoredReceipt {
  token: string;
  /** Epoch ms when it was issued (the widget refreshes it weekly). */
  issuedAt: number;
}

/** The record kept on the visitor's device (IndexedDB), and nowhere else. */
export interface ConsentRecord {
  /** Record format version. */
  v: 1;
  site: string;
  policyVersion: string;
  /** Epoch ms of the decision. */
  decidedAt: number;
  /** Epoch ms after which the banner asks again. */
  expiresAt: number;
  method: ConsentMethod;
  consent: Record<string, boolean>;
  answers: Record<string, Answer>;
  /** Global Privacy Control was on when the visitor decided. */
  gpc: boolean;
  receipt?: StoredReceipt;
  /** A contribution not yet acknowledged by the Worker: resent with the same key (counts once). */
  pending?: { idempotencyKey: string; replaces?: string };
}

/** Adds calendar months in UTC, clamping the day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(epochMs: number, months: number): number {
  const d = new Date(epochMs);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

/** Why a stored record no longer counts as a decision, or "valid". */
export type RecordState = "valid" | "none" | "expired" | "policy-changed" | "other-site";

/** Whether the stored record is still the visitor's decision for this config at `now`. */
export function recordState(
  record: ConsentRecord | undefined,
  config: Pick<SiteConfig, "policyVersion"> & { site: string },
  now: number,
): RecordState {
  if (record?.v !== 1) return "none";
  if (record.site !== config.site) return "other-site";
  if (record.policyVersion !== config.policyVersion) return "policy-changed";
  if (now >= record.expiresAt) return "expired";
  return "valid";
}

/**
 * Consent for every purpose from a choice. Required purposes are always on; nothing else is on
 * unless chosen (invariant 1); sale-or-share purposes stay off under GPC (invariant 7).
 */
export function consentFor(
  purposes: SiteConfig["purposes"],
  choice: "accept-all" | "reject-all" | Record<string, boolean>,
  gpc: boolean,
): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const p of purposes) {
    const wanted =
      choice === "accept-all" ? true : choice === "reject-all" ? false : choice[p.id] === true;
    out[p.id] = p.required || (wanted && !(gpc && p.saleOrShare));
  }
  return out;
}

/** A new record for a decision taken at `now`. */
export function newRecord(
  config: Pick<SiteConfig, "policyVersion" | "consentMonths"> & { site: string },
  method: ConsentMethod,
  consent: Record<string, boolean>,
  answers: Record<string, Answer>,
  gpc: boolean,
  now: number,
): ConsentRecord {
  return {
    v: 1,
    site: config.site,
    policyVersion: config.policyVersion,
    decidedAt: now,
    expiresAt: addMonths(now, config.consentMonths),
    method,
    consent,
    answers,
    gpc,
  };
}

/** One week: a receipt older than this is refreshed with a replace (DESIGN.md counting model). */
export const RECEIPT_REFRESH_MS = RECEIPT_REFRESH_DAYS * 24 * 60 * 60 * 1000;

/** Whether the device's contribution should be refreshed at `now`. */
export function receiptNeedsRefresh(record: ConsentRecord, now: number): boolean {
  return record.receipt !== undefined && now - record.receipt.issuedAt >= RECEIPT_REFRESH_MS;
}
