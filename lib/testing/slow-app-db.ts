/**
 * For tests: an app database whose calls are slow as `delays` says, so
 * calls made one after another can land out of order, as they may on a pool
 * of PostgreSQL connections. `before`: how long a call waits before it runs;
 * `after`: how long its answer takes to come back once it has run.
 */
import type { AppDb } from "@/lib/db/app-db";

export type DelayOf = (store: string, method: string, args: unknown[]) => number;

export interface Delays {
  before?: DelayOf;
  after?: DelayOf;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function slowStore<S extends object>(name: string, store: S, { before, after }: Delays): S {
  return new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        await sleep(before?.(name, String(key), args) ?? 0);
        const answer: unknown = await value.apply(target, args);
        await sleep(after?.(name, String(key), args) ?? 0);
        return answer;
      };
    },
  });
}

export function slowAppDb(db: AppDb, delays: Delays): AppDb {
  return new Proxy(db, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      return typeof value === "object" && value !== null ? slowStore(String(key), value, delays) : value;
    },
  });
}
