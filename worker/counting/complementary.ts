/**
 * @module
 * Exact mode's complementary suppression across counts (issue 14). Counting options and
 * respondents beside segments creates identities between counts of one day that a marketer can
 * subtract: the respondents are the sum of a single-choice question's (or a scale's) entries
 * plus those who did not answer it; a segment whose rule reads only that question is the sum of
 * the entries it accepts (or the respondents minus those it refuses); a breakdown segment is the
 * sum of its own entries; a declared overlap with such a segment is a sum of breakdown entries.
 * These identities follow from the config alone (the rules are public), so a marketer knows
 * them. In each, a held-back entry must not be computable: whenever an entry is held back, what
 * the shown counts leave for the held-back ones is at least k (else "all zero" would follow from
 * a residual of 0), and unless the identity has a count nobody is shown (those who did not
 * answer) at least two are held back. Entries are held back smallest first until that holds; an
 * identity that cannot be met so (one entry left, or a small residual) holds back its
 * subtracted count instead. Two counts that are the same by their rules are held back together.
 * The same is done for each day's added and removed counts.
 *
 * Not covered (worker/README.md, "Exact mode"): identities through rules that read several
 * questions or a multiple-choice question's subsets, and combinations of several identities;
 * exact mode is rated medium by the assessment (`exact-counts`) because a contributor can
 * unmask held-back counts anyway. With noise (the default) every count is noised and none of
 * this is needed: any subtraction is of noisy numbers.
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

/**
 * sum(plus) - sum(minus) = sum(entries), plus, unless `exact`, those in `plus` who did not
 * answer (a question's partition of the respondents or of a breakdown segment): a count nobody
 * is shown, so one held-back entry beside it is not computable as long as what is left for
 * both is at least k.
 */
export interface Identity {
  plus: string[];
  minus: string[];
  entries: string[];
  exact: boolean;
}

/** Identities of a config and the pairs of counts that are equal by their rules. */
export interface Identities {
  identities: Identity[];
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

/** Every identity of `config` (above), computed once per config. */
export function identitiesOf(config: SiteConfig): Identities {
  const known = cache.get(config);
  if (known) return known;
  const identities: Identity[] = [];
  const same: [string, string][] = [];
  const add = (plus: string[], minus: string[], entries: string[], exact = true) => {
    if (entries.length === 0) return;
    const [only] = entries;
    if (exact && entries.length === 1 && minus.length === 0 && only !== undefined) {
      same.push([plus[0] ?? "", only]);
    } else identities.push({ plus, minus, entries, exact });
  };
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
    // Within `total` (the respondents, or a breakdown segment), entries are key(entry id).
    const within = (total: string, key: (e: string) => string, counts: Map<string, Membership>) => {
      add([total], [], ids.map(key), false);
      for (const [count, m] of counts) {
        if (!m.has(NONE)) add([count], [], ids.filter((e) => m.has(e)).map(key));
        else add([total], [count], ids.filter((e) => !m.has(e)).map(key));
      }
    };
    within(RESPONDENTS_KEY, (e) => optionKey(q.id, e), members);
    for (const b of config.breakdowns ?? []) {
      const key = (e: string) => breakdownKey(b, q.id, e);
      // Within b, a declared overlap of b with a count of q alone is b's entries it accepts.
      const counts = new Map<string, Membership>();
      for (const [x, y] of declaredOverlaps(config)) {
        const other = x === b ? y : y === b ? x : undefined;
        const m = other === undefined ? undefined : members.get(other);
        if (m) counts.set(overlapKey(x, y), m);
      }
      within(b, key, counts);
      // b itself a count of q alone: its entries are the question's own, or none.
      const mb = members.get(b);
      if (mb) for (const e of ids) if (mb.has(e)) same.push([key(e), optionKey(q.id, e)]);
    }
  }
  const out = { identities, same };
  cache.set(config, out);
  return out;
}

/**
 * Holds back, in `shown` (the counts shown on one day, changed in place), whatever the
 * identities need, for each of `measures` (the day's audience, or its added and its removed),
 * until nothing changes. `value(key, measure)` is the true count.
 */
export function protect(
  { identities, same }: Identities,
  measures: readonly number[],
  value: (key: string, measure: number) => number,
  shown: Set<string>,
  k: number,
): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const m of measures) {
      for (const id of identities) {
        if (![...id.plus, ...id.minus].every((x) => shown.has(x))) continue;
        const held = id.entries.filter((e) => !shown.has(e)).length;
        if (held === 0) continue;
        let residual = 0;
        for (const x of id.plus) residual += value(x, m);
        for (const x of id.minus) residual -= value(x, m);
        const visible = id.entries
          .filter((e) => shown.has(e))
          .sort((a, b) => value(a, m) - value(b, m));
        for (const e of visible) residual -= value(e, m);
        let hidden = held;
        const met = () => residual >= k && (hidden >= 2 || !id.exact);
        for (const e of visible) {
          if (met()) break;
          shown.delete(e);
          residual += value(e, m);
          hidden++;
          changed = true;
        }
        if (!met()) {
          // The subtracted counts go (the respondents are never among them); failing those,
          // the totals other than the respondents.
          const drop = id.minus.length > 0 ? id.minus : id.plus;
          for (const x of drop) if (x !== RESPONDENTS_KEY && shown.delete(x)) changed = true;
        }
      }
      for (const [a, b] of same) {
        if (shown.has(a) !== shown.has(b)) {
          shown.delete(a);
          shown.delete(b);
          changed = true;
        }
        // (The respondents are never one of a pair: a pair is a count and one entry.)
      }
    }
  }
}
