import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import type { JudgeModel } from "../types";

/**
 * LangChain's scripted fake chat model, for tests only: it replies with the
 * given strings in turn (no model is involved) and records every
 * conversation it was sent, so tests can check what the judge was told.
 */
export class RecordingFakeChatModel extends FakeListChatModel {
  readonly conversations: BaseMessage[][] = [];

  override async _generate(
    messages: BaseMessage[],
    options?: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    this.conversations.push(messages);
    return super._generate(messages, options, runManager);
  }
}

export function fakeJudgeModel(responses: string[]): { model: JudgeModel; fake: RecordingFakeChatModel } {
  const fake = new RecordingFakeChatModel({ responses });
  return { fake, model: { chat: fake, id: "fake/scripted-judge", params: { temperature: 0 } } };
}
