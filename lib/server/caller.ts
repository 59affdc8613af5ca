import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { LabError } from "@/lib/errors";
import type { Caller } from "./access";

/** The caller `route()` authenticated, for the handler and everything it calls. */
const scope = new AsyncLocalStorage<Caller>();

export function withCaller<T>(caller: Caller, fn: () => Promise<T>): Promise<T> {
  return scope.run(caller, fn);
}

export function currentCaller(): Caller {
  const caller = scope.getStore();
  if (!caller) throw new LabError("unauthorized", "Sign in with the personal join link your instructor gave you.");
  return caller;
}
