import { describe, expect, it } from "vitest";
import { clientKey } from "../../../worker/middleware/client-key.ts";

describe("clientKey", () => {
  it("should key an IPv4 address by the whole address", () => {
    expect(clientKey("192.0.2.1")).toBe("v4:192.0.2.1");
    expect(clientKey("192.0.2.2")).not.toBe(clientKey("192.0.2.1"));
  });

  it("should key an IPv6 address by its /64, however it is written", () => {
    const key = "v6:2001:db8:0:0::/64";
    for (const ip of [
      "2001:db8::1",
      "2001:db8:0:0:ffff::2",
      "2001:0DB8:0000:0000:0001:0002:0003:0004",
      "2001:db8::",
      "2001:db8:0:0:1:2:3:4",
    ])
      expect(clientKey(ip), ip).toBe(key);
    expect(clientKey("2001:db8:0:1::1")).toBe("v6:2001:db8:0:1::/64");
    expect(clientKey("fe80::1%eth0")).toBe("v6:fe80:0:0:0::/64");
  });

  it("should key an IPv4-mapped IPv6 address as the IPv4 client it maps", () => {
    expect(clientKey("::ffff:192.0.2.1")).toBe("v4:192.0.2.1");
    expect(clientKey("::ffff:c000:201")).toBe("v4:192.0.2.1");
  });

  it("should put what is not an address in one key per string (no crash)", () => {
    for (const bad of ["", "garbage", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3.999"])
      expect(clientKey(bad), bad).toMatch(/^other:/);
  });
});
