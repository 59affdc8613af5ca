import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { callChat } from "@/lib/llm/call";

const PROMPT = `Rewrite the question below as a short search query for a library of talk transcripts.
Keep the names and technical terms, add the words a speaker would likely say when answering it, and drop filler.
Reply with the query only, on one line.

Question: `;

/**
 * A query-understanding hook for the grid: the chat model turns each question
 * into a search query. A failed call (a cut-off reply included) fails the
 * grid with its class rather than searching with half a reply.
 */
export function llmQueryRewriter(model: BaseChatModel): (question: string, signal?: AbortSignal) => Promise<string> {
  return async (question, signal) => {
    const reply = await callChat(model, PROMPT + question, { signal });
    const line = reply.text.split("\n").map((l) => l.trim()).find(Boolean);
    // A reply with no usable line falls back to the question itself.
    return line ? line.replace(/^["']|["']$/g, "") : question;
  };
}
