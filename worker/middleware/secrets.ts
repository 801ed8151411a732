/**
 * @module
 * Puts the keys derived from the server secret on the context (`c.var.keys`), or fails closed:
 * without RECEIPT_KEY (outside loopback dev) the Worker cannot sign receipts, which is a
 * deployment error, answered 500 and logged without the request (worker/README.md, "Secrets").
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { keysFor, resolveSecret } from "../counting/keys.ts";
import { MIN_SECRET_LENGTH } from "../limits.ts";

export const secrets = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const secret = resolveSecret(c.env, new URL(c.req.url).hostname);
  if (secret === undefined) {
    throw new Error(
      `RECEIPT_KEY is not set or shorter than ${MIN_SECRET_LENGTH} characters: run \`wrangler secret put RECEIPT_KEY\``,
    );
  }
  c.set("keys", keysFor(secret));
  await next();
};
