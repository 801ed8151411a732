/**
 * Proof before counting (worker/counting/proof.ts), as an attacker would try it: every way to
 * count without paying for a fresh solved challenge is refused with its own code and changes
 * no count; the stored trace of a proof is its hash and a day, nothing about the client.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../../../shared/errors.ts";
import { leadingZeroBits, proofMessage, solveProof } from "../../../shared/proof.ts";
import type { ChallengeResponse, PowProof } from "../../../shared/schema.ts";
import { issueChallenge, sha256Bytes } from "../../../worker/counting/challenge.ts";
import { dayOf } from "../../../worker/counting/day.ts";
import { fromBase64Url, toBase64Url, utf8 } from "../../../worker/counting/encoding.ts";
import { keysFor } from "../../../worker/counting/keys.ts";
import { CHALLENGE_TTL_MS } from "../../../worker/limits.ts";
import {
  assign,
  call,
  demo,
  dumpStorage,
  netCounts,
  proofFor,
  tiny,
  tinyBody,
} from "../helpers.ts";

const keys = keysFor(env.RECEIPT_KEY ?? "");

async function challengeOf(site: string): Promise<{ res: Response; body: ChallengeResponse }> {
  const res = await call(`/v1/sites/${site}/challenge`);
  return { res, body: (await res.json()) as ChallengeResponse };
}

/** A solution at `difficulty` of a challenge string, whoever signed it. */
async function solved(challenge: string, difficulty: number): Promise<PowProof> {
  return { challenge, solution: (await solveProof(sha256Bytes, challenge, difficulty)) ?? -1 };
}

/** Posts tiny's body with `proof` and checks it was refused with `code` and counted nothing. */
async function refused(proof: PowProof, code: keyof typeof ERROR_STATUS) {
  const before = await netCounts(tiny);
  const { res, json } = await assign("tiny", tinyBody({ proof }));
  expect(json.error?.code).toBe(code);
  expect(res.status).toBe(ERROR_STATUS[code]);
  expect(await netCounts(tiny)).toEqual(before);
}

describe("GET /v1/sites/:site/challenge", () => {
  it("should answer a signed challenge at the site's difficulty, not cached, no cookie", async () => {
    const before = Date.now();
    const { res, body } = await challengeOf("demo");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(body.difficulty).toBe(demo.proofDifficulty);
    expect(body.expiresAt).toBeGreaterThanOrEqual(before + CHALLENGE_TTL_MS);
    expect(body.challenge).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect((await challengeOf("demo")).body.challenge).not.toBe(body.challenge);
  });

  it("should serve visitors cross-origin like /config, and 404 an unknown site", async () => {
    const res = await call("/v1/sites/tiny/challenge", {
      headers: { Origin: "https://tiny.example" },
    });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("https://tiny.example");
    expect((await call("/v1/sites/nope/challenge")).status).toBe(404);
    expect((await call("/v1/sites/tiny/challenge", { method: "POST" })).status).toBe(405);
  });
});

