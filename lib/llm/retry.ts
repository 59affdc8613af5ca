import { setTimeout as sleep } from "node:timers/promises";
import { classifyLlmError, LlmCallError, type LlmFailure } from "./errors";

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A server asking for a longer wait than this fails now rather than stalling the run. */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  onRetry?: (event: { attempt: number; delayMs: number; failure: LlmFailure }) => void;
  /** Injected in tests to make jitter deterministic. */
  random?: () => number;
}

/**
 * A hung model is likely still hung: a timeout is tried once more at most,
 * so one call fails within about twice RAGCAMP_LLM_TIMEOUT_MS.
 */
const MAX_TIMEOUT_RETRIES = 1;

const RETRY_DEFAULTS = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
} as const;

/** `??` rather than spreading, so an explicit `undefined` still gets the default. */
function settings(options: RetryOptions) {
  return {
    retries: options.retries ?? RETRY_DEFAULTS.retries,
    baseDelayMs: options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs,
  };
}

/**
 * Runs `fn` until it succeeds, retrying only failures that may pass on
 * their own (rate limits and 5xx up to `retries` times, a timeout once,
 * dropped connections). Classified
 * failures surface as LlmCallError; anything unclassified (a bug, a
 * cancellation) is rethrown untouched.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { retries, maxRetryAfterMs } = settings(options);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const failure = classifyLlmError(error);
      if (!failure) throw error;
      const attempts = attempt + 1;
      const allowed = failure.kind === "timeout" ? Math.min(retries, MAX_TIMEOUT_RETRIES) : retries;
      if (!failure.retryable || attempt >= allowed) throw new LlmCallError(failure, attempts);
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > maxRetryAfterMs) {
        throw new LlmCallError({ ...failure, retryable: false }, attempts);
      }
      const delayMs = retryDelayMs(attempt, failure, options);
      options.onRetry?.({ attempt: attempts, delayMs, failure });
      await sleep(delayMs, undefined, { signal: options.signal }).catch(() => {
        throw options.signal?.reason;
      });
    }
  }
}

/**
 * The server's Retry-After when it gave one; otherwise exponential back-off
 * with "equal jitter" (half fixed, half random) so parallel judges that hit
 * the same limit do not retry in lockstep.
 */
export function retryDelayMs(attempt: number, failure: LlmFailure, options: RetryOptions = {}): number {
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
  const { baseDelayMs, maxDelayMs } = settings(options);
  const random = options.random ?? Math.random;
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return cap / 2 + random() * (cap / 2);
}
