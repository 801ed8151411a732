/**
 * @module
 * The preference center: a modal dialog (focus trapped inside, Escape closes, the opener gets
 * focus back; WAI-ARIA APG dialog pattern) with every purpose as a switch, the preference
 * questions, "Save choices", and what is stored on this device: said in words (when, how, which
 * policy version, what is allowed, which segments), downloadable as JSON (the raw record is only
 * in the download: receipts and millisecond timestamps mean nothing on screen), withdrawable in
 * one action, deletable after a confirmation step.
 */
import { Component, createRef } from "preact";
import type { ConsentRecord } from "../../shared/consent.ts";
import type { Answer, Text } from "../../shared/schema.ts";
import type { WidgetConfig } from "../../shared/site-script.ts";
import { fill, type WidgetTexts } from "../i18n.ts";
import { Question } from "./question.tsx";
import { Switch } from "./switch.tsx";

type Answers = Record<string, Answer>;

/** What every part of the UI is rendered with: the config, the texts, and the device's state. */
export interface UiContext {
  config: WidgetConfig;
  t: WidgetTexts;
  tx(text: Text | undefined): string;
  locale: string;
  gpc: boolean;
  persistent: boolean;
}

export interface PreferenceCenterProps extends UiContext {
  /** Start values: the valid record's, or nothing ticked. */
  consent: Record<string, boolean>;
  answers: Answers;
  /** Whatever the device keeps, valid or not. */
  stored: ConsentRecord | undefined;
  /** Labels of the segments worked out on this device. */
  segments: string[];
  onSave(consent: Record<string, boolean>, answers: Answers): void;
  onAll(accept: boolean, answers: Answers): void;
  onWithdraw(): void;
  onDelete(): void;
  onClose(): void;
}

const FOCUSABLE = "button,input:not([disabled]),a[href],summary";

