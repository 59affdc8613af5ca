import type { BaseMessage } from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { countTokens } from "@/lib/chunking/tokens";
import { messageText } from "@/lib/llm/trace";

/** Chat formats add a few tokens per message for its role and delimiters. */
const PER_MESSAGE = 4;

/** A chat request's prompt tokens by the lab's tokenizer: messages, plus each tool's name and description. */
export function promptTokens(messages: BaseMessage[], tools: StructuredToolInterface[] = []): number {
  const texts = [...messages.map(messageText), ...tools.map((t) => `${t.name} ${t.description}`)];
  return texts.reduce((sum, text) => sum + countTokens(text) + PER_MESSAGE, 0);
}

/** What a reply cost: the server's usage when it reported one, else the prompt plus the reply (none: nothing came back) counted here. */
export function replyTokens(reply: (BaseMessage & { usage_metadata?: { input_tokens: number; output_tokens: number } }) | undefined, prompt: number): number {
  const usage = reply?.usage_metadata;
  if (usage) return usage.input_tokens + usage.output_tokens;
  return prompt + (reply ? countTokens(messageText(reply)) : 0);
}
