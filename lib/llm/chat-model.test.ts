import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabError } from "../errors";
import { callChat } from "./call";
import {
  chatConfigFromEnv,
  chatModelId,
  createChatModel,
  HOW_TO_CONFIGURE,
  requireChatConfig,
  requireChatModel,
  sharedChatModel,
} from "./chat-model";
import { startOpenAITestServer, type OpenAITestServer } from "@/lib/testing/openai-test-server";

describe("chat model configuration", () => {
  it("is configured by a model name plus a key or a server URL", () => {
    expect(chatConfigFromEnv({ RAGCAMP_CHAT_MODEL: "gpt-4o-mini", OPENAI_API_KEY: "sk-x" })).toEqual({
      model: "gpt-4o-mini",
      apiKey: "sk-x",
      baseUrl: undefined,
    });
    expect(chatConfigFromEnv({ RAGCAMP_CHAT_MODEL: "llama3.2", OPENAI_BASE_URL: "http://localhost:11434/v1" })).toEqual({
      model: "llama3.2",
      apiKey: undefined,
      baseUrl: "http://localhost:11434/v1",
    });
    expect(chatConfigFromEnv({})).toBeNull();
    expect(chatConfigFromEnv({ OPENAI_API_KEY: "sk-x" })).toBeNull();
    expect(chatConfigFromEnv({ RAGCAMP_CHAT_MODEL: "gpt-4o-mini", OPENAI_API_KEY: " " })).toBeNull();
  });

  it("caps the calls in flight across every caller of one configuration, queueing the rest", async () => {
    const server = await startOpenAITestServer([], { respond: () => ({ content: "ok", delayMs: 50 }) });
    try {
      const config = chatConfigFromEnv({ RAGCAMP_CHAT_MODEL: "m", OPENAI_BASE_URL: server.baseUrl, RAGCAMP_LLM_CONCURRENCY: 2 });
      if (!config) throw new Error("expected a config");
      // Two routes (say, a judge job and a chat cell) asking for the model get the same one.
      const [a, b] = [sharedChatModel(config), sharedChatModel({ ...config })];
      expect(b).toBe(a);
      const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => callChat(i % 2 ? a : b, `question ${i}`)));
      expect(replies.map((r) => r.text)).toEqual(Array(6).fill("ok"));
      expect(server.maxInFlight).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("explains how to configure OpenAI, LM Studio and Ollama", () => {
    for (const words of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "RAGCAMP_CHAT_MODEL", "LM Studio", "Ollama", ":1234/v1", ":11434/v1"]) {
      expect(HOW_TO_CONFIGURE).toContain(words);
    }
  });

  it("says what is missing with a LabError('not_configured') when not configured", () => {
    const attempt = () => requireChatModel({ OPENAI_API_KEY: "sk-x" });
    expect(attempt).toThrow(LabError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ code: "not_configured", status: 503 });
      expect((error as Error).message).toMatch(/RAGCAMP_CHAT_MODEL is not set/);
      expect((error as Error).message).toContain(HOW_TO_CONFIGURE);
      expect((error as Error).message).not.toContain("sk-x");
    }
    expect(() => requireChatConfig({ RAGCAMP_CHAT_MODEL: "m" })).toThrow(/neither OPENAI_API_KEY nor OPENAI_BASE_URL/);
  });

  it("names a model by server and model, never by key", () => {
    expect(chatModelId({ model: "gpt-4o-mini", apiKey: "sk-secret" })).toBe("openai/gpt-4o-mini");
    expect(chatModelId({ model: "llama3.2", baseUrl: "http://localhost:11434/v1" })).toBe("openai@localhost:11434/llama3.2");
  });
});

describe("chat model against the local chat-completions test server", () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer([], { models: ["judge-model"] });
  });
  afterAll(() => server.close());

  it("sends the prompt, model, temperature and key, and returns the completion", async () => {
    server.enqueue({ content: "Paris is the capital of France." });
    const model = createChatModel({ baseUrl: server.baseUrl, apiKey: "sk-test-key", model: "judge-model", temperature: 0.2 });
    const reply = await model.invoke([new SystemMessage("Answer briefly."), new HumanMessage("Capital of France?")]);

    expect(reply.text).toBe("Paris is the capital of France.");
    expect(reply.usage_metadata).toMatchObject({ output_tokens: 6 });
    const request = server.requests.at(-1);
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      authorization: "Bearer sk-test-key",
      body: {
        model: "judge-model",
        temperature: 0.2,
        messages: [
          { role: "system", content: "Answer briefly." },
          { role: "user", content: "Capital of France?" },
        ],
      },
    });
  });

  it("talks to a keyless local server", async () => {
    server.enqueue({ content: "ok" });
    const model = createChatModel({ baseUrl: server.baseUrl, model: "judge-model" });
    expect((await model.invoke("ping")).text).toBe("ok");
  });

  it("lists its models like an OpenAI-compatible server", async () => {
    const listing = await (await fetch(`${server.baseUrl}/models`)).json();
    expect(listing).toMatchObject({ object: "list", data: [{ id: "judge-model", object: "model" }] });
  });
});
