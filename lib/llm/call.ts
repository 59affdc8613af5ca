import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { type AIMessage, type AIMessageChunk, type BaseMessage, type BaseMessageLike, coerceMessageLikeToMessage } from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { LabError } from "../errors";
import { metered } from "../quotas/policy";
import { promptTokens, replyTokens } from "../quotas/tokens";
import { DEFAULT_LLM_MAX_TOKENS, DEFAULT_LLM_TIMEOUT_MS, modelSettings } from "./chat-model";
import { classifyLlmError, LlmCallError, traceError, type LlmFailure } from "./errors";
import { withRetry, type RetryOptions } from "./retry";
import { unlimitedSlots } from "./slots";
import { messageText, startTraceEntry } from "./trace";

export type ChatReply = AIMessage | AIMessageChunk;

export interface ChatCallOptions {
  /** The caller going away (a hung-up client, Stop, a cancelled job) aborts the call and frees its slot. */
  signal?: AbortSignal;
  /** Streams the reply, handing each piece of text over as it arrives. */
  onToken?: (text: string) => void;
  /** Tools the model may call (native tool calling). */
  tools?: StructuredToolInterface[];
  /** Called as each attempt starts (retries included), for callers that report what a result cost. */
  onAttempt?: () => void;
  /** Back-off settings (tests shorten them); the limits per class are withRetry's. */
  retry?: Omit<RetryOptions, "signal">;
}

/**
 * The one path every chat-model call in the lab takes: a slot under the
 * shared cap, the learner's quota (lib/quotas: reserved once the slot is
 * held, before anything is sent, so a call waiting in line holds none), a
 * time limit on silence from the server, retries of what may
 * pass (429 with its Retry-After, 5xx, one retry of a timeout), a check that
 * the reply was not cut off, and one trace entry per attempt with the
 * failure's class. Failures are LlmCallErrors (LabErrors with the class as
 * code); a caller's abort is rethrown as its reason.
 */
export async function callChat(model: BaseChatModel, input: string | BaseMessageLike[], options: ChatCallOptions = {}): Promise<ChatReply> {
  const settings = modelSettings(model) ?? { id: model._llmType(), timeoutMs: DEFAULT_LLM_TIMEOUT_MS, slots: unlimitedSlots, maxTokens: DEFAULT_LLM_MAX_TOKENS };
  const messages: BaseMessage[] = typeof input === "string" ? [coerceMessageLikeToMessage(["user", input])] : input.map(coerceMessageLikeToMessage);
  const runnable = options.tools ? bindTools(model, options.tools) : model;
  const { signal, onToken } = options;
  // A learner's quota holds the prompt plus the reply's limit until the call reports what it used.
  const cost = { prompt: promptTokens(messages, options.tools), maxOutput: settings.maxTokens };
  // Once text was shown, a retry would show it twice: the failure is final.
  let shown = false;

  return withRetry(async () => {
    const release = await settings.slots.acquire(signal);
    options.onAttempt?.();
    const trace = startTraceEntry(settings.id, messages);
    const silence = silenceTimer(settings.timeoutMs);
    const callSignal = signal ? AbortSignal.any([signal, silence.signal]) : silence.signal;
    try {
      let joined: AIMessageChunk | undefined;
      const send = async (): Promise<ChatReply | undefined> => {
        if (!onToken) return runnable.invoke(messages, { signal: callSignal });
        for await (const chunk of await runnable.stream(messages, { signal: callSignal })) {
          silence.restart();
          if (chunk.text) {
            shown = true;
            onToken(chunk.text);
          }
          joined = joined ? joined.concat(chunk) : chunk;
        }
        return joined;
      };
      // A stream that failed or was stopped part-way is charged what it sent so far too.
      const reply = await metered(cost, send, (r) => replyTokens(r ?? joined, cost.prompt));
      if (!reply) throw new LlmCallError({ kind: "unparseable", retryable: true, message: "The model server's reply held no message." });
      const usage = reply.usage_metadata;
      const cutOff = reply.response_metadata?.finish_reason === "length";
      trace?.({
        output: messageText(reply),
        inputTokens: usage?.input_tokens ?? null,
        outputTokens: usage?.output_tokens ?? null,
        ...(cutOff ? { error: traceError(TRUNCATED) } : {}),
      });
      if (cutOff) throw new LlmCallError(TRUNCATED);
      return reply;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure: LlmFailure | undefined = silence.fired ? timedOut(settings.timeoutMs) : classifyLlmError(error);
      if (!failure) throw error;
      if (!(error instanceof LlmCallError && error.failure === TRUNCATED)) trace?.({ output: "", inputTokens: null, outputTokens: null, error: traceError(failure) });
      throw new LlmCallError(shown ? { ...failure, retryable: false } : failure);
    } finally {
      silence.stop();
      release();
    }
  }, { ...options.retry, signal });
}

const TRUNCATED: LlmFailure = {
  kind: "truncated",
  retryable: false,
  message: "The model's reply was cut off at its token limit (finish_reason \"length\"), so it was not used. Ask for a shorter reply or raise the model's output limit.",
};

function timedOut(timeoutMs: number): LlmFailure {
  return {
    kind: "timeout",
    retryable: true,
    message: `The model server sent nothing for ${timeoutMs / 1000} s (RAGCAMP_LLM_TIMEOUT_MS=${timeoutMs}). A slow local model may need a larger RAGCAMP_LLM_TIMEOUT_MS.`,
  };
}

function bindTools(model: BaseChatModel, tools: StructuredToolInterface[]) {
  if (!model.bindTools) throw new LabError("refused", "The configured chat model cannot call tools, which the agent needs.");
  return model.bindTools(tools);
}

/** Aborts when the server has been silent for `ms`: before the reply starts, or between streamed pieces. */
function silenceTimer(ms: number) {
  const controller = new AbortController();
  let fired = false;
  const arm = () =>
    setTimeout(() => {
      fired = true;
      controller.abort(new DOMException("The model server went silent", "TimeoutError"));
    }, ms);
  let timer = arm();
  return {
    signal: controller.signal,
    get fired() {
      return fired;
    },
    restart() {
      clearTimeout(timer);
      timer = arm();
    },
    stop: () => clearTimeout(timer),
  };
}
