import { describe, expect, it } from "vitest";
import app from "../../../worker/index.local.ts";
import { openApiDocument } from "../../../worker/openapi/document.ts";
import { OPENAPI_SCHEMAS } from "../../../worker/openapi/schemas.ts";

type Json = Record<string, unknown>;
const doc = openApiDocument() as {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, Json>; security?: unknown[] }>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
};

/** Every `$ref` string anywhere in `value`. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const x of value) refs(x, out);
  else if (value && typeof value === "object") {
    for (const [k, x] of Object.entries(value)) {
      if (k === "$ref" && typeof x === "string") out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

describe("openApiDocument", () => {
  it("should be OpenAPI 3.1 with JSON Schema 2020-12 components", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(JSON.stringify(doc)).not.toContain("draft-07");
    expect(JSON.stringify(doc.components.schemas)).not.toContain('"$schema"');
  });

  it("should generate one component per shared schema, with the schema's own fields", () => {
    expect(Object.keys(doc.components.schemas).sort()).toEqual(Object.keys(OPENAPI_SCHEMAS).sort());
    for (const [name, schema] of Object.entries(OPENAPI_SCHEMAS)) {
      if (!("entries" in schema)) continue;
      const component = doc.components.schemas[name] as {
        properties: Json;
        additionalProperties: boolean;
      };
      expect(Object.keys(component.properties).sort(), name).toEqual(
        Object.keys(schema.entries).sort(),
      );
      // Strict objects in valibot are closed objects in the description.
      expect(component.additionalProperties, name).toBe(false);
    }
    const segments = doc.components.schemas.SegmentsResponse as { required: string[] };
    // Every field of a segments answer is required but `comparison` (only with ?compare=).
    expect(segments.required.sort()).toEqual(
      Object.keys(OPENAPI_SCHEMAS.SegmentsResponse.entries)
        .filter((k) => k !== "comparison")
        .sort(),
    );
  });

  it("should point every $ref at a component that exists", () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(20);
    for (const r of all) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(r)?.[1];
      expect(name && name in doc.components.schemas, r).toBe(true);
    }
  });

  it("should describe every route of the Worker, with each method", () => {
    const described = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const routes = app.routes
      .filter((r) => r.method !== "ALL" && !r.path.includes("*"))
      .map((r) => `${r.method} ${r.path.replace(/:([a-z]+)/g, "{$1}")}`);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of new Set(routes)) expect(described, route).toContain(route);
  });

  it("should answer JSON bodies with the shared schemas, and errors with ErrorBody", () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = (response.content as Record<string, { schema: Json }> | undefined)?.[
            "application/json"
          ]?.schema;
          if (!schema) continue;
          if (status.startsWith("4"))
            expect(schema, `${method} ${path} ${status}`).toEqual({
              $ref: "#/components/schemas/ErrorBody",
            });
        }
      }
    }
    const ok = (path: string, method: string) =>
      (
        doc.paths[path]?.[method]?.responses["200"]?.content as
          | Record<string, { schema: Json }>
          | undefined
      )?.["application/json"]?.schema;
    expect(ok("/v1/sites/{site}/segments", "get")).toEqual({
      $ref: "#/components/schemas/SegmentsResponse",
    });
    expect(ok("/v1/sites/{site}/assignments", "post")).toEqual({
      $ref: "#/components/schemas/AssignmentResponse",
    });
    expect(ok("/v1/sites/{site}/assignments", "delete")).toEqual({
      $ref: "#/components/schemas/RetractionResponse",
    });
    expect(ok("/v1/sites/{site}/config", "get")).toEqual({
      $ref: "#/components/schemas/PublicSiteConfig",
    });
  });

  it("should ask for the marketer token or the dashboard session where the Worker does", () => {
    expect(doc.paths["/v1/sites/{site}/segments"]?.get?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths["/v1/sites/{site}/segments.csv"]?.get?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths["/dashboard/{site}/segments.csv"]?.get?.security).toEqual([
      { dashboardSession: [] },
    ]);
    expect(doc.paths["/dashboard/{site}/access.csv"]?.get?.security).toEqual([
      { dashboardSession: [] },
    ]);
    expect(doc.components.securitySchemes.dashboardSession).toMatchObject({
      in: "cookie",
      name: "pref_dashboard",
    });
  });
});
