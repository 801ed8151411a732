/**
 * @module
 * Strict validation of an assignment body against a site config (DESIGN.md data flow step 4):
 * every cause has its own error code, and the answers that pass are exactly what the rules see.
 * Pure, so the Worker and tests share it; the Worker adds the HTTP status from shared/errors.ts.
 */
import * as v from "valibot";
import type { ErrorCode } from "./errors.ts";
import { fail, ok, type Result } from "./result.ts";
import {
  type Answer,
  type AssignmentRequest,
  AssignmentRequestSchema,
  PowProofSchema,
  type SiteConfig,
  TurnstileProofSchema,
} from "./schema.ts";

/** A validated assignment: consent has every purpose, answers only known, allowed questions. */
export interface ValidAssignment extends AssignmentRequest {
  consent: Record<string, boolean>;
  answers: Record<string, Answer>;
}

/**
 * The request of each proof kind: a body is parsed against its site's kind only (a union would
 * blur the message of a wrong field into "matches neither").
 */
const REQUEST_OF_KIND = {
  pow: v.strictObject({ ...AssignmentRequestSchema.entries, proof: PowProofSchema }),
  turnstile: v.strictObject({ ...AssignmentRequestSchema.entries, proof: TurnstileProofSchema }),
} as const;

const RANGE_TYPES = new Set([
  "max_length",
  "min_length",
  "max_value",
  "min_value",
  "regex",
  "integer",
]);

/** Maps the first schema issue to one error code (DESIGN.md: a code per cause). */
function schemaFailure(issue: v.BaseIssue<unknown>): Result<never> {
  const field = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  const where = field ? `"${field}"` : "the body";
  // A missing key of a strict object is a "strict_object" issue too, so test for it first.
  if (issue.input === undefined && issue.path?.length) {
    return fail("missing_field", `${where} is required`, { field });
  }
  if (issue.type === "strict_object" && issue.path?.length) {
    return fail("unknown_field", `${where} is not a known field`, { field });
  }
  if (RANGE_TYPES.has(issue.type)) {
    return fail("out_of_range", `${where} ${issue.message}`, { field });
  }
  return fail("invalid_type", `${where} has the wrong type: ${issue.message}`, { field });
}

/**
 * Validates `body` (already parsed JSON) against `config`.
 * With `gpc` (Sec-GPC: 1), sale-or-share purposes are taken as refused, whatever the body says.
 * @example validateAssignment(config, { policyVersion: "1", consent: { analytics: true }, answers: {} })
 */
