/**
 * @module
 * The widget's four calls to the edge (DESIGN.md "HTTP API v1"). Every call resolves to a
 * result and never throws into the host page (network down, CORS refused, bad JSON all become
 * `{ ok: false, status: 0 }`). Requests never carry credentials (invariant 4): no cookie, no
 * HTTP auth, whatever the host page's origin has stored.
 */
import type {
  AssignmentRequest,
  AssignmentResponse,
  ChallengeResponse,
  PublicSiteConfig,
  RetractionResponse,
} from "../shared/schema.ts";

/** A call's outcome: the body on 2xx, else the status (0: no answer) and the error code if any. */
export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; code?: string };

export interface Api {
  config(): Promise<ApiResult<PublicSiteConfig>>;
  /** A fresh proof-of-work challenge; every assignment needs its own, solved (widget/proof.ts). */
  challenge(): Promise<ApiResult<ChallengeResponse>>;
  assign(body: AssignmentRequest): Promise<ApiResult<AssignmentResponse>>;
  retract(receipt: string): Promise<ApiResult<RetractionResponse>>;
}

/** Whether a failed call may succeed later unchanged: no answer, rate limited, or a server fault. */
export const retryable = (r: { status: number }): boolean =>
  r.status === 0 || r.status === 429 || r.status >= 500;

/**
 * The API of one site at `endpoint` (the edge origin).
 * @example const api = createApi("https://edge.example", "demo"); const r = await api.config();
 */
export function createApi(endpoint: string, site: string, fetchFn?: typeof fetch): Api {
  const base = `${endpoint.replace(/\/$/, "")}/v1/sites/${encodeURIComponent(site)}`;
  async function call<T>(path: string, method: string, body?: unknown): Promise<ApiResult<T>> {
    try {
      const res = await (fetchFn ?? fetch)(base + path, {
        method,
        credentials: "omit",
        // No Referer: the Worker never needs the page's URL (invariant 2).
        referrerPolicy: "no-referrer",
        ...(body === undefined
          ? {}
          : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      });
      const json = (await res.json().catch(() => undefined)) as
        | (T & { error?: { code?: string } })
        | undefined;
      if (res.ok && json !== undefined) return { ok: true, status: res.status, body: json };
      const code = json?.error?.code;
      return code === undefined
        ? { ok: false, status: res.ok ? 0 : res.status }
        : { ok: false, status: res.status, code };
    } catch {
      return { ok: false, status: 0 };
    }
  }
  return {
    config: () => call("/config", "GET"),
    challenge: () => call("/challenge", "GET"),
    assign: (body) => call("/assignments", "POST", body),
    retract: (receipt) => call("/assignments", "DELETE", { receipt }),
  };
}
