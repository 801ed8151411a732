/**
 * @module
 * GET /v1/sites/:site/challenge: a fresh signed proof-of-work challenge (worker/counting/proof.ts,
 * worker/README.md "Proof before counting"). Stateless: nothing is stored when it is issued.
 */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { issueChallenge } from "../counting/challenge.ts";
import { randomShard } from "../counting/shards.ts";

export const challengeRoute = new Hono<AppEnv>().get("/", async (c) =>
  c.json(
    await issueChallenge(c.var.keys, c.var.config, Date.now(), randomShard(c.var.config)),
    200,
    {
      "Cache-Control": "no-store",
    },
  ),
);
