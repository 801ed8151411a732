import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../../../shared/errors.ts";
import { openApiDocument } from "../../../worker/openapi/document.ts";
import { DEMO_POLICY_VERSION } from "../../../worker/openapi/examples.ts";
import { OPENAPI_SCHEMAS, type SchemaName } from "../../../worker/openapi/schemas.ts";
import demo from "../../../worker/sites/demo.json";

type Json = Record<string, unknown>;
type Media = { schema?: { $ref?: string }; example?: unknown; examples?: Record<string, Json> };
const doc = openApiDocument() as {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

/** Every media type object of the document with the place it stands, examples or not. */
function media(): { where: string; media: Media }[] {
  const out: { where: string; media: Media }[] = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      const o = op as { requestBody?: { content: Json }; responses: Record<string, Json> };
      for (const [type, m] of Object.entries(o.requestBody?.content ?? {}))
        out.push({ where: `${method} ${path} request ${type}`, media: m as Media });
      for (const [status, r] of Object.entries(o.responses))
        for (const [type, m] of Object.entries((r.content as Json | undefined) ?? {}))
          out.push({ where: `${method} ${path} ${status} ${type}`, media: m as Media });
    }
  return out;
}

const schemaOf = (m: Media) => {
  const name = /^#\/components\/schemas\/(\w+)$/.exec(m.schema?.$ref ?? "")?.[1];
  return name ? OPENAPI_SCHEMAS[name as SchemaName] : undefined;
};

describe("OpenAPI examples", () => {
  it("should use the demo seed's policy version (written out, so no bundle carries the seed)", () => {
    expect(DEMO_POLICY_VERSION).toBe(demo.policyVersion);
  });

  it("should validate every example with the schema its place names", () => {
    let checked = 0;
    for (const { where, media: m } of media()) {
      const schema = schemaOf(m);
      const values = [
        ...(m.example === undefined ? [] : [m.example]),
        ...Object.values(m.examples ?? {}).map((e) => e.value),
      ];
      for (const value of values) {
        expect(schema, where).toBeDefined();
        if (!schema) continue;
        expect(v.safeParse(schema, value).issues, where).toBeUndefined();
        checked++;
      }
    }
    // Assignment (2) and retraction request examples, their answers and the error examples.
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it("should give the visitor API's request bodies and success answers an example", () => {
    for (const { where, media: m } of media()) {
      if (!/^(post|delete) \/v1\/sites\/\{site\}\/assignments (request|200) /.test(where)) continue;
      expect(m.example ?? m.examples, where).toBeDefined();
    }
  });

  it("should give each error example the status its code has (shared/errors.ts)", () => {
    for (const { where, media: m } of media()) {
      const code = (m.example as { error?: { code?: keyof typeof ERROR_STATUS } } | undefined)
        ?.error?.code;
      if (!code) continue;
      const status = where.split(" ")[2];
      expect(String(ERROR_STATUS[code]), where).toBe(status);
    }
  });

  it("should list every error code as the enum of an error body's code", () => {
    const body = doc.components.schemas.ErrorBody as {
      properties: { error: { properties: { code: { enum: string[] } } } };
    };
    expect(body.properties.error.properties.code.enum).toEqual(Object.keys(ERROR_STATUS));
  });

  it("should declare security on every operation, [] where anyone may call", () => {
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item))
        expect(Array.isArray((op as { security?: unknown }).security), `${method} ${path}`).toBe(
          true,
        );
    const marketer = doc.paths["/v1/sites/{site}/segments"]?.get as { security: unknown };
    expect(marketer.security).toEqual([{ bearer: [] }]);
  });
});
