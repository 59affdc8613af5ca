/**
 * A job kind: a name, the schema of its payload and the handler that runs it.
 * The payload is plain data (it may wait in a database queue and run in
 * another instance, after an upgrade), so a handler rebuilds everything else
 * (engines, models) from it through the composition root.
 */
import type { z } from "zod";
import type { JobContext } from "./manager";

/** What a handler gets besides its payload: the learner it runs for, cancellation and progress. */
export interface JobRunContext extends JobContext {
  learner: string;
}

export interface JobKind<P> {
  readonly name: string;
  readonly payload: z.ZodType<P>;
  /** A method, so a kind of any payload fits a list of kinds. */
  run(payload: P, ctx: JobRunContext): Promise<unknown>;
}

export function jobKind<S extends z.ZodType>(name: string, payload: S, run: (payload: z.output<S>, ctx: JobRunContext) => Promise<unknown>): JobKind<z.output<S>> {
  return { name, payload: payload as z.ZodType<z.output<S>>, run };
}
