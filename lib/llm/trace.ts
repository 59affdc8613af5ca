import { AsyncLocalStorage } from "node:async_hooks";
import type { BaseMessage } from "@langchain/core/messages";
import type { LlmTraceEntry } from "../db/app-db";
import { redactForLearner, redactSecrets } from "../errors/redact";

/**
 * The LLM trace log: every chat-model call made on behalf of a notebook is
 * written to that notebook's trace (the workshop's prompt-monitoring step).
 *
 * Where an entry goes is decided by an async-local scope rather than by
 * threading a logger through every caller: the route wrapper opens a scope
 * for requests that name their notebook, and everything that request starts
 * (streams, QA chains, judging jobs) inherits it. Calls outside any scope
 * (the CLI, tests) are not traced.
 */
/** Writes an entry; a promise it returns is not awaited (a failure is logged). */
export type TraceSink = (entry: LlmTraceEntry) => unknown;

/** Whose notebook a scope traces: plain data, so a job queued in the scope can carry it to whichever instance runs it. */
export interface TraceOrigin {
  learner: string;
  notebook: string;
}

interface TraceScope {
  sink?: TraceSink;
  origin?: TraceOrigin;
  /** What made the call: chat, rag, judge:faithfulness, ... */
  source: string;
  /** The retrieved passages the prompt was built from, when there were any. */
  context?: string[];
}

// One per process, on globalThis: Next bundles routes and instrumentation apart, and a job queued by a
// route is started by the job manager instrumentation opened, which must read the scope the route set.
const holder = globalThis as unknown as { __ragcampTraceScope?: AsyncLocalStorage<TraceScope> };
const storage = (holder.__ragcampTraceScope ??= new AsyncLocalStorage<TraceScope>());

/** Long prompts are kept in full up to this size; the trace keeps thousands of entries. */
const MAX_TEXT = 50_000;

/** Runs `fn` with LLM calls written to `sink`, labelled "chat" unless a nested `traceScope` says otherwise. */
export function withLlmTrace<T>(sink: TraceSink, fn: () => T, origin?: TraceOrigin): T {
  return storage.run({ sink, origin, source: "chat" }, fn);
}

/** Labels the LLM calls `fn` makes (e.g. "rag" with its retrieved passages); keeps the current sink. */
export function traceScope<T>(scope: { source: string; context?: string[] }, fn: () => T): T {
  const outer = storage.getStore();
  return storage.run({ sink: outer?.sink, origin: outer?.origin, source: scope.source, context: scope.context }, fn);
}

/** The notebook the current scope traces, if any. */
export function traceOrigin(): TraceOrigin | undefined {
  const origin = storage.getStore()?.origin;
  return origin && { ...origin };
}

/**
 * Logs a call answered without reaching a model (e.g. a cached judge reply),
 * so the trace shows every answer a learner saw. A no-op outside a scope.
 */
export function recordLlmCall(call: Pick<LlmTraceEntry, "model" | "prompt" | "output"> & Partial<LlmTraceEntry>): void {
  const scope = storage.getStore();
  if (!scope?.sink) return;
  write(scope.sink, {
    at: new Date().toISOString(),
    source: scope.source,
    context: scope.context,
    inputTokens: null,
    outputTokens: null,
    latencyMs: 0,
    cacheHit: true,
    ...call,
  });
}

/** Messages as `role: content` lines, the way the trace panel shows a prompt. */
export function renderPrompt(messages: BaseMessage[]): string {
  return messages.map((m) => `${roleOf(m)}: ${messageText(m)}`).join("\n\n");
}

/**
 * Starts the trace entry of one model call (lib/llm/call.ts, the only place
 * that calls a model). The scope is captured now, so the entry goes where the
 * call was made from; the returned function writes it when the call ends.
 * Undefined outside a scope.
 */
export function startTraceEntry(
  model: string,
  messages: BaseMessage[],
): ((result: Pick<LlmTraceEntry, "output" | "inputTokens" | "outputTokens" | "error">) => void) | undefined {
  const scope = storage.getStore();
  const sink = scope?.sink;
  if (!scope || !sink) return undefined;
  const started = performance.now();
  const at = new Date().toISOString();
  const prompt = renderPrompt(messages);
  return (result) =>
    write(sink, {
      at,
      source: scope.source,
      model,
      prompt,
      context: scope.context,
      latencyMs: Math.round(performance.now() - started),
      cacheHit: false,
      ...result,
    });
}

/**
 * A trace is a side channel: a failing sink is logged, never allowed to fail
 * the LLM call. The learner reads it, so secrets go (and server paths from errors).
 */
function write(sink: TraceSink, entry: LlmTraceEntry): void {
  const keep = (text: string) => redactSecrets(cap(text));
  const capped: LlmTraceEntry = { ...entry, prompt: keep(entry.prompt), output: keep(entry.output), context: entry.context?.map(keep) };
  if (capped.context === undefined) delete capped.context;
  if (capped.error === undefined) delete capped.error;
  else capped.error = redactForLearner(capped.error, "LLM trace error");
  try {
    const result: unknown = sink(capped);
    if (result instanceof Promise) result.catch((e: unknown) => console.error("LLM trace: could not record a call", e));
  } catch (e) {
    console.error("LLM trace: could not record a call", e);
  }
}

function cap(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}\n… [${text.length - MAX_TEXT} more characters not kept in the trace]`;
}

function roleOf(m: BaseMessage): string {
  const type = m.getType();
  return type === "human" ? "user" : type === "ai" ? "assistant" : type;
}

/** The message's text, plus any tool calls (an agent's routing step has no text at all). */
export function messageText(m: BaseMessage): string {
  const toolCalls = "tool_calls" in m && Array.isArray(m.tool_calls) && m.tool_calls.length > 0 ? m.tool_calls : null;
  const text = m.text;
  if (!toolCalls) return text;
  const calls = toolCalls.map((c: { name: string; args: unknown }) => `${c.name}(${JSON.stringify(c.args)})`).join(", ");
  return text ? `${text}\n[tool calls: ${calls}]` : `[tool calls: ${calls}]`;
}
