/**
 * The local entry (worker/index.local.ts, what `npm start` runs) through SELF: the real wrangler.toml bindings, the demo
 * site, and the routes other parts rely on.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { solveProof } from "../../shared/proof.ts";
import type { ChallengeResponse } from "../../shared/schema.ts";
import { sha256Bytes } from "../../worker/counting/challenge.ts";

describe("worker entry", () => {
  it("should serve the demo site's config and count a demo assignment", async () => {
    const config = await SELF.fetch("https://edge.example/v1/sites/demo/config");
    expect(config.status).toBe(200);
    const { policyVersion } = (await config.json()) as { policyVersion: string };
    const challenge = (await (
      await SELF.fetch("https://edge.example/v1/sites/demo/challenge")
    ).json()) as ChallengeResponse;
    const solution = await solveProof(sha256Bytes, challenge.challenge, challenge.difficulty);
    const res = await SELF.fetch("https://edge.example/v1/sites/demo/assignments", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Origin: "http://localhost:8787",
        "CF-Connecting-IP": "10.99.0.1",
      },
      body: JSON.stringify({
        proof: { challenge: challenge.challenge, solution },
        policyVersion,
        consent: { analytics: true },
        answers: { interests: ["running"] },
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { segments: string[] }).segments).toContain("runners");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:8787");
  });

  it("should open the demo segments with the demo token only", async () => {
    const ok = await SELF.fetch("https://edge.example/v1/sites/demo/segments", {
      headers: { Authorization: "Bearer demo-token" },
    });
    expect(ok.status).toBe(200);
    const no = await SELF.fetch("https://edge.example/v1/sites/demo/segments", {
      headers: { Authorization: "Bearer tiny-token" },
    });
    expect(no.status).toBe(401);
  });

  it("should answer /healthz with 204 and unknown API routes with JSON 404", async () => {
    expect((await SELF.fetch("https://edge.example/healthz")).status).toBe(204);
    const res = await SELF.fetch("https://edge.example/v1/unknown");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
