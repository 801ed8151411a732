/**
 * @module
 * Segment assignment (DESIGN.md data flow step 4, invariant 3): every segment rule is evaluated
 * on the validated answers in memory; only the ids of the matching segments leave this function.
 * Rules are compiled once per site config (shared/rules.ts: closures, no eval).
 */
import { compileRule, RuleError } from "../../shared/rules.ts";
import type { Answer, SiteConfig } from "../../shared/schema.ts";

type Compiled = { id: string; test: (answers: Record<string, Answer>) => boolean };

const compiled = new WeakMap<SiteConfig, Compiled[]>();

/** JSON Logic truthiness: [], "", 0, null, false (and undefined, NaN) are false; "0" is true. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** A rule that throws on these answers (e.g. arithmetic on a missing one) does not match. */
function matches(rule: (data: unknown) => unknown, answers: Record<string, Answer>): boolean {
  try {
    return truthy(rule(answers));
  } catch (e) {
    if (e instanceof RuleError) return false;
    throw e;
  }
}

function rulesOf(config: SiteConfig): Compiled[] {
  let rules = compiled.get(config);
  if (!rules) {
    rules = config.segments.map((s) => {
      const rule = compileRule(s.rule);
      return { id: s.id, test: (answers) => matches(rule, answers) };
    });
    compiled.set(config, rules);
  }
  return rules;
}

/** Whether segment `id`'s rule holds for `answers` (false for an unknown id). */
export function segmentHolds(
  config: SiteConfig,
  id: string,
  answers: Record<string, Answer>,
): boolean {
  return (
    rulesOf(config)
      .find((r) => r.id === id)
      ?.test(answers) ?? false
  );
}

/** The ids of the segments whose rules hold for `answers`, in config order. */
export function assignSegments(config: SiteConfig, answers: Record<string, Answer>): string[] {
  const out: string[] = [];
  for (const r of rulesOf(config)) if (r.test(answers)) out.push(r.id);
  return out;
}
