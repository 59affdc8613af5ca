import { z } from "zod";
import { cellOutput } from "./outputs";

/** Page → worker. */
export type KernelRequest =
  | { type: "init"; origin: string; maxOutputBytes: number }
  | { type: "run"; runId: number; cellId: string; kind: "ts" | "js"; code: string };

/** Worker → page. The page validates every message before acting on it. */
export const kernelEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("output"), runId: z.number().int(), output: cellOutput }),
  z.object({ type: z.literal("done"), runId: z.number().int(), ok: z.boolean() }),
]);
export type KernelEvent = z.infer<typeof kernelEvent>;
