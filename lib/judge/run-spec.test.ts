import { FakeListChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import { MemoryJudgeCache } from "./cache";
import { judgeSpecSchema, type JudgeSpec } from "./contract";
import { JUDGE_PROMPTS, judgesFor, runJudges } from "./run-spec";
import { fakeJudgeModel } from "@/lib/testing/fake-chat-model";
import type { JudgeModel } from "./types";

const ctx = { signal: new AbortController().signal, progress: () => {} };
const runJudgeSpec = async (spec: JudgeSpec, model: JudgeModel, cache: MemoryJudgeCache, context: typeof ctx) => ({
  judges: await runJudges(spec, judgesFor(spec), spec.items ?? [], model, cache, context),
});
const item = { id: "q1", question: "What is RAG?", answer: "Retrieval then generation.", contexts: ["RAG retrieves text, then generates."] };

describe("runJudgeSpec", () => {
  it("scores each item N times, summarises with an interval, and re-runs from the cache", async () => {
    const replies = ['{"score": 4, "reason": "clear"}', '{"score": 5, "reason": "clear"}', '{"score": 4, "reason": "ok"}'];
    const fake = new FakeListChatModel({ responses: replies });
    const spec = judgeSpecSchema.parse({ judges: ["style"], items: [item], repeats: 3 });
    const cache = new MemoryJudgeCache();
    const first = await runJudgeSpec(spec, { chat: fake, id: "fake-judge" }, cache, ctx);
    const style = first.judges[0];
    expect(style.items[0]).toMatchObject({ n: 3, mean: 13 / 3, scores: [4, 5, 4] });
    expect(style.items[0].ci).not.toBeNull();
    expect(style.counts).toMatchObject({ ok: 3, calls: 3 });

    const again = await runJudgeSpec(spec, { chat: new FakeListChatModel({ responses: ["not used"] }), id: "fake-judge" }, cache, ctx);
    expect(again.judges[0].counts).toMatchObject({ ok: 3, calls: 0 });
    expect(again.judges[0].items[0].mean).toBe(13 / 3);
  });

  it("counts a judge that never answers in JSON as a failure, not a score", async () => {
    const fake = new FakeListChatModel({ responses: ["I think it is pretty good!"] });
    const spec = judgeSpecSchema.parse({ judges: ["style"], items: [item], repeats: 1 });
    const run = await runJudgeSpec(spec, { chat: fake, id: "fake-prose" }, new MemoryJudgeCache(), ctx);
    expect(run.judges[0].counts.ok).toBe(0);
    expect(run.judges[0].items[0].mean).toBeNull();
    expect(run.judges[0].items[0].failures[0]).toMatch(/unparseable/);
  });

  it("rejects a learner rubric without a description for every score", () => {
    const spec = judgeSpecSchema.parse({ items: [item], rubric: { name: "tone", criterion: "friendly", scores: { "1": "cold", "5": "warm" } } });
    return expect(runJudgeSpec(spec, { chat: new FakeListChatModel({ responses: ["{}"] }), id: "x" }, new MemoryJudgeCache(), ctx)).rejects.toThrow(/2/);
  });

  it("takes either answers or an experiment to answer, not both or neither", () => {
    expect(() => judgeSpecSchema.parse({ judges: ["style"] })).toThrow(/either items/);
    expect(() => judgeSpecSchema.parse({ items: [item], experiment: { id: "run-1" } })).toThrow(/either items/);
    expect(judgeSpecSchema.parse({ experiment: { id: "run-1", questions: 5 } }).experiment).toEqual({ id: "run-1", questions: 5 });
  });

  it("judges with the learner's replacement prompt, and names the template a bad replacement breaks", async () => {
    const { model, fake } = fakeJudgeModel(['{"score": 5, "reason": "on topic"}']);
    const mine = "Does this answer {answer} fit the question {question}? Be strict.";
    const spec = judgeSpecSchema.parse({ judges: ["relevancy"], items: [item], repeats: 1, templates: { relevancy: mine } });
    await runJudgeSpec(spec, model, new MemoryJudgeCache(), ctx);
    expect(fake.calls[0].messages[0].text).toContain(`Does this answer ${item.answer} fit the question ${item.question}? Be strict.`);

    const broken = judgeSpecSchema.parse({ judges: ["faithfulness"], items: [item], templates: { faithfulness_verdicts: "Check {claims}." } });
    expect(() => judgesFor(broken)).toThrow(/The faithfulness_verdicts template is missing the placeholder \{context\}/);
    expect(() => judgeSpecSchema.parse({ items: [item], templates: { faithfulnes: "x" } })).toThrow(/faithfulnes/);
  });

  it("lists every replaceable prompt with the placeholders it must keep", () => {
    expect(JUDGE_PROMPTS.map((p) => [p.name, p.required])).toEqual([
      ["faithfulness_claims", ["answer"]],
      ["faithfulness_verdicts", ["context", "claims"]],
      ["relevancy", ["question", "answer"]],
      ["context_precision", ["question", "reference", "context"]],
      ["context_recall", ["context", "reference"]],
      ["rubric", ["answer", "rubric"]],
    ]);
    for (const prompt of JUDGE_PROMPTS) for (const name of prompt.required) expect(prompt.template).toContain(`{${name}}`);
  });
});
