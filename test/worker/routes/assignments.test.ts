import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ASSIGNMENT_ERROR_CODES } from "../../../shared/assignment.ts";
import { MAX_BODY_BYTES } from "../../../shared/limits.ts";
import { dayOf } from "../../../worker/counting/day.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import { randomNonce, signReceipt } from "../../../worker/counting/receipts.ts";
import { assign, call, netCounts, send, tiny, tinyBody, withProof } from "../helpers.ts";

const PATH = "/v1/sites/tiny/assignments";
const keys = keysFor(env.RECEIPT_KEY ?? "");

/** A body of exactly `size` bytes that is a valid assignment (padding in the JSON whitespace). */
async function paddedBody(size: number): Promise<string> {
  const json = JSON.stringify(await withProof("tiny", tinyBody()));
  return json + " ".repeat(size - json.length);
}

/** One invalid body per error code of shared/assignment.ts. */
const BAD_BODIES: Record<string, unknown> = {
  // JSON leaves an undefined field out: the helpers add no proof to a body that names one.
  proof_required: tinyBody({ proof: undefined }),
  // tiny asks for a proof of work (the default): a Turnstile token is the wrong kind.
  invalid_proof: tinyBody({ proof: { turnstile: "a-turnstile-token" } }),
  unknown_field: tinyBody({ extra: 1 }),
  missing_field: { consent: { counting: true }, answers: {} },
  invalid_type: tinyBody({ consent: { counting: "yes" } }),
  out_of_range: tinyBody({ answers: { score: 9 } }),
  stale_policy: tinyBody({ policyVersion: "v0" }),
  unknown_purpose: tinyBody({ consent: { counting: true, nope: true } }),
  no_counting_consent: tinyBody({ consent: { counting: false } }),
  unknown_question: tinyBody({ answers: { shoe: "red" } }),
  no_purpose_consent: tinyBody({ answers: { stress: 2 } }),
  unknown_option: tinyBody({ answers: { color: "pink" } }),
  duplicate_option: tinyBody({ answers: { pets: ["cat", "cat"] } }),
};

