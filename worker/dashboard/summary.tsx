/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * The first numbers of the dashboard (issue 14: "out of how many?"): the respondents, every
 * contribution counted in the window whether or not it falls in a segment, and their change
 * over the period shown, with the same suppression as every count.
 */
import type { Respondents } from "../../shared/schema.ts";
import { countText, type Hold, periodText } from "./format.ts";
import { ChangeText } from "./tables.tsx";

export function RespondentsSummary({
  respondents,
  hold,
  window,
  day,
}: {
  respondents: Respondents;
  hold: Hold;
  window: number;
  day: string;
}) {
  return (
    <dl class="headline" id="respondents">
      <div>
        <dt>Respondents</dt>
        <dd class={respondents.suppressed ? "big suppressed" : "big"}>
          {countText(respondents.audience, respondents.suppressed, hold)}
        </dd>
        <dd class="muted">{`people counted in the ${window} days up to ${day}`}</dd>
      </div>
      <div>
        <dt>{`Change, ${periodText(respondents.change)}`}</dt>
        <dd class="big">
          <ChangeText change={respondents.change} />
        </dd>
        <dd class="muted">first to last day of the period</dd>
      </div>
    </dl>
  );
}
