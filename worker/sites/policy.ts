/**
 * @module
 * When a publish must ask visitors again (DESIGN.md invariant 6): a purpose added, removed or
 * reworded (or its flags changed), or a question tied to a purpose it was not tied to before.
 * Wording-only changes elsewhere (questions, segments, banner) keep the policy version, so
 * visitors are not asked again for nothing.
 */
import type { SiteConfig } from "../../shared/schema.ts";

const json = (x: unknown) => JSON.stringify(x ?? null);

/** Whether moving from `before` to `after` changes what visitors consented to. */
export function consentRelevant(before: SiteConfig, after: SiteConfig): boolean {
  const purposes = (c: SiteConfig) =>
    json(
      [...c.purposes]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((p) => [p.id, p.label, p.description, p.required, p.saleOrShare, p.explicit]),
    );
  if (purposes(before) !== purposes(after)) return true;
  if (before.countingPurpose !== after.countingPurpose) return true;
  const tiedBefore = new Map(before.questions.map((q) => [q.id, q.purpose]));
  return after.questions.some((q) => q.purpose !== undefined && tiedBefore.get(q.id) !== q.purpose);
}

/**
 * The policy version to publish: the owner's own when they changed it, a new one when the change
 * is consent-relevant (`DAY.vVERSION`, unique per publish), else the old one.
 */
export function nextPolicyVersion(
  before: SiteConfig,
  after: SiteConfig,
  version: number,
  day: string,
): string {
  if (after.policyVersion !== before.policyVersion) return after.policyVersion;
  return consentRelevant(before, after) ? `${day}.v${version}` : before.policyVersion;
}
