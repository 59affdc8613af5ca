import { z } from "zod";
import { cellOutput } from "./outputs";

/** Page → worker. */
export type KernelRequest =
  /** `notebook` is the lesson slug, sent with every request so LLM calls land in that notebook's trace. */
  | { type: "init"; origin: string; maxOutputBytes: number; notebook: string }
  | { type: "run"; runId: number; cellId: string; kind: "ts" | "js"; code: string };

/** Worker → page. The page validates every message before acting on it. */
export const kernelEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("output"), runId: z.number().int(), output: cellOutput }),
  z.object({ type: z.literal("done"), runId: z.number().int(), ok: z.boolean() }),
]);
export type KernelEvent = z.infer<typeof kernelEvent>;
