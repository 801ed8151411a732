/**
 * @module
 * One preference question: single choice as radios, multiple choice as checkboxes, a scale as
 * radios min..max (radios, not a range: each step is named and reachable by keyboard, and "no
 * answer" stays possible). Every question starts unanswered (invariant 1: nothing pre-ticked;
 * "No answer" is the absence of an answer, not a choice).
 */
import type { Answer, Question as Q } from "../../shared/schema.ts";

export interface QuestionProps {
  question: Q;
  value: Answer | undefined;
  /** Resolves a site text in the visitor's locale. */
  tx(text: Q["label"] | undefined): string;
  noAnswer: string;
  disabled?: boolean;
  onChange(value: Answer | undefined): void;
}

export function Question({ question: q, value, tx, noAnswer, disabled, onChange }: QuestionProps) {
  const name = `pf-q-${q.id}`;
  const multiple = q.kind === "multiple";
  const choices: Array<[Answer, string]> =
    q.kind === "scale"
      ? Array.from({ length: (q.max ?? 0) - (q.min ?? 0) + 1 }, (_, i) => {
          const n = (q.min ?? 0) + i;
          const end = n === q.min ? tx(q.minLabel) : n === q.max ? tx(q.maxLabel) : "";
          return [n, end ? `${n}: ${end}` : String(n)];
        })
      : (q.options ?? []).map((o) => [o.id, tx(o.label)]);
  const picked = (v: Answer) => (Array.isArray(value) ? value.includes(v as string) : value === v);
  const pick = (v: Answer, on: boolean) => {
    if (!multiple) return onChange(v);
    const list = (Array.isArray(value) ? value : []).filter((x) => x !== v);
    if (on) list.push(v as string);
    onChange(list.length ? list : undefined);
  };
  const option = (v: Answer | undefined, label: string) => (
    <label class="o">
      <input
        type={multiple ? "checkbox" : "radio"}
        name={name}
        checked={v === undefined ? value === undefined : picked(v)}
        onChange={(e) => (v === undefined ? onChange(undefined) : pick(v, e.currentTarget.checked))}
      />
      {label}
    </label>
  );
  return (
    <fieldset disabled={disabled}>
      <legend>{tx(q.label)}</legend>
      {multiple ? null : option(undefined, noAnswer)}
      {choices.map(([v, label]) => option(v, label))}
    </fieldset>
  );
}
