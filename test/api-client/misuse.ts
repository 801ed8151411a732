/**
 * Type tests of the typed client: each call below breaks the OpenAPI document, so tsc must
 * report it (an unused @ts-expect-error is itself an error). Never run, only type-checked by
 * `tsc -p test/api-client` in `npm run typecheck`.
 */
import { ASSIGNMENT_REQUEST } from "../../worker/openapi/examples.ts";
import { type Answer, createClient } from "./client.ts";

export function misuse(): void {
  const api = createClient("http://localhost:8787", "http://localhost:8787");
  // @ts-expect-error policyVersion is a string in the document
  void api.assign("demo", { ...ASSIGNMENT_REQUEST, policyVersion: 1 });
  // @ts-expect-error a retraction needs its receipt
  void api.retract("demo", {});
  // @ts-expect-error `days` is an integer, not a string
  void api.getSegments("demo", "demo-token", { days: "7" });
  // @ts-expect-error an unknown field of the strict assignment body
  void api.assign("demo", { ...ASSIGNMENT_REQUEST, visitorId: "x" });
  const error: Answer<"assign", 422> = {
    // @ts-expect-error error codes are the enum of shared/errors.ts, not any string
    error: { code: "no_such_code", message: "" },
  };
  void error;
}
