import { describe, expect, it } from "vitest";
import { runJudgements } from "../run";
import { fakeJudgeModel } from "@/lib/testing/fake-chat-model";
import type { Judge, RagSample } from "../types";
import { contextPrecisionJudge, meanPrecisionAtRelevant } from "./context-precision";
import { contextRecallJudge } from "./context-recall";
import { faithfulnessJudge } from "./faithfulness";

const sample: RagSample = {
  question: "Where is the Eiffel Tower and how tall is it?",
  answer: "The Eiffel Tower is in Paris. It is 330 m tall. It was built in 1850.",
  contexts: [
    "The Eiffel Tower stands on the Champ de Mars in Paris.",
    "Lyon is known for its cuisine.",
    "The tower is 330 metres tall and was completed in 1889.",
  ],
  reference: "The Eiffel Tower is in Paris and is 330 metres tall.",
};

async function judgeOnce<D>(judge: Judge<RagSample, D>, replies: unknown[], input: RagSample = sample) {
  const { model, fake } = fakeJudgeModel(replies.map((r) => JSON.stringify(r)));
  const run = await runJudgements([{ id: "s1", input }], judge, { model });
  return { outcome: run.items[0].outcomes[0], fake };
}

describe("faithfulness (Ragas: supported claims / claims)", () => {
  it("extracts claims, then judges each against the context", async () => {
    const { outcome, fake } = await judgeOnce(faithfulnessJudge(), [
      { claims: ["The Eiffel Tower is in Paris.", "The Eiffel Tower is 330 m tall.", "The Eiffel Tower was built in 1850."] },
      {
        verdicts: [
          { supported: true, reason: "Passage 1 says so." },
          { supported: true, reason: "Passage 3 says so." },
          { supported: false, reason: "Passage 3 says 1889." },
        ],
      },
    ]);
    expect(outcome).toMatchObject({ status: "ok", calls: 2 });
    expect(outcome.status === "ok" && outcome.score).toBeCloseTo(2 / 3, 12);
    expect(outcome.status === "ok" && outcome.details.claims[2]).toEqual({
      claim: "The Eiffel Tower was built in 1850.",
      supported: false,
      reason: "Passage 3 says 1889.",
    });
    const verdictPrompt = fake.calls[1].messages[0].text;
    expect(verdictPrompt).toContain("[3] The tower is 330 metres tall");
    expect(verdictPrompt).toContain("3. The Eiffel Tower was built in 1850.");
  });

  it("rejects a verdict list that does not match the claims", async () => {
    const { model } = fakeJudgeModel([
      JSON.stringify({ claims: ["A.", "B."] }),
      JSON.stringify({ verdicts: [{ supported: true, reason: "r" }] }),
    ]);
    const run = await runJudgements([{ id: "s1", input: sample }], faithfulnessJudge(), { model, formatRetries: 0 });
    expect(run.items[0].outcomes[0]).toMatchObject({ status: "failed", kind: "invalid" });
  });

  it("skips an answer with no claims rather than inventing a score", async () => {
    const { outcome } = await judgeOnce(faithfulnessJudge(), [{ claims: [] }]);
    expect(outcome).toMatchObject({ status: "skipped", reason: "not_applicable" });
  });
});

describe("context precision (Ragas: mean precision@k over relevant ranks)", () => {
  it("computes hand-worked examples", () => {
    expect(meanPrecisionAtRelevant([true, false, true])).toBeCloseTo((1 / 1 + 2 / 3) / 2, 12);
    expect(meanPrecisionAtRelevant([false, false, true, true, false])).toBeCloseTo((1 / 3 + 2 / 4) / 2, 12);
    expect(meanPrecisionAtRelevant([false, false])).toBe(0);
  });

  it("judges each passage in rank order", async () => {
    const { outcome, fake } = await judgeOnce(contextPrecisionJudge(), [
      { relevant: true, reason: "Says Paris." },
      { relevant: false, reason: "About Lyon." },
      { relevant: true, reason: "Gives the height." },
    ]);
    expect(outcome.status === "ok" && outcome.score).toBeCloseTo(5 / 6, 12);
    expect(outcome.status === "ok" && outcome.details.passages.map((p) => p.rank)).toEqual([1, 2, 3]);
    expect(fake.calls.map((c) => c.messages[0].text.includes(sample.contexts[1]))).toEqual([false, true, false]);
  });

  it("needs a reference answer", async () => {
    const { outcome } = await judgeOnce(contextPrecisionJudge(), [], { ...sample, reference: undefined });
    expect(outcome).toMatchObject({ status: "skipped", reason: "not_applicable", calls: 0 });
  });
});

describe("context recall (Ragas: attributable reference statements / statements)", () => {
  it("scores the share of reference statements found in the context", async () => {
    const { outcome } = await judgeOnce(contextRecallJudge(), [
      {
        statements: [
          { statement: "The Eiffel Tower is in Paris.", attributed: true, reason: "Passage 1." },
          { statement: "It is 330 metres tall.", attributed: true, reason: "Passage 3." },
          { statement: "It is painted bronze.", attributed: false, reason: "Not mentioned." },
        ],
      },
    ]);
    expect(outcome.status === "ok" && outcome.score).toBeCloseTo(2 / 3, 12);
  });

  it("skips an empty statement list rather than dividing by zero", async () => {
    const { outcome } = await judgeOnce(contextRecallJudge(), [{ statements: [] }]);
    expect(outcome).toMatchObject({ status: "skipped", reason: "not_applicable" });
  });
});
