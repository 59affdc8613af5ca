import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAITestServer, type OpenAITestServer, type ScriptedReply } from "@/lib/testing/openai-test-server";
import { MemoryJudgeCache } from "./cache";
import { rubricJudge } from "./metrics/rubric-judge";
import { judgeModelFromConfig } from "./model";
import { STYLE_RUBRIC } from "./rubric";
import { runJudgements } from "./run";

/** The whole path over the OpenAI wire format, against the local scripted test server. */
describe("a judge run against the local chat-completions test server", () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer([
      { status: 429, retryAfterS: 1 },
      { content: '```json\n{"score": 5, "reason": "Warm, plain and brief."}\n```' },
    ]);
  });
  afterAll(() => server.close());

  it("waits out a 429, scores the reply, and serves the re-run from the cache", async () => {
    const model = judgeModelFromConfig({ baseUrl: server.baseUrl, apiKey: "sk-judge-key-123456", model: "judge-model", temperature: 0 });
    const cache = new MemoryJudgeCache();
    const items = [
      {
        id: "overlap",
        input: {
          question: "Why do chunks overlap?",
          answer: "So a sentence split at a chunk boundary still shows up whole somewhere. Handy!",
          contexts: [],
        },
      },
    ];

    const run = await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, cache, retry: { baseDelayMs: 10 } });

    // The test server counts word-sized tokens and reports them as usage, as real servers do.
    const words = (text: string) => text.match(/\s*\S+\s*/g)?.length ?? 0;
    const inputTokens = words(String(server.requests[1].body?.messages[0].content));
    const outputTokens = words('```json\n{"score": 5, "reason": "Warm, plain and brief."}\n```');
    expect(run.items[0].outcomes).toEqual([
      { status: "ok", repeat: 0, score: 5, details: { reason: "Warm, plain and brief." }, calls: 2, inputTokens, outputTokens, cached: false },
    ]);
    expect(run.counts).toEqual({ ok: 1, failed: {}, skipped: {}, calls: 2, inputTokens, outputTokens });
    expect(run.modelId).toBe(`openai@${new URL(server.baseUrl).host}/judge-model`);
    expect(server.requests).toHaveLength(2);
    const sent = server.requests[1];
    expect(sent.authorization).toBe("Bearer sk-judge-key-123456");
    expect(sent.body).toMatchObject({ model: "judge-model", temperature: 0 });
    expect(sent.body?.messages).toHaveLength(1);
    expect(sent.body?.messages[0].content).toContain(STYLE_RUBRIC.criterion);

    const rerun = await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, cache });
    expect(rerun.items[0].outcomes[0]).toMatchObject({ status: "ok", score: 5, cached: true, calls: 0 });
    expect(server.requests).toHaveLength(2);
  });

  it("records a server that keeps failing as a classified failure", async () => {
    server.enqueue({ status: 500 }, { status: 500 });
    const model = judgeModelFromConfig({ baseUrl: server.baseUrl, model: "judge-model" });
    const run = await runJudgements(
      [{ id: "q", input: { question: "q", answer: "a", contexts: [] } }],
      rubricJudge(STYLE_RUBRIC),
      { model, retry: { retries: 1, baseDelayMs: 1 } },
    );
    expect(run.items[0].outcomes[0]).toMatchObject({ status: "failed", kind: "server_error", calls: 2 });
    expect(run.counts.failed).toEqual({ server_error: 1 });
  });

  it("finishes the good items of a run while others get prose, out-of-range scores, cut-off replies or no reply in time", async () => {
    const replies: Record<string, ScriptedReply> = {
      good: { content: '{"score": 4, "reason": "Friendly."}' },
      prose: { content: "I would say this answer is quite good overall." },
      range: { content: '{"score": 7, "reason": "Excellent!"}' },
      cut: { truncated: true },
      slow: { delayMs: 2_000 },
    };
    const llm = await startOpenAITestServer([], {
      respond: (request) => {
        const prompt = request.messages.map((m) => String(m.content)).join("\n");
        return replies[Object.keys(replies).find((id) => prompt.includes(`Answer: answer-${id}`)) ?? "good"];
      },
    });
    try {
      const model = judgeModelFromConfig({ baseUrl: llm.baseUrl, model: "judge-model", timeoutMs: 500 });
      const items = Object.keys(replies).map((id) => ({ id, input: { question: "q", answer: `answer-${id}`, contexts: [] } }));
      const run = await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, formatRetries: 1, retry: { retries: 0 } });
      const outcome = (id: string) => run.items.find((i) => i.id === id)?.outcomes[0];
      expect(outcome("good")).toMatchObject({ status: "ok", score: 4 });
      expect(outcome("prose")).toMatchObject({ status: "failed", kind: "unparseable", calls: 2 });
      expect(outcome("range")).toMatchObject({ status: "failed", kind: "out_of_range", calls: 2 });
      expect(outcome("cut")).toMatchObject({ status: "failed", kind: "unparseable", calls: 1 });
      expect(outcome("slow")).toMatchObject({ status: "failed", kind: "timeout", calls: 1 });
      expect(run.counts).toMatchObject({ ok: 1, failed: { unparseable: 2, out_of_range: 1, timeout: 1 } });
    } finally {
      await llm.close();
    }
  });
});
