/** The chat model and its trace log: the llm/chat and llm/trace routes. */
import { z } from "zod";
import { endpoint, labType, noInput, rawResponse } from "@/lib/api/endpoint";

export const chatMessageSchema = labType(
  "ChatMessage",
  z.strictObject({ role: z.enum(["system", "user", "assistant"]), content: z.string().max(100_000) }),
  "input",
);
export type ChatMessage = z.output<typeof chatMessageSchema>;

/** Which model would answer: 503 not_configured (with how to set one up) when there is none. */
export const chatModel = endpoint({ method: "GET", path: "/api/llm/chat", request: noInput, response: z.object({ model: z.string() }) });

/** A chat reply as the AI SDK's UI message stream (server-sent events); a failure part-way is an error part "code: message". */
export const chatStream = endpoint({
  method: "POST",
  path: "/api/llm/chat",
  request: z.strictObject({
    messages: z.array(chatMessageSchema).min(1).max(50),
    /** How the trace log labels this call (e.g. "rag"), and the passages its prompt was built from. */
    source: z.string().min(1).max(40).optional(),
    // As many passages as a search returns (k ≤ 100).
    context: z.array(z.string().max(20_000)).max(100).optional(),
  }),
  response: rawResponse,
  // Room for the prompt plus the passages it quotes, sent again for the trace.
  maxBytes: 800_000,
});

/** Lesson slugs, as the trace log accepts them. */
export const NOTEBOOK_SLUG = /^[a-z0-9-]{1,80}$/;
/** Calls kept per learner and notebook: enough for a lesson's worth of judging, small enough to page through. */
export const TRACE_KEEP = 2_000;

/** One LLM call as the trace log shows it; cached judge replies are logged too, with no latency. */
export const llmTraceEntrySchema = z.object({
  at: z.string(),
  /** What made the call: chat, rag, judge:faithfulness, qa:cypher, ... */
  source: z.string(),
  model: z.string(),
  prompt: z.string(),
  /** The retrieved passages the prompt was built from, when there were any. */
  context: z.array(z.string()).optional(),
  output: z.string(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  /** Wall time of the call, including any wait for a free slot under RAGCAMP_LLM_CONCURRENCY. */
  latencyMs: z.number(),
  cacheHit: z.boolean(),
  error: z.string().optional(),
});
export type LlmTraceEntry = z.output<typeof llmTraceEntrySchema>;

const notebookQuery = z.string().regex(NOTEBOOK_SLUG, "`notebook` must be a lesson slug (a-z, 0-9 and -, at most 80 characters)");
const limitError = `\`limit\` must be a whole number from 1 to ${TRACE_KEEP} (the trace keeps that many calls)`;

/**
 * The notebook's LLM calls, oldest first: `{entries, total}`, where `limit`
 * keeps only the newest (the panel polls); `format=jsonl` downloads all of
 * them as JSON lines, one call per line (a Response, not JSON).
 */
export const traceLog = endpoint({
  method: "GET",
  path: "/api/llm/trace",
  request: z.object({
    notebook: notebookQuery,
    // Digits only and capped, so "1e3", "10^20" or 99999999999999999999 is a 400, never an integer SQLite cannot bind.
    limit: z
      .string()
      .regex(/^\d{1,6}$/, limitError)
      .transform(Number)
      .pipe(z.number().min(1, limitError).max(TRACE_KEEP, limitError))
      .optional(),
    /** "jsonl": the whole log as a download; anything else, the JSON answer. */
    format: z.string().optional(),
  }),
  response: z.union([z.object({ entries: z.array(llmTraceEntrySchema.extend({ id: z.number() })), total: z.number() }), rawResponse]),
});

/** Empties the notebook's trace log. */
export const clearTrace = endpoint({ method: "DELETE", path: "/api/llm/trace", request: z.object({ notebook: notebookQuery }), response: z.object({ cleared: z.literal(true) }) });
