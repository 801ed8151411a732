/**
 * @module
 * Which "client" a request counts against in the rate limits (issue 13): an IPv4 address as it
 * is, an IPv6 address by its /64 prefix. One IPv6 subscriber is handed a whole /64 (RFC 6177,
 * RIPE-690), so keying on the full address would give one client 2^64 budgets. An IPv4-mapped
 * IPv6 address (`::ffff:192.0.2.1`) is the IPv4 client it maps. The result is never stored: it
 * only goes into the daily-rotated HMAC in rate-limit.ts.
 */

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function groups(ip: string): number[] | undefined {
  const zoneless = ip.replace(/%.*$/, "");
  const halves = zoneless.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0] ?? "");
  const tail = halves.length === 2 ? parse(halves[1] ?? "") : [];
  // A trailing dotted IPv4 (::ffff:192.0.2.1) stands for the last two groups.
  const last = tail.length ? tail : head;
  const v4 = last.at(-1)?.includes(".") ? last.pop() : undefined;
  if (v4 !== undefined) {
    const bytes = v4.split(".").map(Number);
    if (bytes.length !== 4 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255))
      return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = bytes;
    last.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.map((g) => Number.parseInt(g, 16));
}

/**
 * The rate-limit client of an address: `v4:a.b.c.d` or `v6:` and the first four groups. Anything
 * else (no header: local tools) is one shared client, as before.
 */
export function clientKey(ip: string): string {
  const trimmed = ip.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(trimmed)) return `v4:${trimmed}`;
  const g = trimmed.includes(":") ? groups(trimmed) : undefined;
  if (!g) return `other:${trimmed}`;
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  if (mapped) {
    const [hi = 0, lo = 0] = g.slice(6);
    return `v4:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `v6:${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(":")}::/64`;
}
