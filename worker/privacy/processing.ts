/**
 * @module
 * The parts of a record of processing (GDPR art. 30(1)) that come from the stored site config:
 * the controller and its contact (and DPO), the legal basis of each purpose, recipients and
 * processors (Cloudflare runs the edge as processor; the partners of each sharing purpose are
 * recipients), transfers outside the EEA with their safeguard, security measures, and how a
 * visitor exercises each right. Texts in one locale (`?locale=` of the privacy route).
 */
import type { LEGAL_BASES, SiteConfig, Text } from "../../shared/schema.ts";
import { textIn } from "../../shared/text.ts";

type LegalBasis = (typeof LEGAL_BASES)[number];

export interface Processing {
  locale: string;
  controller: { name: string; contact: string; dpo?: string } | null;
  legalBases: { purpose: string; basis: LegalBasis; ref: string }[];
  recipients: {
    name: string;
    role: "processor" | "recipient";
    purpose?: string;
    country?: string;
  }[];
  transfers: { recipient: string; country: string; safeguard: string }[];
  security: string[];
  rights: { right: string; how: string }[];
  changeLog: string;
}

const BASIS_REF: Record<LegalBasis, string> = {
  consent: "GDPR art. 6(1)(a)",
  "explicit-consent": "GDPR art. 9(2)(a)",
  contract: "GDPR art. 6(1)(b)",
  "legal-obligation": "GDPR art. 6(1)(c)",
  "legitimate-interests": "GDPR art. 6(1)(f)",
};

/** The basis a purpose rests on: its own, else what its flags imply. */
export function legalBasisOf(p: SiteConfig["purposes"][number]): LegalBasis {
  if (p.legalBasis) return p.legalBasis;
  if (p.required) return "legitimate-interests";
  return p.explicit ? "explicit-consent" : "consent";
}

/** What the Worker itself does to protect the data (worker/README.md, DESIGN.md invariants). */
export const WORKER_SECURITY = [
  "answers are evaluated in memory and dropped; only aggregate counts per segment and day are stored",
  "no IP address, user agent, cookie or request time of a visitor is stored or logged",
  "counts below k are withheld; released counts can carry differential-privacy noise",
  "receipts are signed (HMAC-SHA256); tokens are stored as SHA-256 hashes only",
  "TLS in transit; marketer and owner access by token or signed, HttpOnly, SameSite=Strict session",
  "every published config version is in a public, hash-chained change log",
] as const;

/** The art. 30 parts of `config` in `locale`. */
export function processingRecord(config: SiteConfig, locale: string): Processing {
  const t = (text: Text | undefined) => textIn(text, locale, config.defaultLocale);
  const contact = config.rightsContact ?? config.controller?.contact;
  const write = contact ? ` or write to ${contact}` : "";
  const counting = config.purposes.find((p) => p.id === config.countingPurpose);
  return {
    locale,
    controller: config.controller
      ? {
          name: config.controller.name,
          contact: config.controller.contact,
          ...(config.controller.dpo ? { dpo: config.controller.dpo } : {}),
        }
      : null,
    legalBases: config.purposes.map((p) => {
      const basis = legalBasisOf(p);
      return { purpose: t(p.label), basis, ref: BASIS_REF[basis] };
    }),
    recipients: [
      {
        name: "Cloudflare, Inc. (runs the edge service that counts)",
        role: "processor",
        country: "United States",
      },
      // The operator's choice of proof (worker/README.md, "Proof before counting").
      ...(config.proof === "turnstile"
        ? [
            {
              name: "Cloudflare, Inc. (Turnstile: checks the visitor's browser before a count)",
              role: "processor" as const,
              purpose: t(counting?.label ?? config.countingPurpose),
              country: "United States",
            },
          ]
        : []),
      ...config.purposes.flatMap((p) =>
        (p.partners ?? []).map((partner) => ({
          name: partner.name,
          role: "recipient" as const,
          purpose: t(p.label),
          ...(partner.country ? { country: partner.country } : {}),
        })),
      ),
    ],
    transfers: [
      // The edge answers from Cloudflare's data centres worldwide: a transfer by the processor.
      {
        recipient: "Cloudflare, Inc. (processor)",
        country: "United States and Cloudflare's data centres worldwide",
        safeguard: "eu-us-data-privacy-framework, standard-contractual-clauses (Cloudflare's DPA)",
      },
      ...(config.transfers ?? []).map((x) => ({ ...x })),
    ],
    security: [...WORKER_SECURITY, ...(config.security ?? []).map(t)],
    rights: [
      {
        right: "access and portability (GDPR arts. 15, 20)",
        how: "open the preference center on the site and export: everything is on your device",
      },
      {
        right: "rectification (art. 16)",
        how: "change your answers in the preference center; the old contribution is replaced",
      },
      {
        right: "erasure (art. 17)",
        how: "“Delete my data” in the preference center retracts your contribution and clears the device",
      },
      {
        right: "withdraw consent (art. 7(3))",
        how: "switch the purpose off in the preference center, as easily as you gave it",
      },
      {
        right: "object and restrict (arts. 18, 21)",
        how: `refuse the counting purpose in the preference center${write}`,
      },
      {
        right: "complain to a supervisory authority (art. 77)",
        how: "contact the data protection authority where you live or work",
      },
    ],
    changeLog: `/v1/sites/${config.id}/changes`,
  };
}
