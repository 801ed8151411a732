/**
 * @module
 * The public config of a published site as the widget gets it: the JSON body and a strong ETag
 * (SHA-256 of the body), computed once per published version per isolate.
 */
import type { SiteConfig } from "../../shared/schema.ts";
import { publicConfig } from "../../shared/site-config.ts";
import { sha256Hex } from "../counting/encoding.ts";

const rendered = new WeakMap<SiteConfig, Promise<{ body: string; etag: string }>>();

/** The public config's body and ETag (the cached config object is the key). */
export function publicConfigOf(config: SiteConfig): Promise<{ body: string; etag: string }> {
  let r = rendered.get(config);
  if (!r) {
    const body = JSON.stringify(publicConfig(config));
    r = sha256Hex(body).then((h) => ({ body, etag: `"${h.slice(0, 32)}"` }));
    rendered.set(config, r);
  }
  return r;
}
