/**
 * DESIGN.md invariants 2-4 as tests: canary values sent in every identifying header and in the
 * idempotency key must appear nowhere in any table of any shard, nor in anything logged, and no
 * visitor answer sets a cookie.
 */
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { COUNTING_KEY_PATTERN } from "../../shared/counting-keys.ts";
import { keysFor } from "../../worker/counting/keys.ts";
import { app, demo, dumpStorage, tiny, tinyBody, withProof } from "./helpers.ts";

const CANARY = {
  ip: "203.0.113.201",
  xff: "198.51.100.202",
  ua: "CanaryAgent/7.7.7-zqx",
  cookie: "session=canary-cookie-zqx",
  referer: "https://canary-referer.example/zqx",
  key: "canaryIdempotencyKey-zqx-0001",
  origin: "https://tiny.example",
};

function visitorHeaders(): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "CF-Connecting-IP": CANARY.ip,
    "X-Forwarded-For": CANARY.xff,
    "User-Agent": CANARY.ua,
    Cookie: CANARY.cookie,
    Referer: CANARY.referer,
    Origin: CANARY.origin,
  };
}

const spies: ReturnType<typeof vi.spyOn>[] = [];
afterEach(() => {
  for (const s of spies.splice(0)) s.mockRestore();
});

describe("privacy invariants", () => {
  it("should store and log no IP, user agent, cookie, referrer, idempotency key, answer or nonce", async () => {
    const logged: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      spies.push(
        vi
          .spyOn(console, level)
          .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
      );
    }
    const post = async (body: unknown, raw = false) =>
      app.request(
        "https://edge.example/v1/sites/tiny/assignments",
        {
          method: "POST",
          headers: visitorHeaders(),
          body: raw ? String(body) : JSON.stringify(await withProof("tiny", body)),
        },
        env,
      );
    // A keyed assignment, its retry, a replace, a retraction, and a few refusals.
    const first = await post(
      tinyBody({ idempotencyKey: CANARY.key, answers: { color: "red", score: 5 } }),
    );
    expect(first.status).toBe(200);
    const { receipt } = (await first.json()) as { receipt: string };
    expect(
      (await post(tinyBody({ idempotencyKey: CANARY.key, answers: { color: "red", score: 5 } })))
        .status,
    ).toBe(200);
    const second = await post(
      tinyBody({ replaces: receipt, answers: { color: "blue", pets: ["dog"] } }),
    );
    expect(second.status).toBe(200);
    const { receipt: receipt2 } = (await second.json()) as { receipt: string };
    const del = await app.request(
      "https://edge.example/v1/sites/tiny/assignments",
      { method: "DELETE", headers: visitorHeaders(), body: JSON.stringify({ receipt: receipt2 }) },
      env,
    );
    expect(del.status).toBe(200);
    expect(
      (await post({ ...tinyBody(), idempotencyKey: CANARY.key, answers: { color: "nope" } }))
        .status,
    ).toBe(422);
    expect((await post(`{"idempotencyKey":"${CANARY.key}"`, true)).status).toBe(400);
    const read = await app.request(
      "https://edge.example/v1/sites/tiny/segments",
      { headers: { ...visitorHeaders(), Authorization: "Bearer tiny-token" } },
      env,
    );
    expect(read.status).toBe(200);

    const nonces = [receipt, receipt2].map(
      (r) =>
        JSON.parse(atob((r.split(".")[0] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).n as string,
    );
    const dump = await dumpStorage(tiny);
    // Something was stored (the test can fail), and none of the canaries was.
    expect(dump).toContain("spent_nonces");
    expect(dump).toMatch(/"new":"\[/);
    const forbidden = [
      CANARY.ip,
      CANARY.xff,
      CANARY.ua,
      "canary-cookie",
      CANARY.referer,
      "canary-referer",
      CANARY.key,
      "zqx",
      ...nonces,
      receipt,
      receipt2,
    ];
    for (const value of forbidden) {
      expect(dump, value).not.toContain(value);
      for (const line of logged) expect(line, value).not.toContain(value);
    }
    // The answers ("blue", "dog", "red", 5) are nowhere as answers: only as counting keys
    // (segment ids, `*`, question=option; shared/counting-keys.ts) in the flow rows' sets of the
    // aggregate counts, and nowhere else (issue 14: the idempotency row keeps a digest).
    const shards = JSON.parse(dump) as Record<string, Record<string, unknown>[]>[];
    const sets: string[] = [];
    for (const shard of shards) {
      for (const row of shard.flows ?? []) {
        for (const set of [row.old, row.new]) {
          if (typeof set === "string" && set !== "") sets.push(...(JSON.parse(set) as string[]));
        }
        row.old = row.new = "";
      }
    }
    expect(sets).toContain("color=blue");
    for (const key of sets) expect(key).toMatch(COUNTING_KEY_PATTERN);
    expect(JSON.stringify(shards)).not.toMatch(/blue|dog|red|color|pets|score/);
    expect(dump).not.toMatch(/"color"|"pets"|"score"|"dog"|"blue"/);
  });

  it("should set no cookie on any visitor answer and never allow credentials", async () => {
    const res = await app.request(
      "https://edge.example/v1/sites/tiny/assignments",
      {
        method: "POST",
        headers: visitorHeaders(),
        body: JSON.stringify(await withProof("tiny", tinyBody())),
      },
      env,
    );
    const config = await app.request(
      "https://edge.example/v1/sites/tiny/config",
      { headers: visitorHeaders() },
      env,
    );
    for (const r of [res, config]) {
      expect(r.headers.get("Set-Cookie")).toBeNull();
      expect(r.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    }
  });

  it("should log an unexpected error's name and stack frames only, never its message or the request", async () => {
    const logged: string[] = [];
    spies.push(
      vi
        .spyOn(console, "error")
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    // A Durable Object namespace that fails makes a 500 (a bug on purpose).
    const broken = {
      ...env,
      COUNTER: {
        idFromName: () => {
          throw new TypeError(`boom ${CANARY.key}`);
        },
        get: () => undefined,
      },
    };
    const res = await app.request(
      "https://edge.example/v1/sites/tiny/assignments",
      {
        method: "POST",
        headers: visitorHeaders(),
        body: JSON.stringify(await withProof("tiny", tinyBody())),
      },
      broken,
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: "internal", message: "something went wrong on our side" },
    });
    const log = logged.join("\n");
    expect(log).toMatch(/^internal error: TypeError\n\s+at /);
    // The message may carry what the client sent: it is not logged.
    expect(log).not.toContain("boom");
    for (const value of Object.values(CANARY)) expect(log).not.toContain(value);
  });

  it("should keep demo's keyed hashes unlinkable to the raw key without the secret", async () => {
    // The stored idempotency hash is an HMAC: a plain SHA-256 of the key is not it.
    const keys = keysFor(env.RECEIPT_KEY ?? "");
    const plain = Array.from(
      new Uint8Array(
        await crypto.subtle.digest(
          "SHA-256",
          new TextEncoder().encode(`${demo.id}\n${CANARY.key}`),
        ),
      ),
    )
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const mac = Array.from(await keys.mac("idempotency", `${demo.id}\n${CANARY.key}`))
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    expect(mac).not.toBe(plain);
  });
});
