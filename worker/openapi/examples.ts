/**
 * @module
 * The request and answer examples of the OpenAPI document. They are the fixtures the tests use:
 * test/worker/routes/openapi.test.ts sends these very bodies to the real Worker and checks the
 * answers against the document, test/worker/openapi/examples.test.ts validates every example
 * with the schema its place names, and the typed-client e2e test (test/e2e/api-client.test.ts)
 * posts them to `wrangler dev`. Pure: no Workers types.
 */
import { DEFAULT_PROOF_DIFFICULTY } from "../../shared/limits.ts";
import type {
  AssignmentRequest,
  AssignmentResponse,
  ChallengeResponse,
  PowProof,
  RetractionRequest,
  RetractionResponse,
} from "../../shared/schema.ts";

/**
 * The demo site's policy version, written out: importing worker/sites/demo.json here would put
 * the demo site into every production bundle (issue 13). test/worker/openapi/examples.test.ts
 * keeps it equal to the demo seed's.
 */
export const DEMO_POLICY_VERSION = "2026-11-01";

/** A receipt as the Worker signs it (shape only: the signature is not a real one). */
const RECEIPT =
  "eyJ2IjoxLCJzIjoiZGVtbyIsImQiOiIyMDI2LTEyLTAxIiwic2ciOlsicnVubmVycyIsImJlZ2lubmVycyJdfQ.c2lnbmF0dXJl";

/** A challenge as the edge signs it (shape only: the signature is not a real one). */
const CHALLENGE =
  "eyJ2IjoxLCJzaXRlIjoiZGVtbyIsImQiOjEyLCJleHAiOjE3OTY1MTI0MDAwMDAsIm4iOiJxM1pyOHRYMnZMOWFZYjRLbTdOY1BBIn0.c2lnbmF0dXJl";

export const CHALLENGE_RESPONSE = {
  challenge: CHALLENGE,
  difficulty: DEFAULT_PROOF_DIFFICULTY,
  expiresAt: 1796512400000,
} satisfies ChallengeResponse;

/** The challenge with a solution (shape only; tests send a really solved one in its place). */
export const PROOF = { challenge: CHALLENGE, solution: 2977 } satisfies PowProof;

/** A first-time visitor of the demo shop who consents to counting and likes running. */
export const ASSIGNMENT_REQUEST = {
  proof: PROOF,
  policyVersion: DEMO_POLICY_VERSION,
  consent: { analytics: true },
  answers: { interests: ["running"], level: "beginner" },
} satisfies AssignmentRequest;

/** A changed answer: the old receipt goes along, and a retry-safe key. */
export const REPLACE_REQUEST = {
  ...ASSIGNMENT_REQUEST,
  answers: { interests: ["running", "tennis"], level: "beginner" },
  replaces: RECEIPT,
  idempotencyKey: "k3v9Qm2xT7pL0aZr4Yb8Nc",
} satisfies AssignmentRequest;

export const ASSIGNMENT_RESPONSE = {
  segments: ["runners", "beginners"],
  receipt: RECEIPT,
} satisfies AssignmentResponse;

export const RETRACTION_REQUEST = { receipt: RECEIPT } satisfies RetractionRequest;
export const RETRACTION_RESPONSE = { retracted: true } satisfies RetractionResponse;

/**
 * Error answers exactly as the Worker gives them (the conformance test compares the real ones
 * with these, byte for byte).
 */
export const ERROR_EXAMPLES = {
  bad_json: { error: { code: "bad_json", message: "the body is not valid JSON" } },
  unknown_site: { error: { code: "unknown_site", message: "no such site" } },
  unauthorized: {
    error: {
      code: "unauthorized",
      message: "send a token of this site (marketer or owner) as Authorization: Bearer TOKEN",
    },
  },
  receipt_spent: {
    error: {
      code: "receipt_spent",
      message: "this receipt was used already; nothing was changed",
    },
  },
  unknown_option: {
    error: {
      code: "unknown_option",
      message: 'answers.level: no option "expert"',
      details: { field: "answers.level" },
    },
  },
  proof_spent: {
    error: {
      code: "proof_spent",
      message: "this proof was used already; fetch a new challenge",
    },
  },
  rate_limited: { error: { code: "rate_limited", message: "too many requests; try again later" } },
} as const;
