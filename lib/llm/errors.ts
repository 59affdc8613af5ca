import { isLabError, LabError } from "../errors";
import { redactForLearner } from "../errors/redact";

/**
 * What went wrong with one call to a chat model, in terms a learner can act
 * on. The raw provider error is not kept: its message may quote the API key.
 */
export type LlmFailureKind =
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "unparseable"
  | "invalid"
  | "network"
  /** The reply stopped at the token limit (finish_reason "length"): never an answer, a query or a verdict. */
  | "truncated"
  /** Nothing listening, key rejected, model unknown, quota gone: retrying will not help. */
  | "refused";

export interface LlmFailure {
  kind: LlmFailureKind;
  /** User-facing; secrets redacted. */
  message: string;
  retryable: boolean;
  status?: number;
  /** How long the server asked us to wait (Retry-After / retry-after-ms). */
  retryAfterMs?: number;
}

/**
 * A failed model call as a LabError whose code is its class, so every route,
 * the CLI and the SDK report it with the one status table in lib/errors.
 */
export class LlmCallError extends LabError {
  constructor(
    readonly failure: LlmFailure,
    readonly attempts = 1,
  ) {
    super(failure.kind, failure.message, undefined, failure.retryAfterMs === undefined ? undefined : Math.ceil(failure.retryAfterMs / 1000));
    this.name = "LlmCallError";
  }
}

/** The trace's `error` field for a failed call: class, then the learner-facing message. */
export function traceError(failure: LlmFailure): string {
  return `${failure.kind}: ${failure.message}`;
}

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  code?: unknown;
  error?: unknown;
  headers?: unknown;
  cause?: unknown;
};

const asRecord = (value: unknown): ErrorLike | undefined =>
  typeof value === "object" && value !== null ? (value as ErrorLike) : undefined;

/** Classifies a failed model call; undefined for errors that are not model-call failures (bugs, cancellation). */
export function classifyLlmError(error: unknown): LlmFailure | undefined {
  if (error instanceof LlmCallError) return error.failure;
  // The lab's own errors (a missing collection, bad input) carry an HTTP status too, but no model sent them.
  if (isLabError(error)) return undefined;
  const e = asRecord(error);
  if (!e) return undefined;
  const name = typeof e.name === "string" ? e.name : "";
  const detail = upstreamDetail(e.message);

  // LangChain renames the OpenAI client's timeout error; AbortSignal.timeout() throws a DOMException of this name.
  if (name === "TimeoutError") {
    return {
      kind: "timeout",
      retryable: true,
      message: "The model did not answer in time. A slow local model may need a larger RAGCAMP_LLM_TIMEOUT_MS.",
    };
  }
  if (typeof e.status === "number") return classifyStatus(e.status, e, detail);
  if (error instanceof SyntaxError) {
    return {
      kind: "unparseable",
      retryable: true,
      message: `The model server's reply could not be read (cut off or not JSON)${detail}.`,
    };
  }
  return classifyConnection(e);
}

function classifyStatus(status: number, e: ErrorLike, detail: string): LlmFailure {
  const base = { status };
  if (status === 429) {
    if (isQuotaExhausted(e)) {
      return {
        ...base,
        kind: "refused",
        retryable: false,
        message: `The provider says the account's quota or credit is used up (HTTP 429)${detail}.`,
      };
    }
    const retryAfterMs = retryAfterFromHeaders(e.headers);
    const wait = retryAfterMs === undefined ? "" : ` It asked us to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return {
      ...base,
      kind: "rate_limited",
      retryable: true,
      retryAfterMs,
      message: `The model server is rate-limiting requests (HTTP 429).${wait}`,
    };
  }
  if (status === 408) return { ...base, kind: "timeout", retryable: true, message: "The model server timed out (HTTP 408)." };
  if (status >= 500) {
    return { ...base, kind: "server_error", retryable: true, message: `The model server failed (HTTP ${status})${detail}.` };
  }
  if (status === 401 || status === 403) {
    return {
      ...base,
      kind: "refused",
      retryable: false,
      message: `The model server rejected the API key (HTTP ${status}). Check OPENAI_API_KEY${detail}.`,
    };
  }
  if (status === 404) {
    return {
      ...base,
      kind: "refused",
      retryable: false,
      message: `The model server does not know this model or URL (HTTP 404). Check RAGCAMP_CHAT_MODEL and OPENAI_BASE_URL${detail}.`,
    };
  }
  return {
    ...base,
    kind: "invalid",
    retryable: false,
    message: `The model server rejected the request as invalid (HTTP ${status})${detail}.`,
  };
}

const TRANSIENT_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "UND_ERR_SOCKET", "ECONNABORTED"]);

function classifyConnection(e: ErrorLike): LlmFailure | undefined {
  const code = errorCode(e);
  if (code === "ECONNREFUSED") {
    return {
      kind: "refused",
      retryable: false,
      message:
        "Nothing is accepting connections at the model server's address. " +
        "Is the server (e.g. LM Studio or Ollama) running, and is OPENAI_BASE_URL right?",
    };
  }
  if (code === "ENOTFOUND") {
    return {
      kind: "network",
      retryable: false,
      message: "The model server's host name does not resolve. Check OPENAI_BASE_URL.",
    };
  }
  const connectionError = e.name === "APIConnectionError" || e.constructor?.name === "APIConnectionError";
  if (connectionError || (code !== undefined && TRANSIENT_CODES.has(code))) {
    return { kind: "network", retryable: true, message: `The connection to the model server failed${code ? ` (${code})` : ""}.` };
  }
  return undefined;
}

/** Node puts the system error code a few causes deep (APIConnectionError → fetch failed → ECONNREFUSED). */
function errorCode(e: ErrorLike): string | undefined {
  for (let current: ErrorLike | undefined = e, depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string") return current.code;
    current = asRecord(current.cause);
  }
  return undefined;
}

function isQuotaExhausted(e: ErrorLike): boolean {
  const code = typeof e.code === "string" ? e.code : asRecord(e.error)?.code;
  if (code === "insufficient_quota") return true;
  return typeof e.message === "string" && /quota|billing|credit/i.test(e.message);
}

/** Reads retry-after-ms (OpenAI) or Retry-After (seconds or an HTTP date). */
export function retryAfterFromHeaders(headers: unknown, now = Date.now()): number | undefined {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = typeof headers === "object" && headers !== null ? (headers as Record<string, unknown>)[name] : undefined;
    return typeof value === "string" ? value.trim() : undefined;
  };
  const ms = get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const raw = get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const MAX_DETAIL_CHARS = 200;

/** The provider's own words, trimmed and with secrets and server paths removed, as ": ..." or "". */
function upstreamDetail(message: unknown): string {
  if (typeof message !== "string") return "";
  const text = redactForLearner(message.replace(/\s*Troubleshooting URL:.*$/s, "").replace(/^\d{3}\s+/, "")).trim();
  if (!text || /^(Connection error|Request timed out)\.?$/.test(text)) return "";
  return `: ${text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text}`;
}

