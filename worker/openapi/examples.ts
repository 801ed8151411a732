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
  AnswersResponse,
  AssignmentRequest,
  AssignmentResponse,
  ChallengeResponse,
  PowProof,
  RetractionRequest,
  RetractionResponse,
  SegmentsResponse,
  SeriesPoint,
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
  compare_count: {
    error: {
      code: "compare_count",
      message: "compare takes 2 to 4 segment ids separated by commas; 1 given",
      details: { field: "compare", given: 1, min: 2, max: 4 },
    },
  },
  unknown_segment: {
    error: {
      code: "unknown_segment",
      message: "compare names segments this site does not have: swimmers",
      details: { field: "compare", unknown: ["swimmers"] },
    },
  },
  duplicate_segment: {
    error: {
      code: "duplicate_segment",
      message: "compare names a segment twice: runners",
      details: { field: "compare", duplicates: ["runners"] },
    },
  },
} as const;

/** Two days of a series (the API answers one point per day of the period). */
const series = (a: number | null, b: number | null): SeriesPoint[] => [
  {
    day: "2026-11-22",
    audience: a,
    added: null,
    removed: null,
    suppressed: a === null,
    unusual: false,
  },
  {
    day: "2026-11-23",
    audience: b,
    added: null,
    removed: null,
    suppressed: b === null,
    unusual: false,
  },
];
const change = (first: number | null, last: number | null) => ({
  from: "2026-11-22",
  to: "2026-11-23",
  first,
  last,
  absolute: first === null || last === null ? null : last - first,
  relative:
    first === null || last === null || first === 0
      ? null
      : Math.round(((last - first) / first) * 1000) / 1000,
});
const RESPONDENTS = {
  audience: 160,
  suppressed: false,
  series: series(150, 160),
  change: change(150, 160),
};

const RUNNERS = {
  id: "runners",
  label: "Runners",
  audience: 42,
  suppressed: false,
  share: 0.263,
  change: change(40, 42),
  series: series(40, 42),
};

/** GET /v1/sites/demo/segments?days=2 (exact counts, as the demo has them). */
export const SEGMENTS_RESPONSE = {
  site: "demo",
  window: 30,
  k: 10,
  day: "2026-11-23",
  noise: false,
  respondents: RESPONDENTS,
  segments: [
    RUNNERS,
    {
      id: "racket-fans",
      label: "Racket fans",
      audience: null,
      suppressed: true,
      share: null,
      change: change(null, null),
      series: series(null, null),
    },
  ],
} satisfies SegmentsResponse;

/** GET /v1/sites/demo/segments?days=2&compare=runners,beginners: side by side. */
export const COMPARE_RESPONSE = {
  ...SEGMENTS_RESPONSE,
  segments: [
    RUNNERS,
    {
      id: "beginners",
      label: "Beginners",
      audience: 30,
      suppressed: false,
      share: 0.188,
      change: change(32, 30),
      series: series(32, 30),
    },
  ],
  comparison: {
    segments: ["runners", "beginners"],
    overlaps: [
      {
        segments: ["runners", "beginners"],
        label: "Runners and Beginners",
        audience: 12,
        suppressed: false,
        share: 0.075,
        shareOf: [0.286, 0.4],
        change: change(11, 12),
        series: series(11, 12),
      },
    ],
    answers: [
      {
        segment: "runners",
        counted: true,
        questions: [
          {
            id: "level",
            label: "How would you describe your level?",
            kind: "single",
            options: [
              {
                id: "beginner",
                label: "Beginner",
                audience: 12,
                suppressed: false,
                share: 0.286,
                change: change(11, 12),
                series: series(11, 12),
              },
            ],
          },
        ],
      },
      { segment: "beginners", counted: false, questions: [] },
    ],
  },
} satisfies SegmentsResponse;

/** GET /v1/sites/demo/answers?days=2: one question's options and one scale's values. */
export const ANSWERS_RESPONSE = {
  site: "demo",
  window: 30,
  k: 10,
  day: "2026-11-23",
  noise: false,
  respondents: RESPONDENTS,
  questions: [
    {
      id: "interests",
      label: "Which sports interest you?",
      kind: "multiple",
      options: [
        {
          id: "running",
          label: "Running",
          audience: 42,
          suppressed: false,
          share: 0.263,
          change: change(40, 42),
          series: series(40, 42),
        },
        {
          id: "yoga",
          label: "Yoga",
          audience: null,
          suppressed: true,
          share: null,
          change: change(null, null),
          series: series(null, null),
        },
      ],
    },
    {
      id: "budget",
      label: "How much do you usually spend on gear?",
      kind: "scale",
      options: [
        {
          id: "1",
          label: "1 (As little as possible)",
          value: 1,
          audience: 25,
          suppressed: false,
          share: 0.156,
          change: change(24, 25),
          series: series(24, 25),
        },
      ],
    },
  ],
} satisfies AnswersResponse;