export function validateAssignment(
  config: SiteConfig,
  body: unknown,
  options: { gpc?: boolean } = {},
): Result<ValidAssignment> {
  // valibot takes an array for an object (and reports its missing keys), so refuse it first.
  if (Array.isArray(body)) return fail("invalid_type", "the body must be a JSON object");
  // Named first, with its own code, so a client that predates the proof learns what to add.
  const kind = config.proof ?? "pow";
  if (typeof body === "object" && body !== null && !("proof" in body)) {
    return fail(
      "proof_required",
      kind === "turnstile"
        ? 'an assignment on this site needs a Turnstile token: "proof": { "turnstile": TOKEN }'
        : "an assignment needs a proof: GET …/challenge and solve it",
    );
  }
  // A proof of the other kind than the site asks for is a wrong proof, said plainly.
  const proof = (body as { proof?: unknown } | null)?.proof;
  if (
    typeof proof === "object" &&
    proof !== null &&
    "turnstile" in proof !== (kind === "turnstile")
  ) {
    return fail(
      "invalid_proof",
      kind === "turnstile"
        ? 'this site asks for a Turnstile token: "proof": { "turnstile": TOKEN }'
        : "this site asks for a proof of work: GET …/challenge and solve it",
      { field: "proof" },
    );
  }
  const parsed = v.safeParse(REQUEST_OF_KIND[kind], body, { abortEarly: true });
  if (!parsed.success) {
    const first = parsed.issues[0];
    return first ? schemaFailure(first) : fail("invalid_type", "the body is not an assignment");
  }
  const req = parsed.output;
  // valibot's record() drops the keys "__proto__", "constructor" and "prototype" (its guard
  // against prototype pollution), so they would pass unseen: any key of the body that is not in
  // the parsed output is refused like any other unknown purpose or question.
  const raw = body as Record<"consent" | "answers", Record<string, unknown>>;
  for (const [field, code, what] of [
    ["consent", "unknown_purpose", "consent names no purpose"],
    ["answers", "unknown_question", "no question"],
  ] as const) {
    const lost = Object.keys(raw[field]).find((k) => !Object.hasOwn(req[field], k));
    if (lost !== undefined) return fail(code, `${what} "${lost}"`, { field: `${field}.${lost}` });
  }
  if (req.policyVersion !== config.policyVersion) {
    return fail(
      "stale_policy",
      `policy version "${req.policyVersion}" is not the current "${config.policyVersion}"; ask the visitor again`,
      { current: config.policyVersion },
    );
  }
  const consent: Record<string, boolean> = {};
  for (const key of Object.keys(req.consent)) {
    if (!config.purposes.some((p) => p.id === key)) {
      return fail("unknown_purpose", `consent names no purpose "${key}"`, {
        field: `consent.${key}`,
      });
    }
  }
  for (const p of config.purposes) {
    const given = req.consent[p.id] === true;
    consent[p.id] = p.required || (given && !(options.gpc && p.saleOrShare));
  }
  if (!consent[config.countingPurpose]) {
    return fail(
      "no_counting_consent",
      `purpose "${config.countingPurpose}" was not granted, so nothing may be counted`,
      { field: `consent.${config.countingPurpose}` },
    );
  }
  const answers: Record<string, Answer> = {};
  for (const [id, answer] of Object.entries(req.answers)) {
    const q = config.questions.find((x) => x.id === id);
    const field = `answers.${id}`;
    if (!q) return fail("unknown_question", `no question "${id}"`, { field });
    if (q.purpose !== undefined && !consent[q.purpose]) {
      return fail(
        "no_purpose_consent",
        `question "${id}" needs consent to purpose "${q.purpose}"${q.sensitive ? " (explicit consent, GDPR art. 9(2)(a))" : ""}`,
        { field },
      );
    }
    const optionIds = new Set((q.options ?? []).map((o) => o.id));
    if (q.kind === "scale") {
      if (typeof answer !== "number")
        return fail("invalid_type", `${field} must be an integer`, { field });
      if (answer < (q.min ?? 0) || answer > (q.max ?? 0)) {
        return fail("out_of_range", `${field} must be between ${q.min} and ${q.max}`, { field });
      }
    } else if (q.kind === "single") {
      if (typeof answer !== "string")
        return fail("invalid_type", `${field} must be an option id`, { field });
      if (!optionIds.has(answer))
        return fail("unknown_option", `${field}: no option "${answer}"`, { field });
    } else {
      if (!Array.isArray(answer))
        return fail("invalid_type", `${field} must be an array of option ids`, { field });
      const seen = new Set<string>();
      for (const o of answer) {
        if (!optionIds.has(o))
          return fail("unknown_option", `${field}: no option "${o}"`, { field });
        if (seen.has(o))
          return fail("duplicate_option", `${field}: option "${o}" is given twice`, { field });
        seen.add(o);
      }
    }
    answers[id] = answer;
  }
  const value: ValidAssignment = {
    proof: req.proof,
    policyVersion: req.policyVersion,
    consent,
    answers,
  };
  if (req.replaces !== undefined) value.replaces = req.replaces;
  if (req.idempotencyKey !== undefined) value.idempotencyKey = req.idempotencyKey;
  return ok(value);
}

/** The codes validateAssignment can return; the Worker's tests walk through each. */
export const ASSIGNMENT_ERROR_CODES: readonly ErrorCode[] = [
  "proof_required",
  "invalid_proof",
  "unknown_field",
  "missing_field",
  "invalid_type",
  "out_of_range",
  "stale_policy",
  "unknown_purpose",
  "no_counting_consent",
  "unknown_question",
  "no_purpose_consent",
  "unknown_option",
  "duplicate_option",
];
