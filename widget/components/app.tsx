/**
 * @module
 * The widget's one screen: the banner while no valid decision exists, the launcher once one
 * does, the preference center when opened, and a polite live region for confirmations.
 * Stateless: the controller (widget/controller.tsx) renders it again with new props after every
 * change, and moves focus (back to the opener when the preference center closes).
 */
import { type ConsentRecord, consentFor } from "../../shared/consent.ts";
import type { Answer } from "../../shared/schema.ts";
import { Banner } from "./banner.tsx";
import { Launcher } from "./launcher.tsx";
import { PreferenceCenter, type UiContext } from "./preference-center.tsx";

type Answers = Record<string, Answer>;

export interface AppProps extends UiContext {
  /** No valid decision: the banner asks. */
  asking: boolean;
  open: boolean;
  /** The valid record (start values of the preference center). */
  record: ConsentRecord | undefined;
  /** Whatever the device keeps. */
  stored: ConsentRecord | undefined;
  notice: string;
  onAll(accept: boolean, answers?: Answers): void;
  onSave(consent: Record<string, boolean>, answers: Answers): void;
  onOpen(): void;
  onClose(): void;
  onWithdraw(): void;
  onDelete(): void;
}

export function App(p: AppProps) {
  const { t, config, tx } = p;
  const asks = config.purposes
    .filter((pu) => !pu.required)
    .map((pu) => tx(pu.label))
    .join(", ");
  return (
    <div>
      {p.asking ? (
        <Banner
          title={tx(config.banner?.title) || tx(config.name)}
          description={tx(config.banner?.description) || t.intro}
          asks={`${t.asks} ${asks}.`}
          gpc={p.gpc ? t.gpc : undefined}
          noStorage={p.persistent ? undefined : t.noStorage}
          policy={config.policyUrl ? { url: config.policyUrl, label: t.policy } : undefined}
          labels={t}
          onAccept={() => p.onAll(true)}
          onReject={() => p.onAll(false)}
          onCustomize={p.onOpen}
        />
      ) : null}
      {!p.asking && !p.open ? <Launcher label={t.preferences} onOpen={p.onOpen} /> : null}
      {p.open ? (
        <PreferenceCenter
          config={config}
          t={t}
          tx={tx}
          locale={p.locale}
          gpc={p.gpc}
          persistent={p.persistent}
          // Nothing pre-ticked, but required purposes are on (and their questions answerable).
          consent={p.record?.consent ?? consentFor(config.purposes, "reject-all", p.gpc)}
          answers={p.record?.answers ?? {}}
          stored={p.stored}
          onSave={p.onSave}
          onAll={p.onAll}
          onWithdraw={p.onWithdraw}
          onDelete={p.onDelete}
          onClose={p.onClose}
        />
      ) : null}
      <div class="sr" role="status">
        {p.notice}
      </div>
    </div>
  );
}
