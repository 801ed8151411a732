/**
 * @module
 * The console's rule builder (issue #11): a small tree of conditions that writes JSON Logic, and
 * reads back the rules it wrote (any other rule stays a hand-written JSON rule). Conditions:
 * any of / all of these options, a scale at least / at most, each of them negatable, in nested
 * groups of "all" or "any". Pure: ES2022 only.
 *
 * The JSON Logic it writes gives every `var` a default, so an unanswered question never matches
 * by accident: options read `[]` (or `""` for a single choice) and a scale reads one below its
 * minimum, which no "at least" reaches and "at most" excludes by reading the range `min..value`.
 */
import type { Question } from "./schema.ts";

export type Condition =
  | { kind: "options"; question: string; match: "any" | "all"; options: string[]; not: boolean }
  | { kind: "scale"; question: string; match: "at-least" | "at-most"; value: number; not: boolean };

export interface Group {
  kind: "group";
  mode: "all" | "any";
  not: boolean;
  children: Node[];
}

export type Node = Condition | Group;

type Json = unknown;

const negate = (rule: Json, not: boolean): Json => (not ? { "!": [rule] } : rule);

/** The JSON Logic of `node`, reading `questions` for kinds and scale minimums. */
export function toJsonLogic(node: Node, questions: readonly Question[]): Json {
  if (node.kind === "group") {
    const parts = node.children.map((c) => toJsonLogic(c, questions));
    return negate({ [node.mode === "all" ? "and" : "or"]: parts }, node.not);
  }
  const q = questions.find((x) => x.id === node.question);
  if (node.kind === "scale") {
    const min = q?.min ?? 0;
    const read = { var: [node.question, min - 1] };
    const rule =
      node.match === "at-least" ? { ">=": [read, node.value] } : { "<=": [min, read, node.value] };
    return negate(rule, node.not);
  }
  if (q?.kind === "single") {
    const read = { var: [node.question, ""] };
    const rule =
      node.match === "any" || node.options.length <= 1
        ? { in: [read, node.options] }
        : // A single choice cannot be two options at once: "all of" two never matches.
          { and: node.options.map((o) => ({ "==": [read, o] })) };
    return negate(rule, node.not);
  }
  const each = node.options.map((o) => ({ in: [o, { var: [node.question, []] }] }));
  return negate({ [node.match === "any" ? "or" : "and"]: each }, node.not);
}

const isObj = (x: Json): x is Record<string, Json> =>
  x !== null && typeof x === "object" && !Array.isArray(x);
const only = (x: Json): [string, Json] | undefined => {
  if (!isObj(x)) return undefined;
  const keys = Object.keys(x);
  return keys.length === 1 && keys[0] !== undefined ? [keys[0], x[keys[0]]] : undefined;
};
const varOf = (x: Json): [string, Json] | undefined => {
  const e = only(x);
  if (e?.[0] !== "var" || !Array.isArray(e[1]) || typeof e[1][0] !== "string") return undefined;
  return [e[1][0], e[1][1]];
};

/** Reads back a rule that toJsonLogic wrote; undefined for any other rule. */
export function fromJsonLogic(rule: Json, questions: readonly Question[]): Node | undefined {
  const e = only(rule);
  if (!e) return undefined;
  const [op, args] = e;
  if (op === "!" && Array.isArray(args) && args.length === 1) {
    const inner = fromJsonLogic(args[0], questions);
    return inner && !inner.not ? { ...inner, not: true } : undefined;
  }
  if (!Array.isArray(args)) return undefined;
  // Only the exact forms toJsonLogic writes (defaults included) are read back, so a rule shown
  // in the builder is written back unchanged.
  const scaleMin = (id: string) => {
    const q = questions.find((x) => x.id === id);
    return q?.kind === "scale" ? (q.min ?? 0) : undefined;
  };
  if (op === ">=" && args.length === 2) {
    const v = varOf(args[0]);
    const min = v ? scaleMin(v[0]) : undefined;
    if (v && min !== undefined && v[1] === min - 1 && typeof args[1] === "number")
      return { kind: "scale", question: v[0], match: "at-least", value: args[1], not: false };
  }
  if (op === "<=" && args.length === 3) {
    const v = varOf(args[1]);
    const min = v ? scaleMin(v[0]) : undefined;
    if (
      v &&
      min !== undefined &&
      args[0] === min &&
      v[1] === min - 1 &&
      typeof args[2] === "number"
    )
      return { kind: "scale", question: v[0], match: "at-most", value: args[2], not: false };
  }
  if (op === "in" && args.length === 2) {
    const v = varOf(args[0]);
    const q = v ? questions.find((x) => x.id === v[0]) : undefined;
    if (
      v &&
      q?.kind === "single" &&
      v[1] === "" &&
      Array.isArray(args[1]) &&
      args[1].every((o) => typeof o === "string")
    )
      return {
        kind: "options",
        question: v[0],
        match: "any",
        options: args[1] as string[],
        not: false,
      };
  }
  if (op === "and" || op === "or") {
    // Options of one multiple-choice question: {"or": [{"in": ["a", {"var": ["q", []]}]}, …]}.
    const opts = args.map((a) => {
      const x = only(a);
      if (x?.[0] !== "in" || !Array.isArray(x[1]) || typeof x[1][0] !== "string") return undefined;
      const v = varOf(x[1][1]);
      const empty = v && Array.isArray(v[1]) && v[1].length === 0;
      return v && empty ? { question: v[0], option: x[1][0] } : undefined;
    });
    const first = opts[0];
    if (first && opts.every((o) => o?.question === first.question)) {
      const q = questions.find((x) => x.id === first.question);
      if (q?.kind === "multiple")
        return {
          kind: "options",
          question: first.question,
          match: op === "or" ? "any" : "all",
          options: opts.map((o) => o?.option ?? ""),
          not: false,
        };
    }
    const children = args.map((a) => fromJsonLogic(a, questions));
    if (children.every((c): c is Node => c !== undefined))
      return { kind: "group", mode: op === "and" ? "all" : "any", not: false, children };
  }
  return undefined;
}

/**
 * A few answer sets to try a segment on before publishing: nothing answered, the first option
 * of every question (scales at their minimum), the last (scales at their maximum), and every
 * option of multiple choices with scales in the middle.
 */
export function exampleAnswers(
  questions: readonly Question[],
): { name: string; answers: Record<string, unknown> }[] {
  const pick = (which: "first" | "last" | "all"): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const q of questions) {
      const ids = (q.options ?? []).map((o) => o.id);
      if (q.kind === "scale") {
        const min = q.min ?? 0;
        const max = q.max ?? min;
        out[q.id] = which === "first" ? min : which === "last" ? max : Math.round((min + max) / 2);
      } else if (ids.length > 0) {
        const one = which === "last" ? ids[ids.length - 1] : ids[0];
        out[q.id] = q.kind === "multiple" ? (which === "all" ? ids : [one]) : one;
      }
    }
    return out;
  };
  return [
    { name: "nothing answered", answers: {} },
    { name: "first options, scales low", answers: pick("first") },
    { name: "last options, scales high", answers: pick("last") },
    { name: "every option, scales mid", answers: pick("all") },
  ];
}
