import { describe, expect, it } from "vitest";
import { call } from "../helpers.ts";

describe("GET /healthz", () => {
  it("should answer 204 with no body", async () => {
    const res = await call("/healthz");
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
  });
});
