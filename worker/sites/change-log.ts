/**
 * @module
 * The public change log (DESIGN.md invariant 9): one entry per published version, chained by
 * hashes so that a rewritten or dropped entry shows. `hash` = SHA-256 hex of the canonical JSON
 * (RFC 8785, shared/canonical-json.ts) of the entry without `hash`; `prev` is the previous
 * entry's hash (null for version 1); `configSha256` is the SHA-256 hex of the canonical JSON of
 * the public config of that version (what GET /v1/sites/:site/config answers, canonicalised).
 * What changed is summarised in plain words from the two configs alone: no token, no person's
 * name, no address is ever in an entry.
 */
import { canonicalJson } from "../../shared/canonical-json.ts";
import { declaredOverlaps } from "../../shared/counting-keys.ts";
import type { SiteConfig } from "../../shared/schema.ts";
import { publicConfig } from "../../shared/site-config.ts";
import { sha256Hex } from "../counting/encoding.ts";

export interface ChangeEntry {
  version: number;
  /** UTC day of the publish, YYYY-MM-DD (never a time: invariant 2). */
  day: string;
  summary: string[];
  configSha256: string;
  prev: string | null;
  hash: string;
}

/** SHA-256 hex of the canonical public config of `config`. */
export function publicConfigSha256(config: SiteConfig): Promise<string> {
  return sha256Hex(canonicalJson(publicConfig(config)));
}

/** The entry with its hash. */
export async function sealEntry(entry: Omit<ChangeEntry, "hash">): Promise<ChangeEntry> {
  return { ...entry, hash: await sha256Hex(canonicalJson(entry)) };
}

const json = (x: unknown) => JSON.stringify(x ?? null);

/** What changed between the lists `before` and `after` of things with ids, in words. */
function listChanges<T extends { id: string }>(
  what: string,
  before: readonly T[],
  after: readonly T[],
  detail: (a: T, b: T) => string[],
): string[] {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  const out: string[] = [];
  for (const [id, x] of now) {
    const was = old.get(id);
    if (!was) out.push(`${what} added: ${id}`);
    else for (const d of detail(was, x)) out.push(`${what} ${id}: ${d}`);
  }
  for (const id of old.keys()) if (!now.has(id)) out.push(`${what} removed: ${id}`);
  return out;
}

function changedFields<T>(a: T, b: T, fields: readonly (keyof T & string)[]): string[] {
  return fields.filter((f) => json(a[f]) !== json(b[f])).map((f) => `${f} changed`);
}

/**
 * The summary of a publish: purposes, questions, segments and their rules, declared overlaps and
 * breakdowns, k, noise, retention, window, origins, consent lifetime, policy version; texts as "texts changed".
 */
export function summarise(before: SiteConfig | undefined, after: SiteConfig): string[] {
  if (!before) return ["site created"];
  const out: string[] = [];
  out.push(
    ...listChanges("purpose", before.purposes, after.purposes, (a, b) =>
      changedFields(a, b, [
        "label",
        "description",
        "required",
        "saleOrShare",
        "explicit",
        "consentMode",
      ]),
    ),
    ...listChanges("question", before.questions, after.questions, (a, b) =>
      changedFields(a, b, [
        "label",
        "kind",
        "options",
        "min",
        "max",
        "category",
        "sensitive",
        "purpose",
      ]),
    ),
    ...listChanges("segment", before.segments, after.segments, (a, b) =>
      json(a.rule) !== json(b.rule)
        ? [`rule changed from ${json(a.rule)} to ${json(b.rule)}`]
        : changedFields(a, b, ["label", "description"]),
    ),
  );
  const numbers = [
    ["k", "k"],
    ["dpEpsilon", "noise (dpEpsilon)"],
    ["retentionDays", "retention (days)"],
    ["windowDays", "window (days)"],
    ["consentMonths", "consent lifetime (months)"],
    ["policyVersion", "policy version"],
    ["countingPurpose", "counting purpose"],
  ] as const;
  for (const [field, name] of numbers) {
    if (json(before[field]) !== json(after[field]))
      out.push(`${name}: ${json(before[field])} -> ${json(after[field])}`);
  }
  // What is counted changes the budget (issue 14): a declared overlap or breakdown is public.
  const pair = ([a, b]: [string, string]) => `${a} & ${b}`;
  const was = new Set(declaredOverlaps(before).map(pair));
  const is = new Set(declaredOverlaps(after).map(pair));
  for (const p of is) if (!was.has(p)) out.push(`overlap added: ${p}`);
  for (const p of was) if (!is.has(p)) out.push(`overlap removed: ${p}`);
  for (const s of after.breakdowns ?? [])
    if (!before.breakdowns?.includes(s)) out.push(`breakdown added: ${s}`);
  for (const s of before.breakdowns ?? [])
    if (!after.breakdowns?.includes(s)) out.push(`breakdown removed: ${s}`);
  for (const o of after.allowedOrigins)
    if (!before.allowedOrigins.includes(o)) out.push(`origin added: ${o}`);
  for (const o of before.allowedOrigins)
    if (!after.allowedOrigins.includes(o)) out.push(`origin removed: ${o}`);
  if (out.length === 0) out.push(json(before) === json(after) ? "republished" : "texts changed");
  return out;
}
