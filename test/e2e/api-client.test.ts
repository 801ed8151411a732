/**
 * The typed client (test/api-client/client.ts, typed by openapi-typescript from the served
 * document) against the real Worker under `wrangler dev`: every call type-checks against the
 * description and the answers are what the description says, with the document's own examples
 * as the bodies.
 */
import { describe, expect, it } from "vitest";
import { ASSIGNMENT_REQUEST, ERROR_EXAMPLES } from "../../worker/openapi/examples.ts";
import { createClient } from "../api-client/client.ts";
import { baseUrl, solveChallenge } from "./helpers.ts";

describe("typed API client", () => {
  it("should read the config, count, read segments and retract, as the document types them", async () => {
    const api = createClient(baseUrl(), baseUrl());
    const config = await api.getSiteConfig("demo");
    expect(config.status).toBe(200);
    if (config.status !== 200) return;
    expect(config.body.site).toBe("demo");
    expect(config.body.policyVersion).toBe(ASSIGNMENT_REQUEST.policyVersion);

    // The document's example with a really solved proof in place of its shape-only one.
    const challenge = await api.getChallenge("demo");
    expect(challenge.status).toBe(200);
    if (challenge.status !== 200) return;
    const proof = await solveChallenge(challenge.body);
    const counted = await api.assign("demo", { ...ASSIGNMENT_REQUEST, proof });
    expect(counted.status).toBe(200);
    if (counted.status !== 200) return;
    expect(counted.body.segments).toContain("runners");

    const read = await api.getSegments("demo", "demo-token", { days: 7, segments: ["runners"] });
    expect(read.status).toBe(200);
    if (read.status !== 200) return;
    expect(read.body.segments.map((s) => s.id)).toEqual(["runners"]);
    expect(read.body.segments[0]?.series).toHaveLength(7);

    const retracted = await api.retract("demo", { receipt: counted.body.receipt });
    expect(retracted).toEqual({ status: 200, body: { retracted: true } });
    const again = await api.retract("demo", { receipt: counted.body.receipt });
    expect(again).toEqual({ status: 409, body: ERROR_EXAMPLES.receipt_spent });
  });

  it("should get the errors the document lists, as its examples word them", async () => {
    const api = createClient(baseUrl(), baseUrl());
    expect(await api.getSiteConfig("no-such-site")).toEqual({
      status: 404,
      body: ERROR_EXAMPLES.unknown_site,
    });
    const bad = await api.assign("demo", {
      ...ASSIGNMENT_REQUEST,
      answers: { ...ASSIGNMENT_REQUEST.answers, level: "expert" },
    });
    expect(bad).toEqual({ status: 422, body: ERROR_EXAMPLES.unknown_option });
    const record = await api.getPrivacyRecord("demo");
    expect(record.status).toBe(200);
    if (record.status === 200) expect(record.body.site).toBe("demo");
  });
});
