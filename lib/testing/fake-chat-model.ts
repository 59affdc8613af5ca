import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { JudgeModel } from "@/lib/judge/types";

type FakeChatCallOptions = BaseChatModelCallOptions & { tools?: BindToolsInput[] };

export interface FakeChatCall {
  messages: BaseMessage[];
  /** Names of the tools bound for this call. */
  tools: string[];
}

export type FakeChatReply = AIMessage | string;

/**
 * A fake chat model for tests (no model is involved). It answers from a
 * script: a list of replies taken in turn, starting over when it runs out as
 * LangChain's FakeListChatModel does, or a function of the call, which can
 * answer with tool calls. Every call is recorded, so a test can check what
 * the model was told.
 */
export class FakeChatModel extends BaseChatModel<FakeChatCallOptions> {
  readonly calls: FakeChatCall[] = [];

  constructor(private readonly script: FakeChatReply[] | ((call: FakeChatCall) => FakeChatReply)) {
    super({});
  }

  _llmType(): string {
    return "fake-chat";
  }

  bindTools(tools: BindToolsInput[]) {
    return this.withConfig({ tools });
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const tools = (options.tools ?? []).map((t) => ("name" in t && typeof t.name === "string" ? t.name : "?"));
    const call = { messages, tools };
    const out = typeof this.script === "function" ? this.script(call) : this.script[this.calls.length % this.script.length];
    this.calls.push(call);
    const message = typeof out === "string" ? new AIMessage(out) : out;
    return { generations: [{ message, text: message.text }] };
  }
}

/** The fake as a judge, replying with `responses` in turn. */
export function fakeJudgeModel(responses: string[]): { model: JudgeModel; fake: FakeChatModel } {
  const fake = new FakeChatModel(responses);
  return { fake, model: { chat: fake, id: "fake/scripted-judge", params: { temperature: 0 } } };
}
