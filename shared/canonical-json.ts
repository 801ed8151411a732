/**
 * @module
 * JSON Canonicalization Scheme (RFC 8785): one byte sequence per JSON value, so a hash of it can
 * be recomputed by anyone (the public change log, worker/sites/change-log.ts). Objects' keys are
 * sorted by their UTF-16 code units, no whitespace, strings escaped as ECMAScript's
 * JSON.stringify does (which is what RFC 8785 §3.2.2.2 prescribes), numbers serialised as
 * ECMAScript's Number.prototype.toString (§3.2.2.3). Pure: ES2022 only.
 */

/** The canonical JSON text of `value`; throws on what JSON cannot hold (NaN, functions, …). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("JSON has no NaN or Infinity");
    // -0 is "0" in RFC 8785; String() already writes it so, and ECMAScript's shortest form otherwise.
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    // Default sort compares UTF-16 code units, as §3.2.3 asks.
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`JSON cannot hold a ${typeof value}`);
}
