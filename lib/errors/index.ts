/**
 * Typed errors with one mapping to HTTP status. Every error a user can cause
 * is a LabError with a message written for that user; anything else is a bug
 * and is reported as a 500 without internals.
 */
export type LabErrorCode =
  | "bad_input"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "too_large"
  | "unsupported_media_type"
  | "misdirected"
  | "too_many_requests"
  | "unavailable"
  | "bad_gateway"
  | "engine_restarted"
  | "timeout"
  // Failures of a call to the chat model (lib/llm/errors.ts), one code per class.
  | "not_configured"
  | "rate_limited"
  | "server_error"
  | "network"
  | "truncated"
  | "unparseable"
  | "invalid"
  | "refused"
  /** The model wrote Cypher that would change the graph: the lab never runs it. */
  | "write_refused";

const STATUS: Record<LabErrorCode, number> = {
  bad_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  misdirected: 421,
  too_many_requests: 429,
  timeout: 504,
  unavailable: 503,
  // An upstream server (a model server, say) answered, but not with what the lab needs.
  bad_gateway: 502,
  // A write that was in flight when the graph engine crashed: not applied, safe to run again.
  engine_restarted: 503,
  not_configured: 503,
  rate_limited: 429,
  server_error: 502,
  network: 502,
  truncated: 502,
  unparseable: 502,
  invalid: 502,
  // The model server refused the lab (401/403, unknown model, quota): the server's setup, not the learner's input.
  refused: 502,
  write_refused: 422,
};

/**
 * A brand shared by every copy of this module: the production bundle can load
 * it more than once (dynamically imported adapters get their own chunk), and
 * `instanceof` then fails across copies, turning a 403 into a 500.
 */
const BRAND = Symbol.for("ragcamp.LabError");

export class LabError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly code: LabErrorCode,
    message: string,
    readonly details?: unknown,
    /** Sent as Retry-After with 429 and 503 answers. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = "LabError";
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function isLabError(e: unknown): e is LabError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** The HTTP status of a code, for clients that rebuild a LabError from its code (the SDK's stream reader). */
export function labErrorStatus(code: LabErrorCode): number {
  return STATUS[code];
}

export function isLabErrorCode(code: unknown): code is LabErrorCode {
  return typeof code === "string" && Object.hasOwn(STATUS, code);
}
