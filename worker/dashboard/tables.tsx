/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * The tables beside the charts: the same numbers as text, for screen readers, for copying, and
 * for anyone who reads a table faster than a chart. Suppressed cells read as format.ts
 * heldBackText says.
 */
import type { Child } from "hono/jsx";
import type { Finding } from "../../shared/assessment.ts";
import type { Change, SegmentAudience } from "../../shared/schema.ts";
import { changeParts, countText, type Hold, periodText, shareText } from "./format.ts";

/** One marketer read, as the access log keeps it (no IP, no user agent: a token fingerprint). */
export interface AccessEntry {
  /** When, ISO 8601 UTC. */
  time: string;
  /** Whose counts (the site id): a site's rows live with its counts, the CSV says it outright. */
  site: string;
  /** What was read, e.g. "GET /v1/sites/demo/segments". */
  endpoint: string;
  /** A short fingerprint of the token's hash: tells tokens apart, cannot be turned back. */
  fingerprint: string;
}

function Count({
  value,
  suppressed,
  hold,
}: {
  value: number | null;
  suppressed: boolean;
  hold: Hold;
}) {
  const text = countText(value, suppressed, hold);
  return <span class={suppressed || value === null ? "suppressed" : undefined}>{text}</span>;
}

/**
 * A change with its arrow: the arrow is decoration (hidden from assistive tech), the signed
 * number says the direction in words; the column or label names the period.
 */
export function ChangeText({ change }: { change: Change }) {
  const { arrow, words } = changeParts(change);
  const direction =
    change.absolute === null ? "" : change.absolute > 0 ? "up" : change.absolute < 0 ? "down" : "";
  return (
    <span class={`change ${direction || (change.absolute === null ? "suppressed" : "flat")}`}>
      {arrow ? <span aria-hidden="true">{`${arrow} `}</span> : null}
      {words}
    </span>
  );
}

/** A count with its share and change (a segment's or an option's, shared/schema.ts). */
interface Measure {
  audience: number | null;
  suppressed: boolean;
  share: number | null;
  change: Change;
}

/** The audience, share and change cells of one row: segments and answers read alike. */
export function MeasureCells({ measure: m, hold }: { measure: Measure; hold: Hold }) {
  return (
    <>
      <td class="num">
        <Count value={m.audience} suppressed={m.suppressed} hold={hold} />
      </td>
      <td class={m.share === null ? "num suppressed" : "num"}>{shareText(m.share)}</td>
      <td class="num">
        <ChangeText change={m.change} />
      </td>
    </>
  );
}

/** The header row over MeasureCells: what the rows are, then audience, share, change. */
export function MeasureHeads({ first, period }: { first: string; period: string }) {
  return (
    <tr>
      <th scope="col">{first}</th>
      <th scope="col" class="num">
        Audience
      </th>
      <th scope="col" class="num">
        Share
      </th>
      <th scope="col" class="num">
        {`Change, ${period}`}
      </th>
    </tr>
  );
}

/**
 * Segment | audience on the period's last day | its share of the respondents | its change over
 * the period (issue 14). Shares and changes are the API's, derived from shown numbers only.
 */
export function CurrentTable({
  segments,
  hold,
}: {
  segments: readonly SegmentAudience[];
  hold: Hold;
}) {
  const period = segments[0] ? periodText(segments[0].change) : "";
  return (
    <table id="current-table">
      <caption>Audience per segment on the last day of the period</caption>
      <thead>
        <MeasureHeads first="Segment" period={period} />
      </thead>
      <tbody>
        {segments.map((s) => (
          <tr data-segment={s.id}>
            <th scope="row">{s.label}</th>
            <MeasureCells measure={s} hold={hold} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Day | one column per segment, newest day first. */
export function SeriesTable({
  segments,
  hold,
}: {
  segments: readonly SegmentAudience[];
  hold: Hold;
}) {
  const days = segments[0]?.series.map((p) => p.day) ?? [];
  return (
    <section class="scroll tall" aria-labelledby="series-caption" tabindex={0}>
      <table id="series-table">
        <caption id="series-caption">Daily audience per segment (UTC days, newest first)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {segments.map((s) => (
              <th scope="col" class="num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days
            .map((day, i) => (
              <tr>
                <th scope="row">{day}</th>
                {segments.map((s) => {
                  const p = s.series[i];
                  return (
                    <td class={p?.unusual ? "num unusual" : "num"}>
                      <Count
                        value={p?.audience ?? null}
                        suppressed={p?.suppressed ?? true}
                        hold={hold}
                      />
                      {p?.unusual ? (
                        <>
                          {" "}
                          <strong>{`unusual: ${p.added} added`}</strong>
                        </>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))
            .reverse()}
        </tbody>
      </table>
    </section>
  );
}

/** The privacy assessment, most severe first. */
export function FindingsList({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <p>No findings.</p>;
  return (
    <ul class="findings">
      {findings.map((f) => (
        <li class={f.severity} data-code={f.code}>
          <span class={`badge ${f.severity}`}>{f.severity}</span> {f.message}.{" "}
          <span class="muted">
            Fix: {f.fix}. (<code>{f.path}</code>; {f.ref})
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The latest marketer reads, newest first. */
export function AccessTable({ entries }: { entries: readonly AccessEntry[] }) {
  if (entries.length === 0) return <p>No reads recorded yet.</p>;
  return (
    <section class="scroll" aria-labelledby="access-caption" tabindex={0}>
      <table id="access-table">
        <caption id="access-caption">Latest marketer reads (UTC)</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Read</th>
            <th scope="col">Token</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td>
                <time datetime={e.time}>{e.time.replace("T", " ").replace(/\.\d+Z$|Z$/, "")}</time>
              </td>
              <td>
                <code>{e.endpoint}</code>
              </td>
              <td>
                <code>{e.fingerprint}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A region that scrolls sideways when its table is wider than the screen: focusable and named,
 * so keyboard users can scroll it too (WCAG 2.1.1; axe "scrollable-region-focusable").
 */
export function Scroll({ label, children }: { label: string; children: Child }) {
  return (
    <section class="scroll" aria-label={label} tabindex={0}>
      {children}
    </section>
  );
}
