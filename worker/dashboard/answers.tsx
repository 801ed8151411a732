/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * What people answered (issue 14): per question, a horizontal bar chart of how many people
 * counted in the window chose each option (each value of a scale), with a table beside it
 * that prints the same audiences, their shares and their change. These are counts kept like
 * segment counts (an implicit segment per option, GET /v1/sites/:site/answers), never anyone's
 * answers; held-back options read as format.ts heldBackText says and show no bar.
 */
import type { OptionAudience, QuestionAnswers } from "../../shared/schema.ts";
import { BarChart, TwoLayouts } from "./charts.tsx";
import { type Hold, periodText, shareText } from "./format.ts";
import { MeasureCells, MeasureHeads, Scroll } from "./tables.tsx";

/** An option as a bar, its share printed after its count. */
function bar(o: OptionAudience) {
  return { ...o, note: o.share === null ? undefined : shareText(o.share) };
}

/** Answer | audience | share of the respondents | change over the period. */
export function OptionsTable({ question, hold }: { question: QuestionAnswers; hold: Hold }) {
  const period = question.options[0] ? periodText(question.options[0].change) : "";
  return (
    <table id={`answers-table-${question.id}`} class="answers">
      <caption>{`Answers to “${question.label}”`}</caption>
      <thead>
        <MeasureHeads first="Answer" period={period} />
      </thead>
      <tbody>
        {question.options.map((o) => (
          <tr data-option={o.id}>
            <th scope="row">{o.label}</th>
            <MeasureCells measure={o} hold={hold} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every question's answer distribution, each a chart (wide and compact) and its table. */
export function AnswersSection({
  questions,
  hold,
  window,
}: {
  questions: readonly QuestionAnswers[];
  hold: Hold;
  window: number;
}) {
  return (
    <section aria-labelledby="answers">
      <h2 id="answers">What people answered</h2>
      <p class="muted">
        {`For each question: how many of the people counted in the ${window} days chose each answer, and their share of the respondents. These are counts of answers, kept like segment counts; no one's answers are kept.`}
      </p>
      {questions.length === 0 ? <p>The site asks no question.</p> : null}
      {questions.map((q) => {
        const bars = q.options.map(bar);
        const chart = (compact: boolean) => (
          <BarChart
            id={compact ? `answers-${q.id}-narrow` : `answers-${q.id}`}
            segments={bars}
            hold={hold}
            window={window}
            of={{ kind: "option", question: q.label }}
            compact={compact}
          />
        );
        return (
          <section class="question" aria-labelledby={`question-${q.id}`} data-question={q.id}>
            <h3 id={`question-${q.id}`}>{q.label}</h3>
            <div class="pair">
              <figure>
                <TwoLayouts wide={chart(false)} narrow={chart(true)} />
                <figcaption>
                  Each bar prints its audience and its share of the respondents.
                </figcaption>
              </figure>
              <Scroll label={`Answers to ${q.label}, table`}>
                <OptionsTable question={q} hold={hold} />
              </Scroll>
            </div>
          </section>
        );
      })}
    </section>
  );
}
