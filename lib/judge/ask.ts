import { AIMessage, HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { callChat } from "../llm/call";
import { LlmCallError } from "../llm/errors";
import type { RetryOptions } from "../llm/retry";
import { recordLlmCall, renderPrompt } from "../llm/trace";
import { judgeCacheKey, type JudgeCache } from "./cache";
import { readReply } from "./reply";
import { JudgeFailure, type Ask, type JudgeModel, type JudgeRequest } from "./types";

export interface AskOptions {
  model: JudgeModel;
  repeat: number;
  cache?: JudgeCache;
  /** Extra attempts after a reply that is not usable JSON. */
  formatRetries: number;
  /** Transport retries (rate limits, 5xx, timeouts); the signal also cancels the call. */
  retry: RetryOptions;
  /** Shared by a run's judgements: once the model timed out (after its retry), the rest fail at once instead of each waiting out the limit. */
  stall?: { message?: string };
}

/** Counts model calls and tokens so a judgement can report what it cost (0 calls = all from cache). */
export interface AskTally {
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

const SNIPPET_CHARS = 120;

/**
 * Builds the `ask` a judge uses. Each request is looked up in the cache
 * first; otherwise the model is asked, and an unusable reply is answered
 * with what was wrong so the model can correct itself.
 */
export function createAsk(options: AskOptions, tally: AskTally): Ask {
  return async <T>(request: JudgeRequest<T>): Promise<T> => {
    const prompt = `${request.prompt}\n\n${request.format}`;
    const key = judgeCacheKey({ prompt, modelId: options.model.id, params: options.model.params, repeat: options.repeat });
    const cached = await options.cache?.get(key);
    if (cached) {
      const reread = readReply(cached.reply, request);
      if (reread.ok) {
        recordLlmCall({ model: options.model.id, prompt: renderPrompt([new HumanMessage(prompt)]), output: cached.reply });
        return reread.value;
      }
    }

    const conversation: BaseMessage[] = [new HumanMessage(prompt)];
    for (let attempt = 1; ; attempt++) {
      const text = await invoke(options, conversation, tally);
      const result = readReply(text, request);
      if (result.ok) {
        await options.cache?.set(key, { reply: text });
        return result.value;
      }
      if (attempt > options.formatRetries) {
        const snippet = text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
        const tries = `${attempt} ${attempt === 1 ? "attempt" : "attempts"}`;
        throw new JudgeFailure(
          result.kind,
          `No usable reply after ${tries}. ${result.message}\nLast reply: ${JSON.stringify(snippet)}`,
        );
      }
      conversation.push(
        new AIMessage(text),
        new HumanMessage(
          `That reply could not be used. ${result.message}\n\n` +
            "Answer again with only the JSON object described above, and no other text.",
        ),
      );
    }
  };
}

async function invoke(options: AskOptions, conversation: BaseMessage[], tally: AskTally): Promise<string> {
  if (options.stall?.message) throw new JudgeFailure("timeout", `Not asked: an earlier call of this run timed out. ${options.stall.message}`);
  try {
    const { signal, ...retry } = options.retry;
    const reply = await callChat(options.model.chat, conversation, { signal, retry, onAttempt: () => tally.calls++ });
    tally.inputTokens += reply.usage_metadata?.input_tokens ?? 0;
    tally.outputTokens += reply.usage_metadata?.output_tokens ?? 0;
    return reply.text;
  } catch (error) {
    if (error instanceof LlmCallError) {
      if (error.failure.kind === "timeout" && options.stall) options.stall.message = error.failure.message;
      throw new JudgeFailure(error.failure.kind, error.failure.message);
    }
    throw error;
  }
}
