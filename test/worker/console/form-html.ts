/**
 * What a browser would post for the first <form> of `html` whose action ends with `action`:
 * inputs (checkboxes only when checked), textareas and selects (their selected options), as
 * hono/jsx renders them. Enough to drive the console's forms without a browser; the Chromium
 * test (test/e2e/console.test.ts) drives the real thing.
 */
const decodeEntities = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
};

export function formFields(html: string, action: string): [string, string][] {
  const start = html.search(new RegExp(`<form[^>]*action="[^"]*${action}"`));
  if (start < 0) throw new Error(`no form ${action}`);
  const body = html.slice(start, html.indexOf("</form>", start));
  const out: [string, string][] = [];
  const re = /<input[^>]*>|<textarea[^>]*>[\s\S]*?<\/textarea>|<select[^>]*>[\s\S]*?<\/select>/g;
  for (const m of body.matchAll(re)) {
    const tag = m[0];
    const name = attr(tag, "name");
    if (!name) continue;
    if (tag.startsWith("<input")) {
      const type = attr(tag, "type");
      if (type === "checkbox" && !/\schecked(="")?[\s>/]/.test(tag)) continue;
      out.push([name, attr(tag, "value") ?? (type === "checkbox" ? "on" : "")]);
    } else if (tag.startsWith("<textarea")) {
      out.push([
        name,
        decodeEntities(tag.replace(/^<textarea[^>]*>/, "").replace(/<\/textarea>$/, "")),
      ]);
    } else {
      const options = [...tag.matchAll(/<option[^>]*>/g)].map((o) => o[0]);
      const selected = options.filter((o) => /\sselected(="")?[\s>]/.test(o));
      const multiple = /\smultiple/.test(tag.slice(0, tag.indexOf(">")));
      const chosen = selected.length > 0 || multiple ? selected : options.slice(0, 1);
      for (const o of chosen) out.push([name, attr(o, "value") ?? ""]);
    }
  }
  return out;
}

/** Replaces (or adds) one field. */
export function setField(
  fields: [string, string][],
  name: string,
  value: string | string[],
): [string, string][] {
  const rest = fields.filter(([n]) => n !== name);
  for (const v of Array.isArray(value) ? value : [value]) rest.push([name, v]);
  return rest;
}

export const encode = (fields: [string, string][]) => new URLSearchParams(fields).toString();
