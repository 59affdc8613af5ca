import { test as base } from "@playwright/test";
import { startOpenAITestServer, type ChatCompletionRequest, type OpenAITestServer, type ScriptedReply } from "../../lib/testing/openai-test-server";
import { LabServer } from "./lab-server";
import { NotebookPage } from "./notebook-page";

/** A chat model for the lab: the local test server, with replies scripted by the test (`llm.enqueue`) or by `respond`. */
export type ChatModelOption = false | { respond?: (request: ChatCompletionRequest) => ScriptedReply };

type Fixtures = {
  serverEnv: Record<string, string>;
  chatModel: ChatModelOption;
  llm: OpenAITestServer;
  lab: LabServer;
  notebook: NotebookPage;
};

export const test = base.extend<Fixtures>({
  serverEnv: [{}, { option: true }],
  chatModel: [false, { option: true }],
  // Cheap enough to start for every test; the lab only talks to it when the test configures a chat model.
  llm: async ({ chatModel }, use) => {
    const server = await startOpenAITestServer([], { respond: chatModel ? chatModel.respond : undefined });
    await use(server);
    await server.close();
  },
  lab: async ({ serverEnv, chatModel, llm }, use) => {
    const server = new LabServer({ ...(chatModel ? { OPENAI_BASE_URL: llm.baseUrl, RAGCAMP_CHAT_MODEL: "test-model" } : {}), ...serverEnv });
    await server.start();
    await use(server);
    await server.dispose();
  },
  baseURL: async ({ lab }, use) => use(lab.url),
  notebook: async ({ page }, use) => use(new NotebookPage(page)),
});

export { expect } from "@playwright/test";