describe("POST /v1/sites/:site/assignments", () => {
  it("should count the segments of the answers and answer with them and a receipt", async () => {
    const before = await netCounts(tiny);
    const { res, json } = await assign("tiny", tinyBody());
    expect(res.status).toBe(200);
    expect(json.segments).toEqual(["reds", "cat-people"]);
    expect(json.receipt).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const after = await netCounts(tiny);
    expect((after.reds ?? 0) - (before.reds ?? 0)).toBe(1);
    expect((after["cat-people"] ?? 0) - (before["cat-people"] ?? 0)).toBe(1);
    expect(after.high ?? 0).toBe(before.high ?? 0);
  });

  it("should answer an empty segment list when no rule holds, and count it as a respondent only", async () => {
    const before = await netCounts(tiny);
    const { res, json } = await assign("tiny", tinyBody({ answers: {} }));
    expect(res.status).toBe(200);
    expect(json.segments).toEqual([]);
    // Respondents count every contribution, in a segment or not (issue 14); nothing else moved.
    expect(await netCounts(tiny)).toEqual({ ...before, "*": (before["*"] ?? 0) + 1 });
  });

  it("should count a contribution in the respondents, its segments and the options it chose, and tell the device its segments only", async () => {
    const before = await netCounts(tiny);
    const { res, json } = await assign(
      "tiny",
      tinyBody({ answers: { color: "red", pets: ["cat", "dog"], score: 2 } }),
    );
    expect(res.status).toBe(200);
    expect(json.segments).toEqual(["reds", "cat-people"]);
    const after = await netCounts(tiny);
    const moved = Object.keys(after).filter((key) => after[key] !== before[key]);
    expect(moved.sort()).toEqual(
      ["*", "reds", "cat-people", "color=red", "pets=cat", "pets=dog", "score=2"].sort(),
    );
    for (const key of moved) expect((after[key] ?? 0) - (before[key] ?? 0)).toBe(1);
  });

  it.each(ASSIGNMENT_ERROR_CODES.map((code) => [code]))(
    "should answer 422 %s without changing a count",
    async (code) => {
      const before = await netCounts(tiny);
      const { res, json } = await assign("tiny", BAD_BODIES[code]);
      expect(res.status).toBe(422);
      expect(json.error?.code).toBe(code);
      expect(await netCounts(tiny)).toEqual(before);
    },
  );

  it("should allow a sensitive answer with explicit consent to its purpose", async () => {
    const { res, json } = await assign(
      "tiny",
      tinyBody({ consent: { counting: true, wellbeing: true }, answers: { stress: 2 } }),
    );
    expect(res.status).toBe(200);
    expect(json.segments).toEqual([]);
  });

  it("should treat sale-or-share purposes as refused under Sec-GPC: 1", async () => {
    // With GPC the "ads" grant is dropped; answering works, nothing about ads is counted.
    const { res } = await assign("tiny", tinyBody({ consent: { counting: true, ads: true } }), {
      "Sec-GPC": "1",
    });
    expect(res.status).toBe(200);
  });

  it("should answer 400 bad_json for malformed JSON and 400 for an empty body", async () => {
    for (const body of ["{", "", "\u00ff"]) {
      const res = await send(PATH, "POST", body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_json");
    }
  });

  it("should answer 415 when the body is not declared as JSON", async () => {
    for (const type of [undefined, "text/plain", "application/jsonx", "multipart/form-data"]) {
      const res = await call(PATH, {
        method: "POST",
        body: JSON.stringify(tinyBody()),
        headers: type ? { "Content-Type": type } : {},
      });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        "unsupported_media_type",
      );
    }
  });

  it("should accept application/json with a charset", async () => {
    const res = await send(PATH, "POST", tinyBody(), {
      "Content-Type": "application/json; charset=utf-8",
    });
    expect(res.status).toBe(200);
  });

  it("should accept a body of exactly MAX_BODY_BYTES and refuse one byte more with 413", async () => {
    const before = await netCounts(tiny);
    expect((await send(PATH, "POST", await paddedBody(MAX_BODY_BYTES))).status).toBe(200);
    const res = await send(PATH, "POST", await paddedBody(MAX_BODY_BYTES + 1));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
    const after = await netCounts(tiny);
    expect((after.reds ?? 0) - (before.reds ?? 0)).toBe(1);
  });

  it("should answer 413 for a streamed body without Content-Length that grows past the limit", async () => {
    const chunk = new Uint8Array(4096).fill(32);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES * 4) controller.close();
        else {
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        }
      },
    });
    const req = new Request(`https://edge.example${PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "CF-Connecting-IP": "10.200.0.1" },
      body,
    });
    expect(req.headers.get("Content-Length")).toBeNull();
    const { app } = await import("../helpers.ts");
    const res = await app.request(req, undefined, env);
    expect(res.status).toBe(413);
    // The reader stopped early instead of buffering the whole stream.
    expect(sent).toBeLessThan(MAX_BODY_BYTES * 4);
  });

  it("should answer 413 from a Content-Length over the limit before reading", async () => {
    const { app } = await import("../helpers.ts");
    const req = new Request(`https://edge.example${PATH}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Content-Length": String(MAX_BODY_BYTES + 1),
        "CF-Connecting-IP": "10.200.0.2",
      },
      body: JSON.stringify(tinyBody()),
    });
    const res = await app.request(req, undefined, env);
    expect(res.status).toBe(413);
  });

  it("should answer 404 unknown_site for a site that does not exist", async () => {
    const res = await send("/v1/sites/nope/assignments", "POST", tinyBody());
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unknown_site");
  });

  it("should answer 405 for a method the route does not have", async () => {
    const res = await call(PATH, { method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toContain("POST");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      "method_not_allowed",
    );
  });

  it("should set no cookie on any visitor answer", async () => {
    const ok = await assign("tiny", tinyBody());
    const bad = await assign("tiny", { nope: 1 });
    expect(ok.res.headers.get("Set-Cookie")).toBeNull();
    expect(bad.res.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("replacing a contribution", () => {
  it("should move the count from the old segments to the new ones", async () => {
    const first = await assign("tiny", tinyBody());
    const before = await netCounts(tiny);
    const second = await assign(
      "tiny",
      tinyBody({ answers: { score: 5 }, replaces: first.json.receipt }),
    );
    expect(second.res.status).toBe(200);
    expect(second.json.segments).toEqual(["high"]);
    const after = await netCounts(tiny);
    expect((after.reds ?? 0) - (before.reds ?? 0)).toBe(-1);
    expect((after["cat-people"] ?? 0) - (before["cat-people"] ?? 0)).toBe(-1);
    expect((after.high ?? 0) - (before.high ?? 0)).toBe(1);
  });

  it("should answer 409 receipt_spent to a replayed receipt and change nothing", async () => {
    const first = await assign("tiny", tinyBody());
    expect((await assign("tiny", tinyBody({ replaces: first.json.receipt }))).res.status).toBe(200);
    const before = await netCounts(tiny);
    const replay = await assign("tiny", tinyBody({ replaces: first.json.receipt }));
    expect(replay.res.status).toBe(409);
    expect(replay.json.error?.code).toBe("receipt_spent");
    expect(await netCounts(tiny)).toEqual(before);
  });
});

describe("DELETE /v1/sites/:site/assignments", () => {
  it("should retract a contribution once, then answer 409", async () => {
    const { json } = await assign("tiny", tinyBody());
    const before = await netCounts(tiny);
    const res = await send(PATH, "DELETE", { receipt: json.receipt });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ retracted: true });
    const after = await netCounts(tiny);
    expect((after.reds ?? 0) - (before.reds ?? 0)).toBe(-1);
    const again = await send(PATH, "DELETE", { receipt: json.receipt });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("receipt_spent");
    expect(await netCounts(tiny)).toEqual(after);
  });

  it("should refuse forged, altered and foreign receipts with 422 invalid_receipt, changing nothing", async () => {
    const { json } = await assign("tiny", tinyBody());
    const [body = "", mac = ""] = json.receipt.split(".");
    const flipped = `${body}.${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`;
    const other = await signReceipt(keysFor("another-secret-that-is-long-enough-00000"), {
      site: "tiny",
      segments: ["reds"],
      day: dayOf(Date.now()),
      nonce: randomNonce(),
      expiresAt: Date.now() + 1e9,
      shard: 0,
    });
    const foreign = await signReceipt(keys, {
      site: "noisy",
      segments: ["reds"],
      day: dayOf(Date.now()),
      nonce: randomNonce(),
      expiresAt: Date.now() + 1e9,
      shard: 0,
    });
    const before = await netCounts(tiny);
    for (const receipt of [flipped, other, foreign, "x", "a.b.c", `${body}.`, "!!!.???"]) {
      const res = await send(PATH, "DELETE", { receipt });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        "invalid_receipt",
      );
    }
    expect(await netCounts(tiny)).toEqual(before);
  });

  it("should refuse an expired receipt with 422 receipt_expired, changing nothing", async () => {
    const day = dayOf(Date.now()) - tiny.retentionDays - 1;
    const receipt = await signReceipt(keys, {
      site: "tiny",
      segments: ["reds"],
      day,
      nonce: randomNonce(),
      expiresAt: Date.now() - 1,
      shard: 1,
    });
    const before = await netCounts(tiny);
    const res = await send(PATH, "DELETE", { receipt });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("receipt_expired");
    const replace = await assign("tiny", tinyBody({ replaces: receipt }));
    expect(replace.json.error?.code).toBe("receipt_expired");
    expect(await netCounts(tiny)).toEqual(before);
  });

  it("should answer 422 for a body that is not { receipt }", async () => {
    const cases: [unknown, string][] = [
      [{}, "missing_field"],
      [{ receipt: "a.b", more: 1 }, "unknown_field"],
      [{ receipt: 5 }, "invalid_type"],
      [[1], "invalid_type"],
    ];
    for (const [body, code] of cases) {
      const res = await send(PATH, "DELETE", body);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });
});

describe("idempotency", () => {
  it("should count a retried key once and answer with the same receipt", async () => {
    const body = tinyBody({ idempotencyKey: "retry-key-000000000001" });
    const before = await netCounts(tiny);
    const a = await assign("tiny", body);
    const b = await assign("tiny", body);
    expect(a.res.status).toBe(200);
    expect(b.res.status).toBe(200);
    expect(b.json).toEqual(a.json);
    const after = await netCounts(tiny);
    expect((after.reds ?? 0) - (before.reds ?? 0)).toBe(1);
  });

  it("should answer 422 idempotency_conflict when the key comes back with other segments", async () => {
    const key = "retry-key-000000000002";
    expect((await assign("tiny", tinyBody({ idempotencyKey: key }))).res.status).toBe(200);
    const before = await netCounts(tiny);
    const other = await assign(
      "tiny",
      tinyBody({ idempotencyKey: key, answers: { color: "blue" } }),
    );
    expect(other.res.status).toBe(422);
    expect(other.json.error?.code).toBe("idempotency_conflict");
    expect(await netCounts(tiny)).toEqual(before);
  });

  it("should make a retried replace count once instead of answering 409", async () => {
    const first = await assign("tiny", tinyBody());
    const body = tinyBody({
      answers: { score: 5 },
      replaces: first.json.receipt,
      idempotencyKey: "retry-key-000000000003",
    });
    const before = await netCounts(tiny);
    const a = await assign("tiny", body);
    const b = await assign("tiny", body);
    expect(b.res.status).toBe(200);
    expect(b.json).toEqual(a.json);
    const after = await netCounts(tiny);
    expect((after.high ?? 0) - (before.high ?? 0)).toBe(1);
    expect((after.reds ?? 0) - (before.reds ?? 0)).toBe(-1);
  });

  it("should let the receipt of an idempotent answer be retracted", async () => {
    const { json } = await assign("tiny", tinyBody({ idempotencyKey: "retry-key-000000000004" }));
    const res = await send(PATH, "DELETE", { receipt: json.receipt });
    expect(res.status).toBe(200);
  });
});
