import { describe, expect, it } from "vitest";
import { createApi, retryable } from "../../widget/api.ts";

type Seen = { url: string; init: RequestInit };

function fetcher(respond: () => Response | Promise<Response>): typeof fetch & { seen: Seen[] } {
  const seen: Seen[] = [];
  const f = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return respond();
  }) as unknown as typeof fetch & { seen: Seen[] };
  f.seen = seen;
  return f;
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("createApi", () => {
  it("should GET the site config without credentials", async () => {
    const f = fetcher(() => json({ site: "demo" }));
    const r = await createApi("https://edge.example/", "demo", f).config();
    expect(r).toEqual({ ok: true, status: 200, body: { site: "demo" } });
    expect(f.seen[0]?.url).toBe("https://edge.example/v1/sites/demo/config");
    expect(f.seen[0]?.init).toMatchObject({ method: "GET", credentials: "omit" });
  });

  it("should POST an assignment as JSON, without credentials (invariant 4)", async () => {
    const f = fetcher(() => json({ segments: ["runners"], receipt: "r" }));
    const body = {
      proof: { challenge: "c", solution: 3 },
      policyVersion: "1",
      consent: { analytics: true },
      answers: {},
    };
    const r = await createApi("https://edge.example", "demo", f).assign(body);
    expect(r.ok).toBe(true);
    const init = f.seen[0]?.init;
    expect(init?.method).toBe("POST");
    expect(init?.credentials).toBe("omit");
    expect(init?.headers).toEqual({ "content-type": "application/json" });
    expect(JSON.parse(String(init?.body))).toEqual(body);
  });

  it("should DELETE with the receipt as the body", async () => {
    const f = fetcher(() => json({ retracted: true }));
    await createApi("https://edge.example", "demo", f).retract("abc");
    expect(f.seen[0]?.init.method).toBe("DELETE");
    expect(JSON.parse(String(f.seen[0]?.init.body))).toEqual({ receipt: "abc" });
  });

  it("should resolve an error answer to its status and code", async () => {
    const f = fetcher(() => json({ error: { code: "receipt_spent", message: "spent" } }, 409));
    expect(await createApi("https://e", "demo", f).retract("x")).toEqual({
      ok: false,
      status: 409,
      code: "receipt_spent",
    });
  });

  it("should resolve, never throw, when the network fails or the body is not JSON", async () => {
    const down = fetcher(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(await createApi("https://e", "demo", down).config()).toEqual({ ok: false, status: 0 });
    const html = fetcher(() => new Response("<html>", { status: 502 }));
    expect(await createApi("https://e", "demo", html).config()).toEqual({ ok: false, status: 502 });
    const garbled = fetcher(() => new Response("not json", { status: 200 }));
    expect(await createApi("https://e", "demo", garbled).config()).toEqual({
      ok: false,
      status: 0,
    });
  });
});

describe("retryable", () => {
  it("should retry no answer, 429 and 5xx, and nothing else", () => {
    expect([0, 429, 500, 503].map((status) => retryable({ status }))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([400, 409, 413, 422].map((status) => retryable({ status }))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
