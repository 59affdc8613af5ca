/**
 * Runs tasks with the same key one after another, in the order they were
 * queued; tasks with other keys run alongside. For read-then-write sequences
 * that must not interleave now that every store call awaits (two writers on
 * one table, one learner's own-cell edits, one job's status writes).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(task, task);
    this.tails.set(key, next);
    const forget = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  /** Resolves once every task queued under `key` so far has settled. */
  async drain(key: string): Promise<void> {
    await this.run(key, async () => undefined);
  }
}

const holder = globalThis as unknown as { __ragcampQueues?: Map<string, KeyedQueue> };

/**
 * The process's queue for one purpose. Kept on globalThis: Next bundles
 * routes apart and reloads modules in dev, and two routes that edit the
 * same rows (add and delete an own cell) must wait on one queue.
 */
export function processQueue(purpose: string): KeyedQueue {
  const all = (holder.__ragcampQueues ??= new Map());
  let queue = all.get(purpose);
  if (!queue) {
    queue = new KeyedQueue();
    all.set(purpose, queue);
  }
  return queue;
}
