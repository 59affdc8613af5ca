/**
 * The one way to reach /api: the cell worker's `lab` SDK, the notebook page
 * and the CLI all call routes through `createApiClient`, with the route's
 * contract (`endpoint()`) giving the input and result types, and one decoder
 * turning any error answer into a `LabApiError` with the server's code and
 * message. Browser-safe.
 */
import { inQuery, pathOf, type Endpoint, type ParamsOf, type RequestOf, type ResponseOf } from "./endpoint";

/** Raised when the server refuses or fails a call; `code` is the server's error code (lib/errors). */
export class LabApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = "LabApiError";
  }
}

/** Names the notebook (lesson slug) a kernel request comes from, so its LLM calls land in that notebook's trace. */
export const NOTEBOOK_HEADER = "x-ragcamp-notebook";

export type Fetch = typeof fetch;

/** An error answer as LabApiError: the `{error: {code, message}}` body every route sends, else the bare status. */
export async function decodeError(res: Response, what: string): Promise<LabApiError> {
  const payload = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  const retry = Number(res.headers.get("retry-after"));
  const code = typeof payload?.error?.code === "string" ? payload.error.code : "http_error";
  const message = typeof payload?.error?.message === "string" ? payload.error.message : `${what} answered HTTP ${res.status}`;
  return new LabApiError(res.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

type HasKeys<T> = keyof T extends never ? false : true;
/** `params` when the path has `[name]` parts, `input` unless every field is optional, plus transport options. */
export type CallArgs<E extends Endpoint> = (HasKeys<ParamsOf<E>> extends true ? { params: ParamsOf<E> } : { params?: undefined }) &
  (Record<string, never> extends RequestOf<E> ? { input?: RequestOf<E> } : { input: RequestOf<E> }) & {
    signal?: AbortSignal;
    /** Lets a save finish while the page unloads. */
    keepalive?: boolean;
  };
type Rest<E extends Endpoint> = Record<string, never> extends CallArgs<E> ? [args?: CallArgs<E>] : [args: CallArgs<E>];

export interface ApiClient {
  /** Calls a JSON route and returns its typed result; throws LabApiError on any error answer. */
  call<E extends Endpoint>(endpoint: E, ...args: Rest<E>): Promise<ResponseOf<E>>;
  /** Calls a route whose answer is not JSON (a stream, a download): the Response once it is known to be ok. */
  open<E extends Endpoint>(endpoint: E, ...args: Rest<E>): Promise<Response>;
}

export interface ClientOptions {
  /** Absolute origin for the CLI and the worker; the page leaves it out and calls its own origin. */
  origin?: string;
  /** Captured once, so a cell that shadows the global `fetch` cannot break later calls. */
  fetch?: Fetch;
  headers?: Record<string, string>;
}

export function createApiClient(options: ClientOptions = {}): ApiClient {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.headers ?? {};

  async function send(endpoint: Endpoint, args: SendArgs = {}): Promise<Response> {
    const path = pathOf(endpoint.path, args.params);
    const isGet = endpoint.method === "GET";
    const query = inQuery(endpoint.method) && args.input ? queryOf(args.input as Record<string, unknown>) : "";
    const url = options.origin ? new URL(path + query, options.origin) : path + query;
    const res = await fetchFn(url, {
      method: endpoint.method,
      // State changes are JSON only, bodiless ones too: the server refuses anything else (a CSRF defence).
      headers: isGet ? base : { ...base, "content-type": "application/json" },
      body: inQuery(endpoint.method) ? undefined : JSON.stringify(args.input ?? {}),
      credentials: "same-origin",
      cache: "no-store",
      signal: args.signal,
      keepalive: args.keepalive,
    });
    if (!res.ok) throw await decodeError(res, `${endpoint.method} ${path}`);
    return res;
  }

  return {
    async call(endpoint, ...[args]) {
      const res = await send(endpoint, args as SendArgs);
      return res.json();
    },
    open: (endpoint, ...[args]) => send(endpoint, args as SendArgs),
  };
}

type SendArgs = { params?: Record<string, string | string[]>; input?: unknown; signal?: AbortSignal; keepalive?: boolean };

/** A GET's or DELETE's input as a query string; undefined fields are left out, and a list repeats its name (`?point=a&point=b`). */
function queryOf(input: Record<string, unknown>): string {
  const entries = Object.entries(input)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => [k, String(item)]));
  return entries.length ? `?${new URLSearchParams(entries)}` : "";
}