/** Saves `record` as a JSON file (the visitor's copy of their own data, GDPR art. 15, 20). */
export function download(record: ConsentRecord): void {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(record, null, 2)], { type: "application/json" }),
  );
  const a = document.createElement("a");
  a.href = url;
  a.download = `preferably-${record.site}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface Draft {
  consent: Record<string, boolean>;
  answers: Answers;
  /** "Delete my data" was pressed once: ask to confirm. */
  confirming?: boolean;
}

// Size: a class component, so widget.js needs no preact/hooks (about 0.7 KiB gzipped).
export class PreferenceCenter extends Component<PreferenceCenterProps, Draft> {
  dialog = createRef<HTMLDivElement>();

  constructor(p: PreferenceCenterProps) {
    super(p);
    this.state = { consent: p.consent, answers: p.answers };
  }

  yes = createRef<HTMLButtonElement>();

  componentDidMount(): void {
    this.dialog.current?.focus();
  }

  componentDidUpdate(_: PreferenceCenterProps, before: Draft): void {
    // The confirmation replaced the button that had focus: focus its "Yes, delete".
    if (this.state.confirming && !before.confirming) this.yes.current?.focus();
  }

  onKeyDown = (e: KeyboardEvent): void => {
    const dialog = this.dialog.current;
    if (e.key === "Escape") {
      e.preventDefault();
      this.props.onClose();
    } else if (e.key === "Tab" && dialog) {
      // Focus trap: Tab from the last control goes to the first, Shift+Tab the other way.
      const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE));
      const at = (dialog.getRootNode() as ShadowRoot | Document).activeElement;
      const first = items[0];
      const last = items[items.length - 1];
      if (e.shiftKey && (at === first || at === dialog)) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && at === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };

  render(p: PreferenceCenterProps, { consent, answers, confirming }: Draft) {
    const { config, t, tx } = p;
    const setConsent = (c: Record<string, boolean>) => this.setState({ consent: c });
    const setAnswers = (a: Answers) => this.setState({ answers: a });
    const dialog = this.dialog;
    const onKeyDown = this.onKeyDown;
    const s = p.stored;
    const fmt = (ms: number) => new Date(ms).toLocaleDateString(p.locale, { dateStyle: "long" });
    const methods = {
      "accept-all": t.acceptedAll,
      "reject-all": t.rejectedAll,
      custom: t.custom,
      withdraw: t.withdrawnMethod,
    };
    const confirm = (on: boolean) => this.setState({ confirming: on });
    return (
      <div class="ov">
        <div
          class="dl"
          role="dialog"
          aria-modal="true"
          aria-labelledby="pf-dt"
          tabIndex={-1}
          ref={dialog}
          onKeyDown={onKeyDown}
        >
          <button type="button" class="x" aria-label={t.close} onClick={p.onClose}>
            ×
          </button>
          <h2 id="pf-dt">{t.preferences}</h2>
          {p.gpc ? <p class="n">{t.gpc}</p> : null}
          {p.persistent ? null : <p class="n">{t.noStorage}</p>}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              p.onSave(consent, answers);
            }}
          >
            <fieldset>
              <legend>{t.purposes}</legend>
              {config.purposes.map((pu) => {
                const blocked = p.gpc && pu.saleOrShare && !pu.required;
                return (
                  <Switch
                    key={pu.id}
                    id={pu.id}
                    label={tx(pu.label)}
                    description={tx(pu.description)}
                    checked={pu.required || (!blocked && consent[pu.id] === true)}
                    disabled={pu.required || blocked}
                    note={pu.required ? t.alwaysOn : blocked ? t.gpcShort : ""}
                    onChange={(on) => setConsent({ ...consent, [pu.id]: on })}
                  />
                );
              })}
            </fieldset>
            {config.questions.length ? <h3>{t.questions}</h3> : null}
            {config.questions.map((q) => (
              <Question
                key={q.id}
                question={q}
                value={answers[q.id]}
                tx={tx}
                noAnswer={t.noAnswer}
                disabled={q.purpose !== undefined && consent[q.purpose] !== true}
                onChange={(v) => {
                  const next = { ...answers };
                  if (v === undefined) delete next[q.id];
                  else next[q.id] = v;
                  setAnswers(next);
                }}
              />
            ))}
            <div class="bs">
              <button type="submit" class="b">
                {t.save}
              </button>
              <button type="button" class="b b2" onClick={() => p.onAll(true, answers)}>
                {t.acceptAll}
              </button>
              <button type="button" class="b b2" onClick={() => p.onAll(false, answers)}>
                {t.rejectAll}
              </button>
            </div>
          </form>
          <h3>{t.stored}</h3>
          {s ? (
            <>
              <p class="d">
                {fill(t.summary, {
                  date: fmt(s.decidedAt),
                  method: methods[s.method],
                  version: s.policyVersion,
                })}{" "}
                {fill(t.allowed, {
                  list: config.purposes
                    .filter((pu) => s.consent[pu.id])
                    .map((pu) => tx(pu.label))
                    .join(", "),
                })}{" "}
                {p.segments.length ? `${fill(t.segments, { list: p.segments.join(", ") })} ` : ""}
                {fill(t.expires, { date: fmt(s.expiresAt) })}
              </p>
              {confirming ? (
                <div class="n">
                  <p id="pf-cd">{t.confirmDelete}</p>
                  <div class="bs">
                    <button
                      type="button"
                      class="b"
                      aria-describedby="pf-cd"
                      ref={this.yes}
                      onClick={p.onDelete}
                    >
                      {t.confirmYes}
                    </button>
                    <button type="button" class="b b2" onClick={() => confirm(false)}>
                      {t.cancel}
                    </button>
                  </div>
                </div>
              ) : (
                <div class="bs">
                  <button type="button" class="b b2" onClick={() => download(s)}>
                    {t.download}
                  </button>
                  <button type="button" class="b b2" onClick={p.onWithdraw}>
                    {t.withdraw}
                  </button>
                  <button type="button" class="b b2" onClick={() => confirm(true)}>
                    {t.deleteData}
                  </button>
                </div>
              )}
            </>
          ) : (
            <p class="d">{t.nothingStored}</p>
          )}
        </div>
      </div>
    );
  }
}
