import { SELF } from "cloudflare:test";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { assessSite } from "../../../shared/assessment.ts";
import { solveProof } from "../../../shared/proof.ts";
import type { ChallengeResponse } from "../../../shared/schema.ts";
import { sha256Bytes } from "../../../worker/counting/challenge.ts";
import {
  ASSIGNMENT_REQUEST,
  ERROR_EXAMPLES,
  RETRACTION_RESPONSE,
} from "../../../worker/openapi/examples.ts";
import { OPENAPI_SCHEMAS, type SchemaName } from "../../../worker/openapi/schemas.ts";
import { OPENAPI_MAX_AGE_SECONDS } from "../../../worker/routes/openapi.ts";
import { demo, freshIp } from "../helpers.ts";

// Real answers of the Worker (worker/index.local.ts through SELF, as `npm start` runs it), each validated with the
// valibot schema that the served document names for that path, method and status.
type Doc = {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }
    >
  >;
};

const ORIGIN = "http://localhost:8787"; // one of demo's allowed origins

async function served(): Promise<Doc> {
  const res = await SELF.fetch("https://edge.example/openapi.json");
  return (await res.json()) as Doc;
}

/** The schema the document names for a JSON answer. */
function schemaFor(doc: Doc, path: string, method: string, status: number) {
  const ref =
    doc.paths[path]?.[method]?.responses[String(status)]?.content?.["application/json"]?.schema
      .$ref;
  const name = /^#\/components\/schemas\/(\w+)$/.exec(ref ?? "")?.[1];
  if (!name || !(name in OPENAPI_SCHEMAS))
    throw new Error(`no JSON schema for ${method} ${path} ${status}: ${ref}`);
  return OPENAPI_SCHEMAS[name as SchemaName];
}

function call(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("CF-Connecting-IP", freshIp());
  return SELF.fetch(`https://edge.example${path}`, { ...init, headers });
}

/** Fetches, then checks the answer against the document: the status is described, the body parses. */
async function conforms(
  doc: Doc,
  template: string,
  method: string,
  path: string,
  init: RequestInit = {},
) {
  const res = await call(path, { ...init, method: method.toUpperCase() });
  const body = await res.json();
  const parsed = v.safeParse(schemaFor(doc, template, method, res.status), body);
  expect(parsed.issues, `${method} ${path} ${res.status}`).toBeUndefined();
  return { status: res.status, body: parsed.output as Record<string, unknown> };
}

// The document's own example (worker/openapi/examples.ts) is the body these tests send.
const assignment = ASSIGNMENT_REQUEST;
const json = { "Content-Type": "application/json", Origin: ORIGIN };

