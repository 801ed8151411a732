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

/** The art. 30 parts (worker/privacy/processing.ts) and the change log's link. */
function processingSection(r: PrivacyRecord) {
  const p = r.processing;
  const rows = (cells: readonly (readonly string[])[]) =>
    cells.map((row) => html`<tr>${row.map((c) => html`<td>${c}</td>`)}</tr>`);
  return html`<h2>Controller</h2>
${p.controller ? html`<p>${p.controller.name}, ${p.controller.contact}.${p.controller.dpo ? html` Data protection officer: ${p.controller.dpo}.` : ""}</p>` : html`<p>The site has not stated its controller yet.</p>`}
<h2>Legal basis per purpose</h2>
<table><thead><tr><th scope="col">Purpose</th><th scope="col">Basis</th><th scope="col">Rule</th></tr></thead><tbody>
${rows(p.legalBases.map((b) => [b.purpose, b.basis, b.ref]))}
</tbody></table>
<h2>Recipients and processors</h2>
<table><thead><tr><th scope="col">Who</th><th scope="col">Role</th><th scope="col">Purpose</th><th scope="col">Country</th></tr></thead><tbody>
${rows(p.recipients.map((x) => [x.name, x.role, x.purpose ?? "all", x.country ?? ""]))}
</tbody></table>
<h2>Transfers outside the EEA</h2>
${p.transfers.length === 0 ? html`<p>None declared by the site.</p>` : html`<table><thead><tr><th scope="col">Recipient</th><th scope="col">Country</th><th scope="col">Safeguard</th></tr></thead><tbody>${rows(p.transfers.map((x) => [x.recipient, x.country, x.safeguard]))}</tbody></table>`}
<h2>Security measures</h2>
<ul>${p.security.map((m) => html`<li>${m}</li>`)}</ul>
<h2>Your rights, and how to use them</h2>
<table><thead><tr><th scope="col">Right</th><th scope="col">How</th></tr></thead><tbody>
${rows(p.rights.map((x) => [x.right, x.how]))}
</tbody></table>
<h2>Change log</h2>
<p>Every published version of this site's configuration is in a public, hash-chained <a href="${p.changeLog}">change log</a>.</p>`;
}

export function privacyPage(
  r: PrivacyRecord,
  nonce: string,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const list = (items: readonly string[]) =>
    html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
  return html`<!doctype html>
<html lang="${r.processing.locale}">
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
<p>Answers stay on the visitor's device; sent once, only with consent, to work out segments and which options were chosen, then dropped.</p>
<h2>Segments counted</h2>
${list(r.segments.map((s) => s.label))}
<h2>What is counted</h2>
<p>Aggregate counts only, never anyone's answers; each released with the same noise, suppression and release rules.</p>
<table><thead><tr><th scope="col">count</th><th scope="col">how many</th><th scope="col">one contribution is in at most</th><th scope="col">what</th></tr></thead><tbody>${r.counted.map((c) => html`<tr><td>${c.kind}</td><td>${c.counts}</td><td>${c.perContribution}</td><td>${c.what}</td></tr>`)}</tbody></table>
<h2>What is stored, and for how long</h2>
${list(r.stored)}
<p>Consent on the device: ${r.lifetimes.consentOnDevice}. Audiences count the contributions of the last ${r.windowDays} days. Counts below ${r.k} are never shown.</p>
<h2>Counts and privacy budget</h2>
<p>Counts are ${r.counts}.</p>
${r.differentialPrivacy ? html`<ul><li>Epsilon per contribution per count: ${r.differentialPrivacy.epsilon} (${r.differentialPrivacy.cellsPerSegment} cells)</li><li>Epsilon per contribution, over the ${r.differentialPrivacy.countsPerContribution} counts it can be in: ${r.differentialPrivacy.perContribution}${r.differentialPrivacy.cap === undefined ? "" : ` (cap ${r.differentialPrivacy.cap})`}</li><li>Epsilon for one visitor over a year of weekly refreshes: ${r.differentialPrivacy.perVisitorYear}</li><li>Mechanism: ${r.differentialPrivacy.mechanism}</li></ul>` : ""}
<h2>Stored fields</h2>
<table><thead><tr><th scope="col">table</th><th scope="col">field</th><th scope="col">holds</th></tr></thead><tbody>${r.storedFields.map((f) => html`<tr><td>${f.table}</td><td>${f.column}</td><td>${f.holds}</td></tr>`)}</tbody></table>
<h2>Never stored</h2>
${list(r.neverStored)}
<h2>Who sees what</h2>
<p>${r.recipients}.</p>
${processingSection(r)}
<h2>Privacy assessment</h2>
${r.assessment.length === 0 ? html`<p>No findings.</p>` : html`<ul>${r.assessment.map((f) => html`<li><strong>${f.severity}</strong>: ${f.message}. Fix: ${f.fix} (${f.ref}).</li>`)}</ul>`}
</main></body></html>`;
}
