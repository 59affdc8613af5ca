import { chatModelId, sharedChatModel, type ChatConfig } from "../llm/chat-model";
import type { JudgeModel } from "./types";

/** A judge model from chat configuration; its id and temperature key the judge cache. */
export function judgeModelFromConfig(config: ChatConfig): JudgeModel {
  return {
    chat: sharedChatModel(config),
    id: chatModelId(config),
    params: { temperature: config.temperature ?? null },
  };
}