describe("POST /v1/sites/:site/assignments: the proof", () => {
  it("should count with a fresh solved proof whose hash meets the difficulty", async () => {
    const proof = await proofFor("tiny");
    const hash = await sha256Bytes(proofMessage(proof.challenge, proof.solution));
    expect(leadingZeroBits(hash)).toBeGreaterThanOrEqual(tiny.proofDifficulty);
    const { res } = await assign("tiny", tinyBody({ proof }));
    expect(res.status).toBe(200);
  });

  it("should refuse a proof spent already with 409 proof_spent (a replayed POST)", async () => {
    const proof = await proofFor("tiny");
    expect((await assign("tiny", tinyBody({ proof }))).res.status).toBe(200);
    await refused(proof, "proof_spent");
    // Another idempotency key (another shard for the count) does not make it fresh.
    await refused(proof, "proof_spent");
  });

  it("should refuse a wrong solution, a forged or altered challenge, and another site's", async () => {
    const { body } = await challengeOf("tiny");
    const good = await solved(body.challenge, body.difficulty);
    let wrong = good.solution + 1;
    while (
      leadingZeroBits(await sha256Bytes(proofMessage(body.challenge, wrong))) >= body.difficulty
    ) {
      wrong++;
    }
    await refused({ challenge: body.challenge, solution: wrong }, "invalid_proof");
    const [payload = "", mac = ""] = body.challenge.split(".");
    // The attacker's own easy challenge, with a made-up signature.
    const json = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
    const easy = toBase64Url(utf8(JSON.stringify({ ...json, d: 0 })));
    await refused(await solved(`${easy}.${mac}`, 0), "invalid_proof");
    await refused(
      await solved(`${payload}.${toBase64Url(new Uint8Array(32))}`, 1),
      "invalid_proof",
    );
    await refused(await solved("not-a-challenge", 1), "invalid_proof");
    const other = (await challengeOf("noisy")).body;
    await refused(await solved(other.challenge, other.difficulty), "invalid_proof");
  });

  it("should refuse a challenge easier than the site asks, even one this Worker signed", async () => {
    const easier = await issueChallenge(keys, { ...tiny, proofDifficulty: 1 }, Date.now(), 0);
    // At difficulty 1 half of all solutions also fail difficulty 2: find one that does.
    let solution = 0;
    for (;;) {
      const bits = leadingZeroBits(await sha256Bytes(proofMessage(easier.challenge, solution)));
      if (bits === 1) break;
      solution++;
    }
    await refused({ challenge: easier.challenge, solution }, "invalid_proof");
  });

  it("should refuse an expired challenge with proof_expired", async () => {
    const old = await issueChallenge(keys, tiny, Date.now() - CHALLENGE_TTL_MS - 1, 0);
    await refused(await solved(old.challenge, old.difficulty), "proof_expired");
  });

  it("should store a spent proof as its hash with a day, nothing about the client", async () => {
    const proof = await proofFor("tiny");
    const ip = "203.0.113.77";
    const ua = "Attacker-Agent/1.0";
    await assign("tiny", tinyBody({ proof }), { "CF-Connecting-IP": ip, "User-Agent": ua });
    const dump = await dumpStorage(tiny);
    expect(dump).not.toContain(proof.challenge);
    expect(dump).not.toContain(ip);
    expect(dump).not.toContain(ua);
    const expiresAt = JSON.parse(
      new TextDecoder().decode(fromBase64Url(proof.challenge.split(".")[0] ?? "")),
    ).exp as number;
    expect(dump).not.toContain(String(expiresAt));
    expect(dump).toContain(String(dayOf(expiresAt) + 1));
  });

  it("should store nothing for a proof bound to the idempotency key, and count its replay once", async () => {
    const { body: c } = await challengeOf("tiny");
    const key = "bound-proof-key-0001";
    const solution =
      (await solveProof(sha256Bytes, c.challenge, c.difficulty, { bind: key })) ?? -1;
    const proof = { challenge: c.challenge, solution };
    const before = await netCounts(tiny);
    const first = await assign("tiny", tinyBody({ proof, idempotencyKey: key }));
    expect(first.res.status).toBe(200);
    // Nothing of the proof is stored: not the challenge, not its hash's day-rounded expiry row.
    const hash = toBase64Url(
      new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(c.challenge))),
    );
    const dump = await dumpStorage(tiny);
    expect(dump).not.toContain(c.challenge);
    expect(dump).not.toContain(hash);
    // Its replay is that key's retry: the same receipt, counted once.
    const again = await assign("tiny", tinyBody({ proof, idempotencyKey: key }));
    expect(again.res.status).toBe(200);
    expect(again.json.receipt).toBe(first.json.receipt);
    const after = await netCounts(tiny);
    expect(after).not.toEqual(before);
    const once = await assign("tiny", tinyBody({ idempotencyKey: key, proof }));
    expect(once.json.receipt).toBe(first.json.receipt);
    expect(await netCounts(tiny)).toEqual(after);
  });

  it("should refuse a bound proof under another idempotency key (it solves for its own only)", async () => {
    const { body: c } = await challengeOf("tiny");
    const [bind, other] = ["key-one-000000001", "key-two-000000002"];
    // A solution for key one that solves neither key two's nor the unbound message (at tiny's
    // low difficulty one number can solve several by chance): the first such number.
    let solution = 0;
    const solves = async (n: number, key?: string) =>
      leadingZeroBits(await sha256Bytes(proofMessage(c.challenge, n, key))) >= c.difficulty;
    while (
      !(await solves(solution, bind)) ||
      (await solves(solution)) ||
      (await solves(solution, other))
    )
      solution++;
    const before = await netCounts(tiny);
    const refusedTwo = await assign(
      "tiny",
      tinyBody({ proof: { challenge: c.challenge, solution }, idempotencyKey: other }),
    );
    expect(refusedTwo.json.error?.code).toBe("invalid_proof");
    expect(await netCounts(tiny)).toEqual(before);
  });
});
