/**
 * @module
 * The privacy record as a readable HTML page. Every value goes through hono's `html` template,
 * which escapes it; the only style is inline, allowed by a per-answer CSP nonce.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { PrivacyRecord } from "./record.ts";

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}table{border-collapse:collapse}`;

export function privacyPage(
  r: PrivacyRecord,
  nonce: string,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const list = (items: readonly string[]) =>
    html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Record of processing: ${r.name}</title><style nonce="${nonce}">${raw(STYLE)}</style></head>
<body><main>
<h1>Record of processing: ${r.name}</h1>
<p>Policy version ${r.policyVersion}.${r.policyUrl ? html` Privacy policy: <a href="${r.policyUrl}">${r.policyUrl}</a>.` : ""}</p>
<h2>Purposes</h2>
<table><thead><tr><th scope="col">Purpose</th><th scope="col">What for</th><th scope="col">Consent</th></tr></thead><tbody>
${r.purposes.map((p) => html`<tr><td>${p.label}</td><td>${p.description}</td><td>${p.required ? "always on (strictly necessary)" : p.explicit ? "explicit consent" : "consent"}${p.saleOrShare ? ", sale or sharing (off under Global Privacy Control)" : ""}</td></tr>`)}
</tbody></table>
<p>Answers are counted only with consent to “${r.countingPurpose.label}”.</p>
<h2>Data collected</h2>
<table><thead><tr><th scope="col">Question</th><th scope="col">Answers</th></tr></thead><tbody>
${r.dataCollected.map((q) => html`<tr><td>${q.question}${q.sensitive ? " (sensitive)" : ""}</td><td>${q.options ? q.options.join(", ") : `${q.min} to ${q.max}`}</td></tr>`)}
</tbody></table>
<p>Answers stay on the visitor's device; sent once, only with consent, to work out segments, then dropped.</p>
<h2>Segments counted</h2>
${list(r.segments.map((s) => s.label))}
<h2>What is stored, and for how long</h2>
${list(r.stored)}
<p>Consent on the device: ${r.lifetimes.consentOnDevice}. Audiences count the contributions of the last ${r.windowDays} days. Counts below ${r.k} are never shown.</p>
<h2>Counts and privacy budget</h2>
<p>Counts are ${r.counts}.</p>
${r.differentialPrivacy ? html`<ul><li>Epsilon per contribution per segment: ${r.differentialPrivacy.epsilon} (${r.differentialPrivacy.cellsPerSegment} cells)</li><li>Epsilon per contribution, all segments: ${r.differentialPrivacy.perContribution}${r.differentialPrivacy.cap === undefined ? "" : ` (cap ${r.differentialPrivacy.cap})`}</li><li>Epsilon for one visitor over a year of weekly refreshes: ${r.differentialPrivacy.perVisitorYear}</li><li>Mechanism: ${r.differentialPrivacy.mechanism}</li></ul>` : ""}
<h2>Stored fields</h2>
<table><thead><tr><th scope="col">table</th><th scope="col">field</th><th scope="col">holds</th></tr></thead><tbody>${r.storedFields.map((f) => html`<tr><td>${f.table}</td><td>${f.column}</td><td>${f.holds}</td></tr>`)}</tbody></table>
<h2>Never stored</h2>
${list(r.neverStored)}
<h2>Who sees what</h2>
<p>${r.recipients}.</p>
<h2>Privacy assessment</h2>
${r.assessment.length === 0 ? html`<p>No findings.</p>` : html`<ul>${r.assessment.map((f) => html`<li><strong>${f.severity}</strong>: ${f.message}. Fix: ${f.fix} (${f.ref}).</li>`)}</ul>`}
</main></body></html>`;
}
