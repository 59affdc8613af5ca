import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LlmTraceEntry } from "../db/app-db";
import { chatModelId, createChatModel } from "./chat-model";
import { callChat } from "./call";
import { startOpenAITestServer, type OpenAITestServer } from "@/lib/testing/openai-test-server";
import { recordLlmCall, traceScope, withLlmTrace } from "./trace";

describe("the LLM trace log", () => {
  let server: OpenAITestServer;
  const config = () => ({ baseUrl: server.baseUrl, model: "test-model" });
  beforeAll(async () => {
    server = await startOpenAITestServer();
  });
  afterAll(() => server.close());

  it("writes each call made inside a scope: prompt, output, tokens, latency, model", async () => {
    server.enqueue({ content: "Overlap keeps sentences whole." });
    const entries: LlmTraceEntry[] = [];
    const model = createChatModel(config());

    const reply = await withLlmTrace(
      (e) => entries.push(e),
      () => callChat(model, [new SystemMessage("Be brief."), new HumanMessage("Why overlap chunks?")]),
    );

    expect(reply.text).toBe("Overlap keeps sentences whole.");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      source: "chat",
      model: chatModelId(config()),
      prompt: "system: Be brief.\n\nuser: Why overlap chunks?",
      output: "Overlap keeps sentences whole.",
      inputTokens: expect.any(Number),
      outputTokens: expect.any(Number),
      cacheHit: false,
    });
    expect(entries[0].latencyMs).toBeGreaterThanOrEqual(0);
    expect(entries[0].error).toBeUndefined();
    expect(Date.parse(entries[0].at)).not.toBeNaN();
  });

  it("writes nothing outside a scope", async () => {
    server.enqueue({ content: "untraced" });
    const sink = vi.fn();
    // A scope elsewhere must not catch calls made outside it.
    await withLlmTrace(sink, async () => undefined);
    await callChat(createChatModel(config()), "hello");
    recordLlmCall({ model: "m", prompt: "p", output: "o" });
    expect(sink).not.toHaveBeenCalled();
  });

  it("labels streamed calls with the nested scope's source and context", async () => {
    server.enqueue({ content: "It answers from retrieved text [1]." });
    const entries: LlmTraceEntry[] = [];
    const model = createChatModel(config());

    await withLlmTrace(
      (e) => entries.push(e),
      () => traceScope({ source: "rag", context: ["[1] a passage"] }, () => callChat(model, [["user", "What is RAG?"]], { onToken: () => undefined })),
    );

    expect(entries).toEqual([
      expect.objectContaining({ source: "rag", context: ["[1] a passage"], prompt: "user: What is RAG?", output: "It answers from retrieved text [1]." }),
    ]);
    expect(entries[0].inputTokens).toBe(3);
  });

  it("logs cached replies with no latency, labelled by the scope", () => {
    const entries: LlmTraceEntry[] = [];
    withLlmTrace(
      (e) => entries.push(e),
      () => traceScope({ source: "judge:faithfulness" }, () => recordLlmCall({ model: "m", prompt: "p", output: "o" })),
    );
    expect(entries).toEqual([
      expect.objectContaining({ source: "judge:faithfulness", model: "m", cacheHit: true, latencyMs: 0, inputTokens: null, outputTokens: null }),
    ]);
  });

  it("records a failed call with its error", async () => {
    server.enqueue({ status: 400, message: "model crashed" });
    const entries: LlmTraceEntry[] = [];
    const model = createChatModel(config());

    await expect(withLlmTrace((e) => entries.push(e), () => callChat(model, "hello"))).rejects.toThrow();

    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ prompt: "user: hello", output: "", inputTokens: null, cacheHit: false });
    expect(entries[0].error).toMatch(/^invalid: .*model crashed/);
  });

  it("never lets a failing sink fail the call", async () => {
    server.enqueue({ content: "still here" });
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const reply = await withLlmTrace(
        () => {
          throw new Error("disk full");
        },
        () => callChat(createChatModel(config()), "hello"),
      );
      expect(reply.text).toBe("still here");
      expect(error).toHaveBeenCalled();
    } finally {
      error.mockRestore();
    }
  });

  it("keeps concurrent calls in their own scopes", async () => {
    server.enqueue({ content: "one", delayMs: 50 }, { content: "two" });
    const a: LlmTraceEntry[] = [];
    const b: LlmTraceEntry[] = [];
    const model = createChatModel(config());
    await Promise.all([
      withLlmTrace((e) => a.push(e), () => callChat(model, "first")),
      withLlmTrace((e) => b.push(e), () => callChat(model, "second")),
    ]);
    expect(a.map((e) => e.prompt)).toEqual(["user: first"]);
    expect(b.map((e) => e.prompt)).toEqual(["user: second"]);
  });
});
