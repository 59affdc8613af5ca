/**
 * The shared cap on chat-model calls in flight (RAGCAMP_LLM_CONCURRENCY).
 * Behind an interface so instances sharing a database swap the in-process
 * semaphore for a shared one (lib/llm/pg-slots.ts) without touching the call path.
 */
export interface ModelSlots {
  /** Resolves with a release function once a slot is free; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

/** First come, first served; a waiter whose caller went away leaves the line at once. */
export function inProcessSlots(capacity: number): ModelSlots {
  let active = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    const next = waiting.shift();
    // A finishing call hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (next) next();
    else active--;
  };

  const once = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  return {
    acquire(signal) {
      signal?.throwIfAborted();
      if (active < capacity) {
        active++;
        return Promise.resolve(once());
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener("abort", leave);
          resolve(once());
        };
        const leave = () => {
          const i = waiting.indexOf(grant);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal?.reason);
        };
        waiting.push(grant);
        signal?.addEventListener("abort", leave, { once: true });
      });
    },
  };
}

/** For models built without a cap (test doubles). */
export const unlimitedSlots: ModelSlots = { acquire: async () => () => {} };
