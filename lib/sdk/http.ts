import { decodeError, type Fetch } from "@/lib/api/client";

/**
 * Untyped JSON calls by path, while routes move to their contracts: each
 * caller that gets an `endpoint()` switches to `LabContext.api` (the one
 * client, lib/api/client.ts), and this goes when none is left.
 */
export function createHttp(origin: string, fetchFn: Fetch, headers: Record<string, string> = {}) {
  return async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const method = init.method ?? (init.body === undefined ? "GET" : "POST");
    const res = await fetchFn(new URL(path, origin), {
      method,
      headers: method === "GET" ? headers : { ...headers, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
    if (!res.ok) throw await decodeError(res, path);
    return (await res.json()) as T;
  };
}
export type Http = ReturnType<typeof createHttp>;
