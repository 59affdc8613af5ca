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
  | "timeout";

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
};

export class LabError extends Error {
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
  return e instanceof LabError;
}

export function isLabErrorCode(code: unknown): code is LabErrorCode {
  return typeof code === "string" && Object.hasOwn(STATUS, code);
}