describe("GET /openapi.json", () => {
  it("should serve the description publicly, cacheable, to any origin", async () => {
    const res = await SELF.fetch("https://edge.example/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("Cache-Control")).toBe(`public, max-age=${OPENAPI_MAX_AGE_SECONDS}`);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(((await res.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("should describe what the Worker really answers, success and error alike", async () => {
    const doc = await served();
    const site = "/v1/sites/{site}";
    const config = await conforms(doc, `${site}/config`, "get", "/v1/sites/demo/config");
    expect(config.status).toBe(200);
    expect((await conforms(doc, `${site}/config`, "get", "/v1/sites/nope/config")).body).toEqual(
      ERROR_EXAMPLES.unknown_site,
    );

    const assignments = (method: "post" | "delete", body: string) =>
      conforms(doc, `${site}/assignments`, method, "/v1/sites/demo/assignments", {
        headers: json,
        body,
      });
    const challenge = await conforms(doc, `${site}/challenge`, "get", "/v1/sites/demo/challenge");
    expect(challenge.status).toBe(200);
    const c = challenge.body as unknown as ChallengeResponse;
    const solution = await solveProof(sha256Bytes, c.challenge, c.difficulty);
    // The example with a really solved proof in place of its shape-only one.
    const solved = JSON.stringify({ ...assignment, proof: { challenge: c.challenge, solution } });
    const posted = await assignments("post", solved);
    expect(posted.status).toBe(200);
    expect(await assignments("post", solved)).toEqual({
      status: 409,
      body: ERROR_EXAMPLES.proof_spent,
    });
    const bad = await assignments(
      "post",
      JSON.stringify({ ...assignment, answers: { nope: "x" } }),
    );
    expect(bad.status).toBe(422);
    const expert = await assignments(
      "post",
      JSON.stringify({ ...assignment, answers: { ...assignment.answers, level: "expert" } }),
    );
    expect(expert.body).toEqual(ERROR_EXAMPLES.unknown_option);
    const notJson = await assignments("post", "{");
    expect(notJson).toEqual({ status: 400, body: ERROR_EXAMPLES.bad_json });

    const receipt = JSON.stringify({ receipt: posted.body.receipt });
    const retracted = await assignments("delete", receipt);
    expect(retracted).toEqual({ status: 200, body: RETRACTION_RESPONSE });
    const replay = await assignments("delete", receipt);
    expect(replay).toEqual({ status: 409, body: ERROR_EXAMPLES.receipt_spent });

    const auth = { Authorization: "Bearer demo-token" };
    for (const [query, headers, status, example] of [
      ["", auth, 200, undefined],
      ["?days=7&segments=runners", auth, 200, undefined],
      ["", {}, 401, ERROR_EXAMPLES.unauthorized],
      ["?days=0", auth, 400, undefined],
    ] as const) {
      const path = `/v1/sites/demo/segments${query}`;
      const read = await conforms(doc, `${site}/segments`, "get", path, { headers });
      expect(read.status, query).toBe(status);
      if (example) expect(read.body, query).toEqual(example);
    }
    // Issue 14: a comparison, the answers, and every refused comparison exactly as documented.
    const compare = await conforms(
      doc,
      `${site}/segments`,
      "get",
      "/v1/sites/demo/segments?days=2&compare=runners,beginners",
      { headers: auth },
    );
    expect(compare.status).toBe(200);
    expect((compare.body.comparison as { segments: string[] }).segments).toEqual([
      "runners",
      "beginners",
    ]);
    for (const [query, example] of [
      ["runners", ERROR_EXAMPLES.compare_count],
      ["runners,swimmers", ERROR_EXAMPLES.unknown_segment],
      ["runners,runners", ERROR_EXAMPLES.duplicate_segment],
    ] as const) {
      const refused = await conforms(
        doc,
        `${site}/segments`,
        "get",
        `/v1/sites/demo/segments?compare=${query}`,
        { headers: auth },
      );
      expect(refused, query).toEqual({ status: 400, body: example });
    }
    for (const [query, status] of [
      ["?days=2", 200],
      ["", 200],
      ["?segments=runners", 400],
      ["", 401],
    ] as const) {
      const answers = await conforms(
        doc,
        `${site}/answers`,
        "get",
        `/v1/sites/demo/answers${query}`,
        {
          headers: status === 401 ? {} : auth,
        },
      );
      expect(answers.status, query).toBe(status);
    }
    expect(
      (await conforms(doc, "/dashboard/{site}/segments.csv", "get", "/dashboard/demo/segments.csv"))
        .status,
    ).toBe(401);
    expect(
      (await conforms(doc, `${site}/privacy`, "get", "/v1/sites/demo/privacy")).body.site,
    ).toBe("demo");
    // Answers the description says are HTML pages are HTML pages.
    for (const [template, path, status] of [
      ["/dashboard/{site}/segments.csv", "/dashboard/nope/segments.csv", 404],
      ["/dashboard/{site}/access.csv", "/dashboard/nope/access.csv", 404],
      [`${site}/privacy`, "/v1/sites/demo/privacy?format=html", 200],
    ] as const) {
      const res = await call(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("Content-Type"), path).toMatch(/^text\/html/);
      expect(
        doc.paths[template]?.get?.responses[String(status)]?.content?.["text/html"],
        `${template} ${status} is described as HTML`,
      ).toBeDefined();
    }
  });

  it("should list every status the Worker answered above among the described ones", async () => {
    const doc = await served();
    for (const [path, method, status] of [
      ["/v1/sites/{site}/config", "get", "304"],
      ["/v1/sites/{site}/assignments", "post", "413"],
      ["/v1/sites/{site}/assignments", "post", "415"],
      ["/v1/sites/{site}/segments", "get", "403"],
      ["/dashboard/{site}/sign-in", "post", "303"],
    ] as const) {
      expect(
        doc.paths[path]?.[method]?.responses[status],
        `${method} ${path} ${status}`,
      ).toBeDefined();
    }
  });
});

describe("GET /v1/sites/:site/privacy", () => {
  it("should carry the privacy assessment of the site config", async () => {
    const res = await call("/v1/sites/demo/privacy");
    const record = (await res.json()) as { assessment: unknown };
    expect(record.assessment).toEqual(assessSite(demo));
    const page = await (await call("/v1/sites/demo/privacy?format=html")).text();
    expect(page).toContain("<h2>Privacy assessment</h2>");
    expect(page).toContain("<strong>medium</strong>: counts are exact");
  });
});
