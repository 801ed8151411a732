import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../shared/canonical-json.ts";

describe("canonicalJson (RFC 8785)", () => {
  it("should sort keys by UTF-16 code units and drop whitespace", () => {
    // RFC 8785 §3.2.3's example of sorting: code units, not code points or locale order.
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    // (Object.keys would put the integer key "1" first, so read the order off the text.)
    const text = canonicalJson(input);
    const order = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"].map((k) =>
      text.indexOf(JSON.stringify(k)),
    );
    expect(order.every((at, i) => at > (order[i - 1] ?? -1))).toBe(true);
    expect(text.startsWith('{"\\r":"Carriage Return","1":"One"')).toBe(true);
  });

  it("should write numbers as ECMAScript does (RFC 8785 appendix B)", () => {
    expect(canonicalJson([0, -0, 1e21, 1e-7, 333333333.3333333, 4.5, 2e-3, 9007199254740992])).toBe(
      "[0,0,1e+21,1e-7,333333333.3333333,4.5,0.002,9007199254740992]",
    );
  });

  it("should match the RFC's §3.2.2 example byte for byte", () => {
    const input = {
      numbers: [
        JSON.parse("333333333.33333329") as number,
        1e30,
        4.5,
        2e-3,
        0.000000000000000000000000001,
      ],
      string: "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
      literals: [null, true, false],
    };
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("should nest, leave undefined members out and refuse what JSON cannot hold", () => {
    expect(canonicalJson({ b: [{ d: 1, c: undefined }], a: "x" })).toBe('{"a":"x","b":[{"d":1}]}');
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});
