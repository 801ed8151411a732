/**
 * @module
 * The proof of work an assignment carries (worker/README.md, "Proof before counting"), in the
 * manner of ALTCHA: the edge signs a challenge; the client finds a whole number `solution` such
 * that SHA-256 of `${challenge}:${solution}` (UTF-8) starts with `difficulty` zero bits, or of
 * `${challenge}:${key}:${solution}` when the proof is bound to the assignment's idempotency key
 * (then the Worker needs to remember nothing: a replay is that key's retry, counted once). A
 * visitor's browser pays this once per contribution, in the background; a script that wants a
 * thousand counts pays it a thousand times. Pure: the hash function is passed in (Web Crypto in
 * the widget and the Worker, node:crypto in tests), so both sides share one definition.
 */

/**
 * The Turnstile `action` of the widget's token (a site with `proof: "turnstile"`): the Worker
 * refuses a token siteverify says was solved for another action (Cloudflare protects it from
 * change). No visitor data: Cloudflare keeps actions in its analytics.
 */
export const TURNSTILE_ACTION = "preferably-assign";

/** SHA-256 of a UTF-8 string: 32 bytes. */
export type HashFn = (message: string) => Promise<Uint8Array>;

/** What the hash covers for one try; `bind` is the idempotency key a bound proof is for. */
export function proofMessage(challenge: string, solution: number, bind?: string): string {
  return bind === undefined ? `${challenge}:${solution}` : `${challenge}:${bind}:${solution}`;
}

/** How many zero bits `bytes` starts with. */
export function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const b of bytes) {
    if (b === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

/** Whether `solution` solves `challenge` at `difficulty`. */
export async function meetsDifficulty(
  hash: HashFn,
  challenge: string,
  solution: number,
  difficulty: number,
  bind?: string,
): Promise<boolean> {
  return leadingZeroBits(await hash(proofMessage(challenge, solution, bind))) >= difficulty;
}

export interface SolveOptions {
  /** Called every `pauseEvery` tries so a long solve never holds the page's thread. */
  pause?: () => Promise<void>;
  pauseEvery?: number;
  /** Give up (undefined) after this many tries; by default 2^(difficulty + 8), never in practice. */
  maxTries?: number;
  /** The idempotency key to bind the proof to (proofMessage). */
  bind?: string;
}

/** The smallest solution, counting up from 0; undefined if none within `maxTries`. */
export async function solveProof(
  hash: HashFn,
  challenge: string,
  difficulty: number,
  options: SolveOptions = {},
): Promise<number | undefined> {
  const maxTries = options.maxTries ?? 2 ** (difficulty + 8);
  const every = options.pauseEvery ?? 256;
  for (let solution = 0; solution < maxTries; solution++) {
    if (await meetsDifficulty(hash, challenge, solution, difficulty, options.bind)) return solution;
    if (options.pause && solution % every === every - 1) await options.pause();
  }
  return undefined;
}
