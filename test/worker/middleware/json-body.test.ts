import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../../shared/limits.ts";
import { readJsonBody } from "../../../worker/middleware/json-body.ts";

const req = (
  body: BodyInit | null,
  type = "application/json",
  headers: Record<string, string> = {},
) =>
  new Request("https://x.example/", {
    method: "POST",
    body,
    headers: { "Content-Type": type, ...headers },
  });

async function code(r: { value: unknown } | Response): Promise<string | undefined> {
  return r instanceof Response
    ? ((await r.json()) as { error: { code: string } }).error.code
    : undefined;
}

describe("readJsonBody", () => {
  it("should return the parsed value", async () => {
    expect(await readJsonBody(req('{"a":[1,"é"]}'))).toEqual({ value: { a: [1, "é"] } });
  });

  it("should refuse a body one byte over the limit and take one exactly at it", async () => {
    expect(await readJsonBody(req(`"${"a".repeat(MAX_BODY_BYTES - 2)}"`))).toHaveProperty("value");
    expect(await code(await readJsonBody(req(`"${"a".repeat(MAX_BODY_BYTES - 1)}"`)))).toBe(
      "body_too_large",
    );
  });

  it("should honour a smaller limit", async () => {
    expect(await code(await readJsonBody(req("[1,2,3]"), 6))).toBe("body_too_large");
    expect(await readJsonBody(req("[1,2,3]"), 7)).toEqual({ value: [1, 2, 3] });
  });

  it("should answer 415 when the type is not JSON, 400 when the text is not JSON or not UTF-8", async () => {
    expect(await code(await readJsonBody(req("{}", "text/json")))).toBe("unsupported_media_type");
    expect(await code(await readJsonBody(req("{'a':1}")))).toBe("bad_json");
    expect(await code(await readJsonBody(req(new Uint8Array([0x22, 0xff, 0x22]))))).toBe(
      "bad_json",
    );
    expect(await code(await readJsonBody(req(null)))).toBe("bad_json");
  });
});
