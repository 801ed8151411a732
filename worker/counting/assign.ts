/**
 * @module
 * Counting one assignment and retracting one (DESIGN.md data flow steps 4-5, "Counting model").
 * The body was validated already (shared/assignment.ts); this picks the shard, builds and signs
 * the receipt, and lets the shard's Durable Object change the counts in one transaction.
 *
 * Idempotency: the key is stored only as a keyed hash (HMAC with the server secret), routed to a
 * shard by that hash. A keyed request's nonce is not random but HMAC(secret, site, key, UTC
 * day), so a retry re-signs the very same receipt from what the shard kept (segment ids and day)
 * without any nonce or request time being stored. The same key with different segments is 422
 * idempotency_conflict; the same key with answers that give the same segments is a retry
 * (answers are never stored, not even hashed: invariant 3). A keyed replace is remembered with
 * the spend of its receipt (one row, not two), so its retry meets that spend and is answered
 * again; the same receipt with another key is 409 receipt_spent (worker/README.md).
 *
 * Routing (worker/counting/shards.ts): a fresh contribution goes to a random object, a replace
 * and a retraction to the object their receipt names, a keyed fresh contribution to the object
 * of its key's virtual shard, after asking the objects that virtual shard had under the site's
 * earlier counts (`previous`) whether the key is known there.
 */

import type { ValidAssignment } from "../../shared/assignment.ts";
import { countedKeys, segmentsOf } from "../../shared/counting-keys.ts";
import type { SiteConfig } from "../../shared/schema.ts";
import type { AssignOutcome, IdempotencyInput, Spend } from "../durable-objects/site-counter.ts";
import { ApiError } from "../errors.ts";
import { dayOf } from "./day.ts";
import { toBase64Url } from "./encoding.ts";
import { type Keys, keyedHash } from "./keys.ts";
import { nonceHash, randomNonce, receiptExpiry, signReceipt, verifyReceipt } from "./receipts.ts";
import { assignSegments } from "./segments.ts";
import { keyedShards, type RetiredShards, randomShard, StaleShards, shardStub } from "./shards.ts";

type CounterEnv = Pick<Env, "COUNTER">;

const conflict = () =>
  new ApiError(
    "idempotency_conflict",
    "this idempotency key was used recently for a different assignment",
  );

/** Verifies a receipt for a replace or a retraction and turns it into a spend. */
async function spendOf(keys: Keys, config: SiteConfig, receipt: string, now: number) {
  const check = await verifyReceipt(keys, config.id, receipt, now);
  if (!check.ok) {
    throw new ApiError(
      check.code,
      check.code === "receipt_expired"
        ? "the receipt has expired; its contribution is no longer counted"
        : "the receipt is not valid for this site",
    );
  }
  const p = check.payload;
  const spend: Spend = {
    nonceHash: await nonceHash(p.nonce),
    day: p.day,
    segments: p.segments,
    expiresDay: dayOf(p.expiresAt),
  };
  // The object that counted it, whatever `shards` is now: objects are never taken away.
  return { spend, shard: p.shard };
}

/**
 * The first answer to `keyHash` if an object of an earlier count holds it (asked together), with
 * that object: the retry is answered from there, and its receipt names it.
 */
async function earlierAnswer(
  env: CounterEnv,
  config: SiteConfig,
  keyHash: string,
  day: number,
  objects: readonly number[],
): Promise<{ shard: number; counted: string; day: number } | undefined> {
  const found = await Promise.all(
    objects.map((o) => shardStub(env, config.id, o).idempotent(keyHash, day, config.shards)),
  );
  const i = found.findIndex((r) => r !== null);
  const record = found[i];
  const shard = objects[i];
  return record && shard !== undefined ? { shard, ...record } : undefined;
}

/**
 * Counts a validated assignment; answers with the segment ids and the receipt. `previous`: the
 * site's earlier object counts (worker/sites: Site.previousShards). Throws StaleShards when
 * `config.shards` is older than what the key's object has seen (the caller reloads the site).
 */
