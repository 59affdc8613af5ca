import { z } from "zod";
import { cellOutput } from "./outputs";

/** How a job a cell waited on ended, as the page's job follower saw it. */
export type JobEnd =
  | { status: "done"; result: unknown }
  | { status: "failed" | "cancelled"; error: string }
  /** The job's counter did not move for `stalledS`; it may still be running on the server. */
  | { status: "stalled"; stalledS: number };

/** Page → worker. */
export type KernelRequest =
  /** `notebook` is the lesson slug, sent with every request so LLM calls land in that notebook's trace. */
  | { type: "init"; origin: string; maxOutputBytes: number; notebook: string }
  | { type: "run"; runId: number; cellId: string; kind: "ts" | "js"; code: string }
  | { type: "job"; jobId: string; end: JobEnd }
  /** Answered with a pong only when the worker's event loop is free, i.e. its code is not spinning. */
  | { type: "ping"; n: number };

/** Worker → page. The page validates every message before acting on it. */
export const kernelEvent = z.discriminatedUnion("type", [
  /** Sent as soon as a run arrives: a worker that does not is dead. */
  z.object({ type: z.literal("started"), runId: z.number().int() }),
  z.object({ type: z.literal("output"), runId: z.number().int(), output: cellOutput }),
  z.object({ type: z.literal("done"), runId: z.number().int(), ok: z.boolean() }),
  /** The running cell waits on a server job: the page follows it and answers with a "job" request. */
  z.object({ type: z.literal("follow"), runId: z.number().int(), jobId: z.string().min(1).max(100), label: z.string().max(500) }),
  z.object({ type: z.literal("pong"), n: z.number().int() }),
]);
export type KernelEvent = z.infer<typeof kernelEvent>;
