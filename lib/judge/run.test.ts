import { describe, expect, it } from "vitest";
import { MemoryJudgeCache } from "./cache";
import { answerRelevancyJudge } from "./metrics/answer-relevancy";
import { rubricJudge } from "./metrics/rubric-judge";
import { STYLE_RUBRIC } from "./rubric";
import { runJudgements, type JudgeOutcome } from "./run";
import { fakeJudgeModel } from "@/lib/testing/fake-chat-model";
import type { RagSample } from "./types";
import type { LlmTraceEntry } from "../db/app-db";
import { withLlmTrace } from "../llm/trace";

const sample: RagSample = {
  question: "Why do chunks overlap?",
  answer: "So a sentence cut at a boundary still appears whole in one chunk.",
  contexts: ["Overlap repeats the end of one chunk at the start of the next."],
};
const items = [{ id: "q1", input: sample }];
const rating = (score: unknown) => JSON.stringify({ score, reason: "Short and kind." });

function only<D>(outcomes: JudgeOutcome<D>[]): JudgeOutcome<D> {
  expect(outcomes).toHaveLength(1);
  return outcomes[0];
}

describe("runJudgements with scripted fake chat models", () => {
  it("scores a valid reply", async () => {
    const { model, fake } = fakeJudgeModel([rating(4)]);
    const run = await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model });

    expect(only(run.items[0].outcomes)).toEqual({
      status: "ok",
      repeat: 0,
      score: 4,
      details: { reason: "Short and kind." },
      calls: 1,
      inputTokens: 0,
      outputTokens: 0,
      cached: false,
    });
    expect(run).toMatchObject({ judge: "rubric:style", scale: { min: 1, max: 5 }, counts: { ok: 1, failed: {}, skipped: {}, calls: 1 } });
    const prompt = fake.calls[0].messages[0].text;
    expect(prompt).toContain(sample.answer);
    expect(prompt).toContain(STYLE_RUBRIC.scores[5]);
    expect(prompt).toContain('"score": <a whole number from 1 to 5>');
  });

  it("retries an invalid reply with the validation error, then accepts the valid one", async () => {
    const { model, fake } = fakeJudgeModel([JSON.stringify({ score: "four", reason: "ok" }), rating(4)]);
    const run = await runJudgements(items, answerRelevancyJudge(), { model });

    expect(only(run.items[0].outcomes)).toMatchObject({ status: "ok", score: 4, calls: 2 });
    const retry = fake.calls[1].messages;
    expect(retry.map((m) => m.type)).toEqual(["human", "ai", "human"]);
    expect(retry[1].text).toContain('"four"');
    expect(retry[2].text).toMatch(/expected number, received string/);
    expect(retry[2].text).toMatch(/→ at score/);
  });

  it("records a classified failure after the allowed retries of an always-invalid reply", async () => {
    const { model, fake } = fakeJudgeModel([JSON.stringify({ verdict: "good" })]);
    const run = await runJudgements(items, answerRelevancyJudge(), { model, formatRetries: 2 });

    const outcome = only(run.items[0].outcomes);
    expect(outcome).toMatchObject({ status: "failed", kind: "invalid", calls: 3 });
    expect(outcome.status === "failed" && outcome.message).toMatch(/after 3 attempts/);
    expect(fake.calls).toHaveLength(3);
    expect(run.counts).toMatchObject({ ok: 0, failed: { invalid: 1 }, skipped: {}, calls: 3 });
    expect(run.items[0].summary).toEqual({ n: 0, mean: null, std: null, ci: null });
  });

  it("classifies an out-of-range score instead of clamping it", async () => {
    const { model, fake } = fakeJudgeModel([rating(7)]);
    const run = await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, formatRetries: 1 });

    expect(only(run.items[0].outcomes)).toMatchObject({ status: "failed", kind: "out_of_range", calls: 2 });
    expect(fake.calls[1].messages[2].text).toContain("The score 7 is not a whole number from 1 to 5.");
    expect(run.counts.failed).toEqual({ out_of_range: 1 });
  });

  it("classifies prose instead of JSON as unparseable", async () => {
    const { model } = fakeJudgeModel(["This answer is friendly and short, I'd say a 4."]);
    const run = await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, formatRetries: 0 });
    const outcome = only(run.items[0].outcomes);
    expect(outcome).toMatchObject({ status: "failed", kind: "unparseable", calls: 1 });
    expect(outcome.status === "failed" && outcome.message).toContain("I'd say a 4");
  });

  it("summarizes varied scores across repeats", async () => {
    const { model } = fakeJudgeModel([rating(3), rating(4), rating(5), rating(4)]);
    const progress: number[] = [];
    const run = await runJudgements(items, rubricJudge(STYLE_RUBRIC), {
      model,
      repeats: 4,
      concurrency: 1,
      onProgress: ({ done, total }) => progress.push(done / total),
    });

    const outcomes = run.items[0].outcomes;
    expect(outcomes.map((o) => o.status === "ok" && o.score)).toEqual([3, 4, 5, 4]);
    expect(outcomes.map((o) => o.repeat)).toEqual([0, 1, 2, 3]);
    const { summary } = run.items[0];
    expect(summary.mean).toBe(4);
    expect(summary.std).toBeCloseTo(0.8165, 4);
    expect(summary.ci?.low).toBeCloseTo(2.7008, 4);
    expect(summary.ci?.high).toBeCloseTo(5.2992, 4);
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it("keeps repeats apart in the cache and re-runs at no cost", async () => {
    const cache = new MemoryJudgeCache();
    const first = fakeJudgeModel([rating(3), rating(5)]);
    await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model: first.model, repeats: 2, concurrency: 1, cache });
    expect(cache.size).toBe(2);

    const second = fakeJudgeModel([rating(1)]);
    const rerun = await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model: second.model, repeats: 2, cache });
    expect(second.fake.calls).toHaveLength(0);
    expect(rerun.items[0].outcomes.map((o) => o.status === "ok" && [o.score, o.cached])).toEqual([
      [3, true],
      [5, true],
    ]);
    expect(rerun.counts.calls).toBe(0);
  });

  it("logs every judgement to the LLM trace, with the judge, its passages, and cache hits", async () => {
    const cache = new MemoryJudgeCache();
    const trace: LlmTraceEntry[] = [];
    const judgeTwice = (replies: string[]) =>
      withLlmTrace(
        (e) => trace.push(e),
        () => {
          const { model } = fakeJudgeModel(replies);
          return runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, cache, contextOf: (s) => s.contexts });
        },
      );
    await judgeTwice([rating(4)]);
    await judgeTwice([]);
    expect(trace.map((e) => [e.source, e.cacheHit, e.output])).toEqual([
      ["judge:rubric:style", false, rating(4)],
      ["judge:rubric:style", true, rating(4)],
    ]);
    expect(trace[1]).toMatchObject({ context: sample.contexts, model: "fake/scripted-judge", latencyMs: 0 });
    expect(trace[1].prompt).toContain(sample.answer);
  });

  it("does not cache failures", async () => {
    const cache = new MemoryJudgeCache();
    const { model } = fakeJudgeModel(["no JSON here"]);
    await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, cache, formatRetries: 0 });
    expect(cache.size).toBe(0);
  });

  it("marks judgements as skipped when the run is cancelled", async () => {
    const { model, fake } = fakeJudgeModel([rating(4)]);
    const controller = new AbortController();
    controller.abort();
    const run = await runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, repeats: 3, signal: controller.signal });
    expect(run.counts).toEqual({ ok: 0, failed: {}, skipped: { cancelled: 3 }, calls: 0, inputTokens: 0, outputTokens: 0 });
    expect(fake.calls).toHaveLength(0);
  });

  it("rejects impossible settings with a clear message", async () => {
    const { model } = fakeJudgeModel([rating(4)]);
    await expect(runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, repeats: 0 })).rejects.toThrow(
      "repeats must be a whole number from 1 to 50; got 0.",
    );
    await expect(runJudgements(items, rubricJudge(STYLE_RUBRIC), { model, concurrency: 1.5 })).rejects.toThrow(/concurrency/);
  });
});
