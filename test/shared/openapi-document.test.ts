import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../worker/openapi/document.ts";

// The validator reads its meta-schemas from disk (node:fs), so it cannot run inside workerd:
// this check of worker/openapi/document.ts runs in Node, on the same pure generator the Worker
// serves at /openapi.json (test/worker/routes/openapi.test.ts checks the served answers).
describe("the OpenAPI document", () => {
  it("should validate against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument());
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("should be refused by the same validator when broken (the check can fail)", async () => {
    const broken = structuredClone(openApiDocument()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const op = broken.paths["/v1/sites/{site}/segments"]?.get as Record<string, unknown>;
    op.responses = { "200": { content: {} } }; // a response without its required description
    const result = await new Validator().validate(broken);
    expect(result.valid).toBe(false);
  });
});
