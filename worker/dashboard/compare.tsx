/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * Two to four segments side by side (issue 14, GET /v1/sites/:site/segments?compare=): their
 * audiences, shares and changes in one table, the overlaps the site declared (`overlaps`), and
 * the answer distributions of the segments it declared in `breakdowns`. Nothing else is
 * counted, so nothing else is shown: an undeclared pair or breakdown says so instead of a number.
 */
import type { Comparison, SegmentAudience } from "../../shared/schema.ts";
import { countText, type Hold, periodText, shareText } from "./format.ts";
import { ChangeText, Scroll } from "./tables.tsx";

export function ComparisonSection({
  comparison,
  segments,
  hold,
}: {
  comparison: Comparison;
  /** The compared segments, as the response lists them (in the order asked). */
  segments: readonly SegmentAudience[];
  hold: Hold;
}) {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const compared = comparison.segments.flatMap((id) => byId.get(id) ?? []);
  const period = compared[0] ? periodText(compared[0].change) : "";
  const labelOf = (id: string) => byId.get(id)?.label ?? id;
  return (
    <section aria-labelledby="compare">
      <h2 id="compare">Side by side</h2>
      <Scroll label="Compared segments, table">
        <table id="compare-table">
          <caption>{`${compared.map((s) => s.label).join(", ")} on the last day of the period`}</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {compared.map((s) => (
                <th scope="col" class="num" data-segment={s.id}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Audience</th>
              {compared.map((s) => (
                <td class={s.suppressed ? "num suppressed" : "num"}>
                  {countText(s.audience, s.suppressed, hold)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">Share of respondents</th>
              {compared.map((s) => (
                <td class={s.share === null ? "num suppressed" : "num"}>{shareText(s.share)}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">{`Change, ${period}`}</th>
              {compared.map((s) => (
                <td class="num">
                  <ChangeText change={s.change} />
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </Scroll>
      <h3>Overlaps</h3>
      {comparison.overlaps.length === 0 ? (
        <p class="muted">
          No overlap of these segments is counted: the site counts only the pairs it declares in its
          config (<code>overlaps</code>).
        </p>
      ) : (
        <Scroll label="Overlaps, table">
          <table id="overlap-table">
            <caption>People in both segments of a declared pair</caption>
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col" class="num">
                  In both
                </th>
                <th scope="col" class="num">
                  Share of the first
                </th>
                <th scope="col" class="num">
                  Share of the second
                </th>
              </tr>
            </thead>
            <tbody>
              {comparison.overlaps.map((o) => (
                <tr data-pair={o.segments.join("+")}>
                  <th scope="row">{`${labelOf(o.segments[0])} and ${labelOf(o.segments[1])}`}</th>
                  <td class={o.suppressed ? "num suppressed" : "num"}>
                    {countText(o.audience, o.suppressed, hold)}
                  </td>
                  <td class="num">{shareText(o.shareOf[0])}</td>
                  <td class="num">{shareText(o.shareOf[1])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      <h3>Answers within each segment</h3>
      <BreakdownTables comparison={comparison} labelOf={labelOf} />
    </section>
  );
}

/**
 * Per question, one row per answer and one column per compared segment: the answer's share of
 * that segment. Segments not declared in `breakdowns` have no such counts and say so.
 */
function BreakdownTables({
  comparison,
  labelOf,
}: {
  comparison: Comparison;
  labelOf: (id: string) => string;
}) {
  const counted = comparison.answers.filter((a) => a.counted);
  const uncounted = comparison.answers.filter((a) => !a.counted).map((a) => labelOf(a.segment));
  const questions = counted[0]?.questions ?? [];
  return (
    <>
      {uncounted.length > 0 ? (
        <p class="muted">
          {`Not counted for ${uncounted.join(", ")}: the site counts answers within a segment only for the segments it declares in its config (`}
          <code>breakdowns</code>).
        </p>
      ) : null}
      {questions.map((q, qi) => (
        <Scroll label={`Answers to ${q.label} per segment, table`}>
          <table class="breakdown" data-question={q.id}>
            <caption>{`“${q.label}”: share of each segment`}</caption>
            <thead>
              <tr>
                <th scope="col">Answer</th>
                {counted.map((a) => (
                  <th scope="col" class="num">
                    {labelOf(a.segment)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.options.map((o, oi) => (
                <tr data-option={o.id}>
                  <th scope="row">{o.label}</th>
                  {counted.map((a) => {
                    const cell = a.questions[qi]?.options[oi];
                    return (
                      <td class={cell?.share == null ? "num suppressed" : "num"}>
                        {shareText(cell?.share ?? null)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      ))}
    </>
  );
}
