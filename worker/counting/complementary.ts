/**
 * @module
 * Exact mode's complementary suppression across counts (issue 14). Counting options and
 * respondents beside segments creates identities between the counts of one day that follow
 * from the config alone (the rules are public), so a marketer can subtract: within the
 * respondents (or within a breakdown segment), the entries of a single-choice question (or of a
 * scale) and those who did not answer it add up to the total; and a segment whose rule reads
 * only that question (or a declared overlap of two such) is a sum of some of those.
 *
 * One group per such question and total (the respondents, or a breakdown segment). On each day,
 * and for each of the day's audience, added and removed:
 * - a group with no such segment: when an entry is held back, what the shown entries leave of
 *   the total (held-back entries plus those who did not answer, a count nobody is shown) must be
 *   at least k, else entries are held back smallest first until it is. A residual of 0 would say
 *   that every held-back entry is 0, a small one would bound them; at least k bounds nothing.
 * - a group with such segments: sums of entries then bound each other in ways a rule of
 *   thresholds cannot follow (a segment of two entries shown beside the total pins what is left
 *   at its lowest), so when any entry or any of those segments is held back, all of them are.
 *   The marketer keeps the total and learns nothing of the question's distribution that day.
 * Two counts that are the same by their rules (a segment of one entry and that entry; a
 * breakdown segment that reads the question alone and its entries) are held back together.
 *
 * The property test (test/worker/counting/complementary.test.ts) is the attack: every population
 * that shows the same is tried, the suppression re-run on each. Not covered (worker/README.md,
 * "Exact mode"): identities through rules that read several questions, or subsets of a
 * multiple choice. Exact mode is rated medium by the assessment (`exact-counts`): a contributor
 * can unmask held-back counts with contributions of his own anyway. With noise (the default)
 * every count is noised and none of this is needed: any subtraction is of noisy numbers.
 */
import {
  breakdownKey,
  declaredOverlaps,
  optionKey,
  overlapKey,
  questionEntries,
  RESPONDENTS_KEY,
} from "../../shared/counting-keys.ts";
import type { Answer, Question, SiteConfig } from "../../shared/schema.ts";
import { ruleVariables } from "../../shared/site-config.ts";
import { segmentHolds } from "./segments.ts";

/** One question within one total: its entries, and the counts that are sums of some of them. */
export interface Group {
  total: string;
  entries: string[];
  /** Segments and overlaps of this question alone (neither always 0 nor always the total). */
  sums: string[];
}

/** The groups of a config and the pairs of counts that are equal by their rules. */
export interface Identities {
  groups: Group[];
  same: [string, string][];
}

/** Marks "did not answer" in a membership (no entry id has a NUL). */
const NONE = "\u0000";

/** The entry ids of `q` (and NONE) a count holds, when its membership depends on `q` alone. */
type Membership = Set<string>;

function segmentMembership(config: SiteConfig, id: string, q: Question): Membership | undefined {
  const segment = config.segments.find((s) => s.id === id);
  if (!segment) return undefined;
  const reads = ruleVariables(segment.rule);
  if (reads.size !== 1 || !reads.has(q.id)) return undefined;
  const m: Membership = new Set();
  for (const e of questionEntries(q)) {
    const answer: Answer = e.value ?? e.id;
    if (segmentHolds(config, id, { [q.id]: answer })) m.add(e.id);
  }
  if (segmentHolds(config, id, {})) m.add(NONE);
  return m;
}

const cache = new WeakMap<SiteConfig, Identities>();

/** Every group of `config` (above), computed once per config. */
export function identitiesOf(config: SiteConfig): Identities {
  const known = cache.get(config);
  if (known) return known;
  const groups: Group[] = [];
  const same: [string, string][] = [];
  for (const q of config.questions) {
    if (q.kind === "multiple") continue;
    const ids = questionEntries(q).map((e) => e.id);
    const members = new Map<string, Membership>();
    for (const s of config.segments) {
      const m = segmentMembership(config, s.id, q);
      if (m) members.set(s.id, m);
    }
    for (const [a, b] of declaredOverlaps(config)) {
      const ma = members.get(a);
      const mb = members.get(b);
      if (ma && mb) members.set(overlapKey(a, b), new Set([...ma].filter((x) => mb.has(x))));
    }
    // A sum that is always 0, or always the total, bounds nothing; one of a single entry is
    // that entry (the same count, held back with it).
    const single = (m: Membership) => (m.size === 1 && !m.has(NONE) ? [...m][0] : undefined);
    const bounds = (m: Membership) =>
      m.size > 0 && m.size < ids.length + 1 && single(m) === undefined;
    const sums: string[] = [];
    for (const [key, m] of members) {
      const only = single(m);
      if (only !== undefined) same.push([key, optionKey(q.id, only)]);
      else if (bounds(m)) sums.push(key);
    }
    groups.push({ total: RESPONDENTS_KEY, entries: ids.map((e) => optionKey(q.id, e)), sums });
    for (const b of config.breakdowns ?? []) {
      // Within b, a declared overlap of b with a count of q alone is a sum of b's entries.
      const within: string[] = [];
      for (const [x, y] of declaredOverlaps(config)) {
        const other = x === b ? y : y === b ? x : undefined;
        const m = other === undefined ? undefined : members.get(other);
        const only = m && single(m);
        if (only !== undefined) same.push([overlapKey(x, y), breakdownKey(b, q.id, only)]);
        else if (m && bounds(m)) within.push(overlapKey(x, y));
      }
      const entries = ids.map((e) => breakdownKey(b, q.id, e));
      groups.push({ total: b, entries, sums: within });
      // b itself a count of q alone: its entries are the question's own (or always 0).
      const mb = members.get(b);
      if (mb)
        for (const e of ids)
          if (mb.has(e)) same.push([breakdownKey(b, q.id, e), optionKey(q.id, e)]);
    }
  }
  const out = { groups, same };
  cache.set(config, out);
  return out;
}

/**
 * Holds back, in `shown` (the counts shown on one day, changed in place), whatever the groups
 * need (module comment), for each of `measures` (the day's audience, or its added and its
 * removed), until nothing changes. `value(key, measure)` is the true count.
 */
export function protect(
  { groups, same }: Identities,
  measures: readonly number[],
  value: (key: string, measure: number) => number,
  shown: Set<string>,
  k: number,
): void {
  let changed = true;
  const hide = (key: string) => {
    if (shown.delete(key)) changed = true;
  };
  while (changed) {
    changed = false;
    for (const m of measures) {
      for (const g of groups) {
        if (!shown.has(g.total)) continue;
        if (g.sums.length > 0) {
          if ([...g.entries, ...g.sums].some((key) => !shown.has(key))) {
            for (const key of [...g.entries, ...g.sums]) hide(key);
          }
          continue;
        }
        if (g.entries.every((e) => shown.has(e))) continue;
        const visible = g.entries
          .filter((e) => shown.has(e))
          .sort((a, b) => value(a, m) - value(b, m));
        let residual = value(g.total, m);
        for (const e of visible) residual -= value(e, m);
        for (const e of visible) {
          if (residual >= k) break;
          hide(e);
          residual += value(e, m);
        }
      }
      for (const [a, b] of same) {
        if (shown.has(a) !== shown.has(b)) {
          hide(a);
          hide(b);
        }
      }
    }
  }
}