export async function countAssignment(
  env: CounterEnv,
  keys: Keys,
  config: SiteConfig,
  body: ValidAssignment,
  now: number = Date.now(),
  previous: readonly RetiredShards[] = [],
): Promise<{ segments: string[]; receipt: string }> {
  const segments = assignSegments(config, body.answers);
  // Every count the contribution is in (issue 14): respondents, segments, options, declared
  // overlaps and breakdowns. The answers are dropped after this line; only these ids go on.
  const counted = countedKeys(config, body.answers, segments);
  const replaced =
    body.replaces === undefined ? undefined : await spendOf(keys, config, body.replaces, now);
  const day = dayOf(now);
  let idempotency: IdempotencyInput | undefined;
  let shard = replaced?.shard ?? randomShard(config);
  if (body.idempotencyKey !== undefined) {
    const keyHash = await keyedHash(keys, "idempotency", `${config.id}\n${body.idempotencyKey}`);
    // Kept as long as the receipt of its answer (issue 13): the widget keeps a pending send until
    // it is answered, so a retry of a lost answer, however late, meets the key and is answered
    // with the same receipt instead of counting twice an orphan no receipt could delete.
    // Day-rounded like every stored date: the start of the receipt's expiry day.
    // What a retry must match, kept instead of the ids (they would be the answers themselves).
    const digest = await keys.mac("counted", `${config.id}\n${JSON.stringify(counted)}`);
    idempotency = {
      keyHash,
      counted: toBase64Url(digest.slice(0, 16)),
      expiresDay: dayOf(receiptExpiry(config, day)),
    };
    // A replace is routed by its receipt (the spend and the count are one transaction); a retry
    // carries the same receipt, so it meets the same shard.
    if (!replaced) {
      const route = keyedShards(config, previous, keyHash, day);
      const earlier = await earlierAnswer(env, config, keyHash, day, route.earlier);
      if (earlier) {
        // The digest of the counts decides, as on the key's own object (site-counter.ts).
        if (earlier.counted !== idempotency.counted) throw conflict();
        return issue(keys, config, body.idempotencyKey, {
          shard: earlier.shard,
          counted,
          day: earlier.day,
        });
      }
      shard = route.shard;
    }
  }
  const outcome: AssignOutcome = await shardStub(env, config.id, shard).assign({
    day,
    segments: counted,
    windowDays: config.windowDays,
    retentionDays: config.retentionDays,
    ...(replaced ? { replaces: replaced.spend } : {}),
    ...(idempotency ? { idempotency } : {}),
    ...(idempotency && !replaced ? { shards: config.shards } : {}),
  });
  switch (outcome.kind) {
    case "stale":
      throw new StaleShards(outcome.shards);
    case "spent":
      throw new ApiError("receipt_spent", "this receipt was used already; nothing was changed");
    case "conflict":
      throw conflict();
    // A retry's counts match the first answer's (the digest), so it is re-signed from its own.
    case "replayed":
      return issue(keys, config, body.idempotencyKey, { shard, counted, day: outcome.day });
    case "counted":
      return issue(keys, config, body.idempotencyKey, { shard, counted, day });
  }
}

async function issue(
  keys: Keys,
  config: SiteConfig,
  idempotencyKey: string | undefined,
  a: { shard: number; counted: string[]; day: number },
): Promise<{ segments: string[]; receipt: string }> {
  const nonce =
    idempotencyKey === undefined
      ? randomNonce()
      : toBase64Url(
          (await keys.mac("nonce", `${config.id}\n${idempotencyKey}\n${a.day}`)).slice(0, 16),
        );
  const receipt = await signReceipt(keys, {
    site: config.id,
    segments: a.counted,
    day: a.day,
    nonce,
    expiresAt: receiptExpiry(config, a.day),
    shard: a.shard,
  });
  // The device is told its segments only; the receipt lists every count, to take them away.
  return { segments: segmentsOf(a.counted), receipt };
}

/** Retracts the contribution of `receipt` (DELETE). */
export async function retractAssignment(
  env: CounterEnv,
  keys: Keys,
  config: SiteConfig,
  receipt: string,
  now: number = Date.now(),
): Promise<void> {
  const { spend, shard } = await spendOf(keys, config, receipt, now);
  const result = await shardStub(env, config.id, shard).retract(
    spend,
    dayOf(now),
    config.windowDays,
    config.retentionDays,
  );
  if (result === "spent")
    throw new ApiError("receipt_spent", "this receipt was used already; nothing was changed");
}
