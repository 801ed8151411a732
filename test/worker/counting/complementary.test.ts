/**
 * Exact mode's complementary suppression across counts (worker/counting/complementary.ts),
 * attacked as a marketer would: he knows the config (so every identity between respondents,
 * options and segments that read one question), sees one day's shown counts and which are held
 * back, and tries every population that could have produced exactly that (the same shown
 * numbers and the same held-back set, the suppression re-run on each candidate). A held-back
 * count he could pin to one value, he has learnt. Random configs and populations: none is ever
 * pinned, and one held back for being below k can still be any of 0..k-1.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { optionKey, RESPONDENTS_KEY } from "../../../shared/counting-keys.ts";
import type { SiteConfig } from "../../../shared/schema.ts";
import { checkSiteConfig } from "../../../shared/site-config.ts";
import { identitiesOf, protect } from "../../../worker/counting/complementary.ts";

const ENTRIES = ["a", "b", "c"];

/** A site with one single-choice question of `m` options and segments over it (ids s0…). */
function site(m: number, memberships: { entries: number[]; unanswered: boolean }[]): SiteConfig {
  const ids = ENTRIES.slice(0, m);
  const rule = (e: number[], unanswered: boolean) => {
    const picked = ids.filter((_, i) => e.includes(i));
    const inList = { in: [{ var: ["q", "none"] }, [...picked, ...(unanswered ? ["none"] : [])]] };
    return inList;
  };
  const r = checkSiteConfig({
    id: "ident",
    name: "x",
    allowedOrigins: ["https://x.example"],
    policyVersion: "v1",
    purposes: [{ id: "counting", label: "Counting", description: "Anonymous counts." }],
    countingPurpose: "counting",
    questions: [
      { id: "q", label: "Q?", kind: "single", options: ids.map((id) => ({ id, label: id })) },
    ],
    segments: memberships.map((s, i) => ({
      id: `s${i}`,
      label: "s",
      rule: rule(s.entries, s.unanswered),
    })),
    exactCounts: true,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

/** Every count of one day of a population: N[i] chose entry i, N[m] did not answer. */
function countsOf(
  config: SiteConfig,
  n: number[],
  memberships: { entries: number[]; unanswered: boolean }[],
) {
  const m = n.length - 1;
  const out = new Map<string, number>();
  out.set(
    RESPONDENTS_KEY,
    n.reduce((a, b) => a + b, 0),
  );
  for (let i = 0; i < m; i++) out.set(optionKey("q", ENTRIES[i] ?? ""), n[i] ?? 0);
  memberships.forEach((s, j) => {
    let c = s.unanswered ? (n[m] ?? 0) : 0;
    for (const i of s.entries) c += n[i] ?? 0;
    out.set(`s${j}`, c);
  });
  void config;
  return out;
}

/** What a marketer sees: each count, or null when held back. */
function release(config: SiteConfig, counts: Map<string, number>, k: number) {
  const shown = new Set([...counts].filter(([, c]) => c >= k).map(([key]) => key));
  protect(identitiesOf(config), [0], (key) => counts.get(key) ?? 0, shown, k);
  return new Map([...counts].map(([key, c]) => [key, shown.has(key) ? c : null]));
}

/** Every population with each count at most `max` (the odometer over m + 1 counts). */
function* populations(size: number, max: number): Generator<number[]> {
  const n = new Array<number>(size).fill(0);
  for (;;) {
    yield [...n];
    let i = 0;
    while (i < size && n[i] === max) n[i++] = 0;
    if (i === size) return;
    n[i] = (n[i] ?? 0) + 1;
  }
}

const membershipArb = (m: number) =>
  fc.record({
    entries: fc.subarray(Array.from({ length: m }, (_, i) => i)),
    unanswered: fc.boolean(),
  });

describe("complementary suppression across counts (exact mode)", () => {
  it("should leave every held-back count unpinned to an attacker who tries every population that gives what he sees", () => {
    let held = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((m) =>
          fc.record({
            m: fc.constant(m),
            k: fc.integer({ min: 2, max: 4 }),
            segments: fc.array(membershipArb(m), { maxLength: 2 }),
            n: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: m + 1, maxLength: m + 1 }),
          }),
        ),
        ({ m, k, segments, n }) => {
          const config = site(m, segments);
          const truth = countsOf(config, n, segments);
          const seen = release(config, truth, k);
          const hidden = [...seen].filter(([, v]) => v === null).map(([key]) => key);
          if (hidden.length === 0) return;
          // Every population (each count up to 7 + k) that shows exactly the same; and what
          // each count could be before seeing anything (a rule can make one always 0).
          const possible = new Map(hidden.map((key) => [key, new Set<number>()]));
          const prior = new Map(hidden.map((key) => [key, new Set<number>()]));
          for (const cand of populations(m + 1, 7 + k)) {
            const counts = countsOf(config, cand, segments);
            for (const key of hidden) prior.get(key)?.add(counts.get(key) ?? 0);
            const shows = release(config, counts, k);
            let same = true;
            for (const [key, v] of seen) if (shows.get(key) !== v) same = false;
            if (!same) continue;
            for (const key of hidden) possible.get(key)?.add(counts.get(key) ?? 0);
          }
          for (const key of hidden) {
            const values = possible.get(key) ?? new Set();
            const before = prior.get(key) ?? new Set();
            if (before.size === 1) continue; // known from the rules alone, before any read
            held++;
            const what = `${key} of ${JSON.stringify({ m, k, segments, n })}`;
            // Never pinned; and one below k could still be any value below k it could be.
            expect(values.size, what).toBeGreaterThan(1);
            if ((truth.get(key) ?? 0) < k) {
              for (let x = 0; x < k; x++)
                if (before.has(x)) expect(values.has(x), `${what}: ${x}`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
    expect(held).toBeGreaterThan(0);
  });
});
