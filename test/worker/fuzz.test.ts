/**
 * Property: whatever JSON or bytes reach the assignment endpoint, the answer is never a 5xx, and
 * anything refused changes no count (DESIGN.md: a 4xx never changes a count; a 5xx is a bug).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call, netCounts, send, tiny } from "./helpers.ts";

const PATH = "/v1/sites/tiny/assignments";

/** Bodies near the valid shape, so the validator is exercised past its first check. */
const nearValid = fc.record(
  {
    policyVersion: fc.oneof(fc.constant("v1"), fc.string()),
    consent: fc.oneof(fc.constant({ counting: true }), fc.dictionary(fc.string(), fc.jsonValue())),
    answers: fc.oneof(
      fc.dictionary(fc.constantFrom("color", "pets", "score", "stress", "x"), fc.jsonValue()),
      fc.jsonValue(),
    ),
    replaces: fc.string(),
    idempotencyKey: fc.string(),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

describe("assignment endpoint under arbitrary input", () => {
  it("should never answer 5xx, and never count a refused body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nearValid.map((b) => ({ kind: "json" as const, body: JSON.stringify(b) })),
          fc.jsonValue().map((b) => ({ kind: "json" as const, body: JSON.stringify(b) })),
          fc.uint8Array({ maxLength: 300 }).map((b) => ({ kind: "bytes" as const, body: b })),
          fc.string().map((b) => ({ kind: "json" as const, body: b })),
        ),
        fc.constantFrom("POST", "DELETE"),
        async (input, method) => {
          const before = await netCounts(tiny);
          const res =
            input.kind === "bytes"
              ? await call(PATH, {
                  method,
                  body: input.body,
                  headers: { "Content-Type": "application/json" },
                })
              : await send(PATH, method, input.body);
          expect(res.status).toBeLessThan(500);
          if (res.status !== 200) expect(await netCounts(tiny)).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });
});
