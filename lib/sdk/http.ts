/** Raised in a cell when the server refuses or fails a `lab` call. */
export class LabApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "LabApiError";
  }
}

export type Fetch = typeof fetch;

/** Names the notebook (lesson slug) a kernel request comes from, so its LLM calls land in that notebook's trace. */
export const NOTEBOOK_HEADER = "x-ragcamp-notebook";

/**
 * The only way cells reach the server: JSON over the lab's own /api routes.
 * `fetch` is captured when the SDK starts, so a cell that shadows the global
 * cannot break later calls.
 */
export function createHttp(origin: string, fetchFn: Fetch, headers: Record<string, string> = {}) {
  return async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const method = init.method ?? (init.body === undefined ? "GET" : "POST");
    const res = await fetchFn(new URL(path, origin), {
      method,
      // State changes are JSON only, bodiless ones too: the server refuses anything else (a CSRF defence).
      headers: method === "GET" ? headers : { ...headers, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
    const payload = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!res.ok) {
      throw new LabApiError(res.status, payload?.error?.code ?? "http_error", payload?.error?.message ?? `${path} answered HTTP ${res.status}`);
    }
    return payload as T;
  };
}
export type Http = ReturnType<typeof createHttp>;
