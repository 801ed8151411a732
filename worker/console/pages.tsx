/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * The owner's console pages (GET /admin/:site), server-rendered with hono/jsx in the dashboard's
 * layout and stylesheet (worker/dashboard/pages.tsx): no script, forms post to this origin.
 * One page holds the editor (texts per locale, origins, purposes, questions and options,
 * segments with the rule builder), the preview (findings, diff, JSON Logic, example matches),
 * the versions to restore and the tokens.
 */
import type { Finding } from "../../shared/assessment.ts";
import { DEFAULT_DP_EPSILON } from "../../shared/limits.ts";
import {
  CONSENT_MODE_TYPES,
  LEGAL_BASES,
  PROTECTED_CHARACTERISTICS,
  type Question,
  type SiteConfig,
  SPECIAL_CATEGORIES,
  TRANSFER_SAFEGUARDS,
} from "../../shared/schema.ts";
import type { ConfigIssue } from "../../shared/site-config.ts";
import { textIn } from "../../shared/text.ts";
import { consolePath, Layout, PageHeader } from "../dashboard/pages.tsx";
import { FindingsList } from "../dashboard/tables.tsx";
import type { TokenRow } from "../sites/site-store.ts";
import { BLANK_GROUPS, BLANK_ROWS, rowsOf, textFor } from "./form.ts";

/** What a preview or a publish found. */
export interface Outcome {
  /** "preview" shows, "published" says the version went live. */
  kind: "preview" | "published" | "refused";
  version?: number;
  issues: ConfigIssue[];
  findings: readonly Finding[];
  diff: readonly string[];
  /** Per segment: its JSON Logic and whether each example answer set matches. */
  segments: { id: string; json: string; matches: boolean[] }[];
  examples: string[];
}

export interface ConsoleProps {
  site: string;
  siteName: string;
  /** The config shown in the editor (the live one, or the draft being previewed). */
  config: SiteConfig;
  /** The version the editor's changes are based on (If-Match of the publish). */
  base: number;
  live: number;
  versions: readonly { version: number; day: string }[];
  tokens: readonly TokenRow[];
  outcome?: Outcome;
  minted?: { token: string; role: string; name: string };
  notice?: string;
}

function TextFields({
  name,
  label,
  text,
  config,
}: {
  name: string;
  label: string;
  text: SiteConfig["name"] | undefined;
  config: SiteConfig;
}) {
  return (
    <fieldset class="texts">
      <legend>{label}</legend>
      {config.locales.map((l) => (
        <label>
          {`${label} (${l})`}
          <input name={`${name}.${l}`} value={textFor(text, l, config.defaultLocale)} lang={l} />
        </label>
      ))}
    </fieldset>
  );
}

function Check({ name, label, on }: { name: string; label: string; on: boolean }) {
  return (
    <label class="check">
      <input type="checkbox" name={name} value="1" checked={on} /> {label}
    </label>
  );
}

