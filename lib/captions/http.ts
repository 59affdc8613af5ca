import { LabError } from "@/lib/errors";

export type FetchFn = typeof fetch;

const TIMEOUT_MS = 20_000;

/** Gives every request a deadline unless the caller set its own signal, so a stalled YouTube cannot hang a job. */
export function withTimeout(fetchFn: FetchFn): FetchFn {
  return (input, init) => fetchFn(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(TIMEOUT_MS) });
}

/**
 * GETs `url`, turning network failures and timeouts into LabErrors that say
 * what was being fetched. HTTP error statuses are left to the caller, which
 * knows what a 404 means for its resource.
 */
export async function get(fetchFn: FetchFn, url: string, what: string): Promise<Response> {
  try {
    return await withTimeout(fetchFn)(url);
  } catch (e) {
    throw networkError(e, what);
  }
}

/** The LabError for a request that got no HTTP answer at all. */
export function networkError(e: unknown, what: string): LabError {
  if (e instanceof DOMException && e.name === "TimeoutError") {
    return new LabError("timeout", `${what}: YouTube did not answer within ${TIMEOUT_MS / 1000} s`);
  }
  return new LabError("unavailable", `${what}: could not reach YouTube (${e instanceof Error ? e.message : String(e)})`);
}
