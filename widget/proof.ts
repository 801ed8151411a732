/**
 * @module
 * The widget's side of the proof before counting (worker/README.md): shared/proof.ts's solver on
 * Web Crypto SHA-256, pausing on a timer every few hundred tries so a solve never holds the host
 * page's thread (each digest is already asynchronous; the pause lets rendering and input in).
 */
import { type HashFn, solveProof } from "../shared/proof.ts";

const encoder = new TextEncoder();

/** SHA-256 of a UTF-8 string on Web Crypto. */
export const webSha256: HashFn = async (message) =>
  new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(message)));

const pause = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * The solution of `challenge` at `difficulty`, bound to the idempotency key `bind` (the Worker
 * then stores nothing for it), in the background; undefined if none found.
 */
export function solveInBackground(
  challenge: string,
  difficulty: number,
  bind?: string,
): Promise<number | undefined> {
  return solveProof(webSha256, challenge, difficulty, { pause, pauseEvery: 256, bind });
}
