/**
 * A notebook's LLM trace in the app database. Writes to one trace (appends,
 * each trimming the oldest entries, and clears) run one at a time in the
 * order they were made, and a reader first waits for those already made: a
 * cell that calls a model, then reads the trace, finds its call there.
 */
import { processQueue } from "@/lib/async/keyed-queue";
import { appDb } from "@/lib/db";
import type { LlmTraceEntry, TraceStore } from "@/lib/db/app-db";
import { withLlmTrace, type TraceOrigin, type TraceSink } from "./trace";

const writes = () => processQueue("llm-trace");
const traceKey = (learner: string, notebook: string) => `${learner}\n${notebook}`;

function write(learner: string, notebook: string, task: (traces: TraceStore) => Promise<void>): Promise<void> {
  return writes().run(traceKey(learner, notebook), async () => task((await appDb()).traces));
}

/** Where the LLM calls made for a learner's notebook are written. */
export function traceSink(learner: string, notebook: string): TraceSink {
  return (entry) => write(learner, notebook, (traces) => traces.add(learner, notebook, entry));
}

/** Runs `fn` with its LLM calls written to the notebook's trace (a request from it, or a job it queued). */
export function withNotebookTrace<T>(origin: TraceOrigin, fn: () => T): T {
  return withLlmTrace(traceSink(origin.learner, origin.notebook), fn, origin);
}

/** Resolves once every entry written to the trace so far is stored. */
export function traceWritten(learner: string, notebook: string): Promise<void> {
  return writes().drain(traceKey(learner, notebook));
}

/** The trace, oldest first (only the `newest` calls when given), and how many calls it holds. */
export async function readTrace(learner: string, notebook: string, newest?: number): Promise<{ entries: (LlmTraceEntry & { id: number })[]; total: number }> {
  await traceWritten(learner, notebook);
  const { traces } = await appDb();
  const [entries, total] = await Promise.all([traces.list(learner, notebook, newest), traces.count(learner, notebook)]);
  return { entries, total };
}

/** Empties the trace, calls written before this included. */
export function emptyTrace(learner: string, notebook: string): Promise<void> {
  return write(learner, notebook, (traces) => traces.clear(learner, notebook));
}
