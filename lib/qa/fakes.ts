/**
 * Test doubles for the QA code. Nothing here is a model: the embedder is a
 * hashed bag of words and the chat models say what a test scripts.
 */
import { Embeddings } from "@langchain/core/embeddings";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import type { Embedder } from "@/lib/embeddings";

const STOPWORDS = new Set(
  "the and are for how many which what who its their there about have has that this from with into name description status"
    .split(" "),
);

/**
 * Words longer than two letters, minus stopwords, cut to five letters: a crude
 * stemmer, so "optimization", "optimizing" and "Optimize" are one term.
 */
function terms(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w)).map((w) => w.slice(0, 5));
}

/** FNV-1a, so a term lands in the same dimension in every run. */
function bucket(term: string, dimension: number): number {
  let h = 0x811c9dc5;
  for (const ch of term) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  return (h >>> 0) % dimension;
}

/** A fake embedding model: texts sharing terms are near, so retrieval in tests means something. */
export class FakeBagOfWordsEmbeddings extends Embeddings {
  constructor(readonly dimension: number) {
    super({});
  }

  vector(text: string): number[] {
    const v = new Array<number>(this.dimension).fill(0);
    for (const term of terms(text)) v[bucket(term, this.dimension)] += 1;
    // A text with no terms still needs a direction: stores refuse zero vectors.
    if (!v.some((x) => x !== 0)) v[0] = 1;
    return v;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.vector(text);
  }
}

export function fakeEmbedder(dimension = 256): Embedder {
  return {
    id: `fake/bag-of-words-${dimension}`,
    dimension,
    maxTokens: 512,
    embeddings: new FakeBagOfWordsEmbeddings(dimension),
    close: async () => {},
  };
}

/** LangChain's FakeListChatModel, replying in turn, with the prompts it received kept for assertions. */
export function recordingListModel(responses: string[]): { model: FakeListChatModel; prompts: BaseMessage[][] } {
  const prompts: BaseMessage[][] = [];
  const model = new FakeListChatModel({
    responses,
    callbacks: [{ handleChatModelStart: (_llm, messages) => void prompts.push(...messages) }],
  });
  return { model, prompts };
}

type ScriptedCallOptions = BaseChatModelCallOptions & { tools?: BindToolsInput[] };

export interface ScriptedCall {
  messages: BaseMessage[];
  /** Names of the tools bound for this call. */
  tools: string[];
}

/**
 * A fake chat model that can call tools, which LangChain's fakes cannot do
 * in sequence: `reply` decides each answer from the prompt and the bound tools.
 */
export class ScriptedChatModel extends BaseChatModel<ScriptedCallOptions> {
  readonly calls: ScriptedCall[] = [];

  constructor(private readonly reply: (call: ScriptedCall) => AIMessage | string) {
    super({});
  }

  _llmType(): string {
    return "scripted-fake";
  }

  bindTools(tools: BindToolsInput[]) {
    return this.withConfig({ tools });
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const tools = (options.tools ?? []).map((t) => ("name" in t && typeof t.name === "string" ? t.name : "?"));
    const call = { messages, tools };
    this.calls.push(call);
    const out = this.reply(call);
    const message = typeof out === "string" ? new AIMessage(out) : out;
    return { generations: [{ message, text: message.text }] };
  }
}
