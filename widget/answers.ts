/**
 * @module
 * What the device may do with the visitor's answers: keep only answers the current config still
 * asks (a stored answer to a dropped question or option would make the Worker answer 422), drop
 * answers tied to a purpose that is not granted, and work out segments on the device with the
 * shared rule compiler (shared/rules.ts `compileRule`, passed in: see widget/rules.ts for why it
 * is loaded apart). Pure functions of the config and the record.
 */
import type { Answer, PublicSiteConfig } from "../shared/schema.ts";

/** shared/rules.ts `compileRule`: throws on a bad rule; the result may throw while evaluating. */
export type CompileRule = (rule: unknown) => (data: unknown) => unknown;

type Answers = Record<string, Answer>;

/** The answers the config still asks, each only with options it still has and consent it needs. */
export function usableAnswers(
  config: Pick<PublicSiteConfig, "questions">,
  consent: Record<string, boolean>,
  answers: Answers,
): Answers {
  const out: Answers = {};
  for (const q of config.questions) {
    const a = answers[q.id];
    if (a === undefined || (q.purpose !== undefined && consent[q.purpose] !== true)) continue;
    const ids = new Set((q.options ?? []).map((o) => o.id));
    if (q.kind === "scale") {
      if (typeof a === "number" && a >= (q.min ?? 0) && a <= (q.max ?? 0)) out[q.id] = a;
    } else if (q.kind === "single") {
      if (typeof a === "string" && ids.has(a)) out[q.id] = a;
    } else if (Array.isArray(a)) {
      const kept = a.filter((x) => ids.has(x));
      if (kept.length) out[q.id] = kept;
    }
  }
  return out;
}

/** JSON Logic truthiness: an empty array is false (jsonlogic.com/truthy.html). */
const truthy = (x: unknown): boolean => (Array.isArray(x) ? x.length > 0 : !!x);

const compiled = new WeakMap<object, Array<[string, (data: unknown) => unknown]>>();

/**
 * The ids of the segments whose rule holds for `answers`, computed on this device; nothing is
 * sent. A rule that does not compile or throws while evaluating means "not in the segment".
 */
export function segmentsFor(
  config: Pick<PublicSiteConfig, "segments">,
  answers: Answers,
  compileRule: CompileRule,
): string[] {
  let rules = compiled.get(config);
  if (!rules) {
    rules = [];
    for (const s of config.segments) {
      try {
        rules.push([s.id, compileRule(s.rule)]);
      } catch {
        // A bad rule in a served config: that segment never matches on the device.
      }
    }
    compiled.set(config, rules);
  }
  const out: string[] = [];
  for (const [id, fn] of rules) {
    try {
      if (truthy(fn(answers))) out.push(id);
    } catch {
      // Typed evaluation errors (shared/rules.ts) mean "not in segment".
    }
  }
  return out;
}
