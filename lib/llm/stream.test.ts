import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatModel } from "./chat-model";
import { streamChat } from "./stream";
import { startOpenAITestServer, type OpenAITestServer } from "./testing/openai-test-server";

describe("streamChat", () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer();
  });
  afterAll(() => server.close());

  it("hands over the reply token by token and reports usage", async () => {
    server.enqueue({ content: "Chunks overlap so that sentences survive." });
    const model = createChatModel({ baseUrl: server.baseUrl, model: "test-model" });
    const tokens: string[] = [];

    const result = await streamChat(model, "Why overlap chunks?", { onToken: (t) => tokens.push(t) });

    expect(tokens).toEqual(["Chunks ", "overlap ", "so ", "that ", "sentences ", "survive."]);
    expect(result.text).toBe("Chunks overlap so that sentences survive.");
    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: 6, totalTokens: 9 });
    expect(server.requests.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("stops when the caller aborts", async () => {
    server.enqueue({ content: "too late", delayMs: 5_000 });
    const model = createChatModel({ baseUrl: server.baseUrl, model: "test-model" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(streamChat(model, "hello", { signal: controller.signal })).rejects.toThrow(/abort/i);
  });
});
