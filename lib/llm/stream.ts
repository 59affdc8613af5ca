import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { AIMessageChunk } from "@langchain/core/messages";

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface StreamResult {
  text: string;
  /** Absent when the server does not report usage while streaming. */
  usage?: TokenUsage;
}

/**
 * Streams one reply, handing each piece of text to `onToken` as it arrives.
 * Not retried here: a retry after tokens were shown would repeat them.
 */
export async function streamChat(
  model: BaseChatModel,
  messages: BaseLanguageModelInput,
  options: { onToken?: (token: string) => void; signal?: AbortSignal } = {},
): Promise<StreamResult> {
  let reply: AIMessageChunk | undefined;
  for await (const chunk of await model.stream(messages, { signal: options.signal })) {
    if (chunk.text) options.onToken?.(chunk.text);
    reply = reply ? reply.concat(chunk) : chunk;
  }
  const usage = reply?.usage_metadata;
  return {
    text: reply?.text ?? "",
    usage: usage && {
      inputTokens: usage.input_tokens,
      outputTokens: usage.output_tokens,
      totalTokens: usage.total_tokens,
    },
  };
}