/** A labelled single choice with a "none" entry first (value ""): the form reads "" as unset. */
function Choice({
  name,
  label,
  none,
  values,
  value,
}: {
  name: string;
  label: string;
  none: string;
  values: readonly string[];
  value: string | undefined;
}) {
  return (
    <label>
      {label}
      <select name={name}>
        <option value="">{none}</option>
        {values.map((v) => (
          <option value={v} selected={value === v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}

function PurposeFields({
  i,
  p,
  config,
}: {
  i: number;
  p?: SiteConfig["purposes"][number];
  config: SiteConfig;
}) {
  const at = `p${i}`;
  return (
    <fieldset class="item">
      <legend>{p ? `Purpose ${p.id}` : "New purpose"}</legend>
      <input type="hidden" name={`${at}.present`} value="1" />
      <label>
        Purpose id
        <input name={`${at}.id`} value={p?.id ?? ""} pattern="[a-z0-9][a-z0-9_\-]*" />
      </label>
      <TextFields name={`${at}.label`} label="Label" text={p?.label} config={config} />
      <TextFields
        name={`${at}.description`}
        label="Description"
        text={p?.description}
        config={config}
      />
      <Check
        name={`${at}.required`}
        label="Strictly necessary (always on)"
        on={p?.required ?? false}
      />
      <Check
        name={`${at}.saleOrShare`}
        label="Sale or sharing (off under GPC)"
        on={p?.saleOrShare ?? false}
      />
      <Check name={`${at}.explicit`} label="Explicit consent" on={p?.explicit ?? false} />
      <fieldset class="texts">
        <legend>Google Consent Mode types this purpose grants</legend>
        {/* The purpose's own types first, in its order, so a save changes nothing unasked. */}
        {[...new Set([...(p?.consentMode ?? []), ...CONSENT_MODE_TYPES])].map((type) => (
          <label class="check">
            <input
              type="checkbox"
              name={`${at}.consentMode`}
              value={type}
              checked={p?.consentMode.includes(type) ?? false}
            />{" "}
            {type}
          </label>
        ))}
      </fieldset>
      <Choice
        name={`${at}.legalBasis`}
        label="Legal basis"
        none="(default: consent; legitimate interests when strictly necessary)"
        values={LEGAL_BASES}
        value={p?.legalBasis}
      />
      <label>
        Partners who receive data, one per line as name | country
        <textarea name={`${at}.partners`} rows={2}>
          {(p?.partners ?? [])
            .map((x) => (x.country ? `${x.name} | ${x.country}` : x.name))
            .join("\n")}
        </textarea>
      </label>
      {p ? <Check name={`${at}.remove`} label={`Remove purpose ${p.id}`} on={false} /> : null}
    </fieldset>
  );
}

function QuestionFields({ i, q, config }: { i: number; q?: Question; config: SiteConfig }) {
  const at = `q${i}`;
  return (
    <fieldset class="item">
      <legend>{q ? `Question ${q.id}` : "New question"}</legend>
      <input type="hidden" name={`${at}.present`} value="1" />
      <label>
        Question id
        <input name={`${at}.id`} value={q?.id ?? ""} pattern="[a-z0-9][a-z0-9_\-]*" />
      </label>
      <label>
        Kind
        <select name={`${at}.kind`}>
          {(["single", "multiple", "scale"] as const).map((k) => (
            <option value={k} selected={q?.kind === k}>
              {k === "single" ? "single choice" : k === "multiple" ? "multiple choice" : "scale"}
            </option>
          ))}
        </select>
      </label>
      <TextFields name={`${at}.label`} label="Question" text={q?.label} config={config} />
      {config.locales.map((l) => (
        <label>
          {`Options (${l}), one per line as id = label`}
          <textarea name={`${at}.options.${l}`} rows={3} lang={l}>
            {(q?.options ?? [])
              .map((o) => `${o.id} = ${textFor(o.label, l, config.defaultLocale)}`)
              .join("\n")}
          </textarea>
        </label>
      ))}
      <div class="row">
        <label>
          Scale from
          <input
            type="number"
            name={`${at}.min`}
            value={q?.min === undefined ? "" : String(q.min)}
          />
        </label>
        <label>
          Scale to
          <input
            type="number"
            name={`${at}.max`}
            value={q?.max === undefined ? "" : String(q.max)}
          />
        </label>
      </div>
      <TextFields
        name={`${at}.minLabel`}
        label="Scale's low end"
        text={q?.minLabel}
        config={config}
      />
      <TextFields
        name={`${at}.maxLabel`}
        label="Scale's high end"
        text={q?.maxLabel}
        config={config}
      />
      <Choice
        name={`${at}.category`}
        label="Special category (GDPR art. 9)"
        none="(none)"
        values={SPECIAL_CATEGORIES}
        value={q?.category}
      />
      <Check
        name={`${at}.sensitive`}
        label="Sensitive (asked only with explicit consent to its purpose)"
        on={q?.sensitive ?? false}
      />
      <Choice
        name={`${at}.protectedCharacteristic`}
        label="Protected characteristic (segments on it are flagged)"
        none="(none)"
        values={PROTECTED_CHARACTERISTICS}
        value={q?.protectedCharacteristic}
      />
      <Choice
        name={`${at}.purpose`}
        label="Needs consent to purpose"
        none="(none)"
        values={config.purposes.map((p) => p.id)}
        value={q?.purpose}
      />
      {q ? <Check name={`${at}.remove`} label={`Remove question ${q.id}`} on={false} /> : null}
    </fieldset>
  );
}

const MATCHES = [
  ["any", "any of these options"],
  ["all", "all of these options"],
  ["at-least", "scale at least"],
  ["at-most", "scale at most"],
] as const;

function SegmentFields({
  i,
  s,
  config,
}: {
  i: number;
  s?: SiteConfig["segments"][number];
  config: SiteConfig;
}) {
  const at = `s${i}`;
  const built = s
    ? rowsOf(s.rule, config.questions)
    : { mode: "all" as const, not: false, groups: [], rows: [] };
  const rows = [...(built?.rows ?? []), ...Array.from({ length: BLANK_ROWS }, () => undefined)];
  const groups = [
    ...(built?.groups ?? []),
    ...Array.from({ length: BLANK_GROUPS }, () => undefined),
  ];
  const title = s ? `Segment ${s.id}` : "New segment";
  return (
    <fieldset class="item">
      <legend>{title}</legend>
      <input type="hidden" name={`${at}.present`} value="1" />
      <label>
        Segment id
        <input name={`${at}.id`} value={s?.id ?? ""} pattern="[a-z0-9][a-z0-9_\-]*" />
      </label>
      <TextFields name={`${at}.label`} label="Segment label" text={s?.label} config={config} />
      {built ? (
        <>
          <div class="row">
            <label>
              {`Match (${title})`}
              <select name={`${at}.mode`}>
                <option value="all" selected={built.mode === "all"}>
                  all of the conditions
                </option>
                <option value="any" selected={built.mode === "any"}>
                  any of the conditions
                </option>
              </select>
            </label>
            <Check name={`${at}.not`} label="not (invert the whole rule)" on={built.not} />
          </div>
          <table class="builder">
            <caption>{`Conditions of ${title}`}</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Not</th>
                <th scope="col">Question</th>
                <th scope="col">Condition</th>
                <th scope="col">Options</th>
                <th scope="col">Value</th>
                <th scope="col">Remove</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, m) => {
                const name = `${at}.r${m}`;
                const n = `${title}, condition ${m + 1}`;
                return (
                  <tr>
                    <td>
                      <input type="hidden" name={`${name}.present`} value="1" />
                      <input
                        name={`${name}.group`}
                        value={r?.group ?? ""}
                        size={4}
                        aria-label={`Group of ${n} (empty: top level; 1, 1.2: nested groups)`}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        name={`${name}.not`}
                        value="1"
                        checked={r?.not ?? false}
                        aria-label={`Not: ${n}`}
                      />
                    </td>
                    <td>
                      <select name={`${name}.question`} aria-label={`Question of ${n}`}>
                        <option value="">(none)</option>
                        {config.questions.map((q) => (
                          <option value={q.id} selected={r?.question === q.id}>
                            {q.id}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select name={`${name}.match`} aria-label={`Condition of ${n}`}>
                        {MATCHES.map(([v, label]) => (
                          <option value={v} selected={r?.match === v}>
                            {label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select
                        name={`${name}.options`}
                        multiple
                        size={3}
                        aria-label={`Options of ${n}`}
                      >
                        {config.questions
                          .filter((q) => q.kind !== "scale")
                          .flatMap((q) =>
                            (q.options ?? []).map((o) => (
                              <option
                                value={`${q.id}:${o.id}`}
                                selected={
                                  r?.kind === "options" &&
                                  r.question === q.id &&
                                  r.options.includes(o.id)
                                }
                              >
                                {`${q.id}: ${textIn(o.label, config.defaultLocale, config.defaultLocale)}`}
                              </option>
                            )),
                          )}
                      </select>
                    </td>
                    <td>
                      <input
                        type="number"
                        name={`${name}.value`}
                        value={r?.kind === "scale" ? String(r.value) : ""}
                        size={4}
                        aria-label={`Scale value of ${n}`}
                      />
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        name={`${name}.remove`}
                        value="1"
                        aria-label={`Remove ${n}`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <table class="builder">
            <caption>{`Nested groups of ${title}`}</caption>
            <thead>
              <tr>
                <th scope="col">Group path</th>
                <th scope="col">Match</th>
                <th scope="col">Not</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g, k) => {
                const name = `${at}.g${k}`;
                return (
                  <tr>
                    <td>
                      <input type="hidden" name={`${name}.present`} value="1" />
                      <input
                        name={`${name}.path`}
                        value={g?.path ?? ""}
                        size={5}
                        aria-label={`Path of group ${k + 1} of ${title} (1, 2, 1.1, …)`}
                      />
                    </td>
                    <td>
                      <select
                        name={`${name}.mode`}
                        aria-label={`Match of group ${k + 1} of ${title}`}
                      >
                        <option value="all" selected={g?.mode !== "any"}>
                          all of
                        </option>
                        <option value="any" selected={g?.mode === "any"}>
                          any of
                        </option>
                      </select>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        name={`${name}.not`}
                        value="1"
                        checked={g?.not ?? false}
                        aria-label={`Not: group ${k + 1} of ${title}`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : (
        <label>
          {`Rule of ${title} (JSON Logic; the builder cannot show this rule)`}
          <textarea name={`${at}.json`} rows={4}>
            {JSON.stringify(s?.rule)}
          </textarea>
        </label>
      )}
      {s ? <Check name={`${at}.remove`} label={`Remove segment ${s.id}`} on={false} /> : null}
    </fieldset>
  );
}

function OutcomeSection({ outcome }: { outcome: Outcome }) {
  const heading =
    outcome.kind === "published"
      ? `Published version ${outcome.version}`
      : outcome.kind === "refused"
        ? "Not published"
        : "Preview (not published yet)";
  return (
    <section aria-labelledby="outcome" class="outcome">
      <h2 id="outcome">{heading}</h2>
      {outcome.issues.length > 0 ? (
        <ul class="findings" role="alert">
          {outcome.issues.map((i) => (
            <li class="high">
              <code>{i.path}</code>: {i.message}. Fix: {i.fix}.
            </li>
          ))}
        </ul>
      ) : null}
      <h3>Changes against the live version</h3>
      <ul id="diff">
        {outcome.diff.map((d) => (
          <li>{d}</li>
        ))}
      </ul>
      <h3>Privacy assessment</h3>
      <FindingsList findings={outcome.findings} />
      {outcome.segments.length > 0 ? (
        <>
          <h3>Segments on example answers</h3>
          <section class="scroll" tabindex={0} aria-label="Segments on example answers">
            <table id="examples">
              <thead>
                <tr>
                  <th scope="col">Segment</th>
                  {outcome.examples.map((e) => (
                    <th scope="col">{e}</th>
                  ))}
                  <th scope="col">JSON Logic</th>
                </tr>
              </thead>
              <tbody>
                {outcome.segments.map((s) => (
                  <tr>
                    <th scope="row">{s.id}</th>
                    {s.matches.map((m) => (
                      <td>{m ? "matches" : "no"}</td>
                    ))}
                    <td>
                      <code>{s.json}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </section>
  );
}

/** The console. */
export function ConsolePage(props: ConsoleProps) {
  const { site, siteName, config } = props;
  const base = consolePath(site);
  return (
    <Layout title={`${siteName}: console`}>
      <PageHeader title={`${siteName}: console`} base={base} />
      <main>
        <ul class="links">
          <li>
            <a href={`/v1/sites/${site}/changes`}>Change log</a>
          </li>
          <li>
            <a href={`/v1/sites/${site}/privacy?format=html`}>Privacy record</a>
          </li>
          <li>
            <a href={`/dashboard/${site}`}>Dashboard</a>
          </li>
        </ul>
        {props.notice ? (
          <p role="status" class="notice">
            {props.notice}
          </p>
        ) : null}
        {props.minted ? (
          <section aria-labelledby="minted" class="outcome">
            <h2 id="minted">{`New ${props.minted.role} token “${props.minted.name}”`}</h2>
            <p>Copy it now: it is shown only this once, and only its hash is kept.</p>
            <p>
              <code id="new-token">{props.minted.token}</code>
            </p>
          </section>
        ) : null}
        {props.outcome ? <OutcomeSection outcome={props.outcome} /> : null}
        <h2 id="edit">{`Edit (live version ${props.live}${props.base !== props.live ? `; editing ${props.base}` : ""})`}</h2>
        <form method="post" action={`${base}/edit`} class="editor">
          <input type="hidden" name="base" value={String(props.base)} />
          <fieldset class="item">
            <legend>Site texts</legend>
            <TextFields name="name" label="Site name" text={config.name} config={config} />
            <TextFields
              name="banner.title"
              label="Banner title"
              text={config.banner?.title}
              config={config}
            />
            <TextFields
              name="banner.description"
              label="Banner text"
              text={config.banner?.description}
              config={config}
            />
          </fieldset>
          <fieldset class="item">
            <legend>Where the widget runs</legend>
            <label>
              Allowed origins, one per line
              <textarea name="allowedOrigins" rows={3}>
                {config.allowedOrigins.join("\n")}
              </textarea>
            </label>
          </fieldset>
          <fieldset class="item">
            <legend>Privacy settings</legend>
            <div class="row">
              <label>
                Policy version
                <input name="policyVersion" value={config.policyVersion} />
              </label>
              <label>
                k (smallest count shown)
                <input type="number" name="k" value={String(config.k)} />
              </label>
              <label>
                {`Noise: epsilon per contribution per segment (empty: the default, ${DEFAULT_DP_EPSILON})`}
                <input
                  name="dpEpsilon"
                  inputmode="decimal"
                  value={config.dpEpsilon === undefined ? "" : String(config.dpEpsilon)}
                />
              </label>
              <label>
                Cap on the epsilon one contribution may spend (empty: none)
                <input
                  name="maxEpsilonPerContribution"
                  inputmode="decimal"
                  value={
                    config.maxEpsilonPerContribution === undefined
                      ? ""
                      : String(config.maxEpsilonPerContribution)
                  }
                />
              </label>
              <Check
                name="exactCounts"
                label="Exact counts, no noise (anyone who can contribute can then unmask held-back counts)"
                on={config.exactCounts}
              />
              <label>
                Window (days)
                <input type="number" name="windowDays" value={String(config.windowDays)} />
              </label>
              <label>
                Retention (days)
                <input type="number" name="retentionDays" value={String(config.retentionDays)} />
              </label>
            </div>
          </fieldset>
          <fieldset class="item">
            <legend>Record of processing</legend>
            <label>
              Controller
              <input name="controller.name" value={config.controller?.name ?? ""} />
            </label>
            <label>
              Controller's contact
              <input name="controller.contact" value={config.controller?.contact ?? ""} />
            </label>
            <label>
              Data protection officer (if any)
              <input name="controller.dpo" value={config.controller?.dpo ?? ""} />
            </label>
            <label>
              Where visitors write to exercise their rights
              <input name="rightsContact" value={config.rightsContact ?? ""} />
            </label>
            <label>
              {`Transfers outside the EEA, one per line as recipient | country | safeguard (${TRANSFER_SAFEGUARDS.join(", ")})`}
              <textarea name="transfers" rows={2}>
                {(config.transfers ?? [])
                  .map((x) => `${x.recipient} | ${x.country} | ${x.safeguard}`)
                  .join("\n")}
              </textarea>
            </label>
            <label>
              Your security measures, one per line
              <textarea name="security" rows={2}>
                {(config.security ?? [])
                  .map((m) => textIn(m, config.defaultLocale, config.defaultLocale))
                  .join("\n")}
              </textarea>
            </label>
          </fieldset>
          <h3>Purposes</h3>
          {config.purposes.map((p, i) => (
            <PurposeFields i={i} p={p} config={config} />
          ))}
          <PurposeFields i={config.purposes.length} config={config} />
          <h3>Questions</h3>
          {config.questions.map((q, i) => (
            <QuestionFields i={i} q={q} config={config} />
          ))}
          <QuestionFields i={config.questions.length} config={config} />
          <h3>Segments</h3>
          {config.segments.map((s, i) => (
            <SegmentFields i={i} s={s} config={config} />
          ))}
          <SegmentFields i={config.segments.length} config={config} />
          <div class="actions">
            <button type="submit" name="action" value="preview" class="secondary">
              Preview
            </button>{" "}
            <button type="submit" name="action" value="publish">
              Publish
            </button>
          </div>
        </form>
        <h2 id="versions">Earlier versions</h2>
        <ul>
          {props.versions
            .filter((v) => v.version !== props.live)
            .map((v) => (
              <li>
                <form method="post" action={`${base}/restore`} class="inline">
                  <input type="hidden" name="version" value={String(v.version)} />
                  {`Version ${v.version} (${v.day}) `}
                  <button type="submit" class="secondary">{`Restore version ${v.version}`}</button>
                </form>
              </li>
            ))}
        </ul>
        <h2 id="tokens">Tokens</h2>
        <section class="scroll" tabindex={0} aria-label="Tokens">
          <table id="token-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Revoke</th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>{t.role}</td>
                  <td>
                    <code>{t.fingerprint}</code>
                  </td>
                  <td>{t.created}</td>
                  <td>{t.expires ?? "never"}</td>
                  <td>{t.lastUsed ?? "never"}</td>
                  <td>
                    <form method="post" action={`${base}/tokens/revoke`} class="inline">
                      <input type="hidden" name="id" value={t.id} />
                      <button type="submit" class="secondary">{`Revoke ${t.name}`}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <form method="post" action={`${base}/tokens`} class="editor">
          <fieldset class="item">
            <legend>Mint a token</legend>
            <label>
              Token name
              <input name="name" required maxlength={100} />
            </label>
            <label>
              Role
              <select name="role">
                <option value="marketer">marketer (reads counts)</option>
                <option value="auditor">auditor (reads the logs)</option>
                <option value="owner">owner (everything)</option>
              </select>
            </label>
            <label>
              Expires in days (empty: never)
              <input type="number" name="expiresInDays" min={1} max={366} />
            </label>
            <button type="submit">Mint token</button>
          </fieldset>
        </form>
      </main>
    </Layout>
  );
}
