import { describe, expect, it } from "vitest";
import { cellOutput } from "@/lib/kernel/outputs";
import { agreementOf, claimsReviewOutput, labelFor, oppositeLabel, reviewKey, type ReviewableRun } from "./reviews";

const review = (learnerLabel: string, judgeLabel: string, i: number) => ({ key: `run|q${i}|0`, claim: `claim ${i}`, learnerLabel, judgeLabel, updatedAt: "2025-01-01T00:00:00.000Z" });
const many = (learner: string, judge: string, times: number, from = 0) => Array.from({ length: times }, (_, i) => review(learner, judge, from + i));

const claim = (text: string, supported: boolean) => ({ claim: text, supported, reason: `because ${text}` });

function run(overrides: Partial<ReviewableRun> = {}): ReviewableRun {
  return {
    id: "judge-run-1",
    samples: [
      { id: "q1", question: "What is RAG?", answer: "Retrieval-augmented generation. It was invented in 2020.", contexts: ["RAG stands for retrieval-augmented generation."] },
      { id: "q2", question: "Who?", answer: "Nobody." },
      { id: "q3", question: "Why?", answer: "Because." },
    ],
    judges: [
      { judge: "relevancy", items: [{ id: "q1", details: [{ score: 5 }] }] },
      {
        judge: "faithfulness",
        items: [
          { id: "q1", details: [{ claims: [claim("RAG is retrieval-augmented generation", true), claim("RAG was invented in 2020", false)] }, { claims: [] }] },
          // every repeat failed: no details
          { id: "q2", details: [] },
          // no factual claims
          { id: "q3", details: [{ claims: [] }] },
        ],
      },
    ],
    ...overrides,
  };
}

describe("reviewKey and labels", () => {
  it("keys a review by run, item and claim index", () => {
    expect(reviewKey("run-7", "q3", 2)).toBe("run-7|q3|2");
  });
  it("maps verdicts to labels and overruling to the opposite label", () => {
    expect(labelFor(true)).toBe("supported");
    expect(oppositeLabel(labelFor(true))).toBe("unsupported");
    expect(oppositeLabel("unsupported")).toBe("supported");
  });
});

describe("agreementOf", () => {
  it("is Cohen's kappa over (learner, judge) labels", () => {
    // 10 claims: both supported 6, learner unsupported / judge supported 2, both unsupported 2.
    // p_o = 0.8; learner S 6 U 4, judge S 8 U 2: p_e = 0.6*0.8 + 0.4*0.2 = 0.56; kappa = 0.24/0.44
    const result = agreementOf([...many("supported", "supported", 6), ...many("unsupported", "supported", 2, 6), ...many("unsupported", "unsupported", 2, 8)]);
    expect(result).toMatchObject({ observed: 0.8, n: 10 });
    if (result.kappa === null) throw new Error("kappa should be defined");
    expect(result.expected).toBeCloseTo(0.56, 12);
    expect(result.kappa).toBeCloseTo(0.24 / 0.44, 12);
  });

  it("is undefined, with a reason, with no reviews or when learner and judge used one label throughout", () => {
    expect(agreementOf([])).toMatchObject({ kappa: null, n: 0, reason: expect.any(String) });
    const same = agreementOf(many("supported", "supported", 4));
    expect(same).toMatchObject({ kappa: null, n: 4, reason: expect.stringContaining("supported") });
  });

  it("is defined (zero) when the learner always overrules a constant judge", () => {
    expect(agreementOf(many("unsupported", "supported", 3))).toMatchObject({ kappa: 0, observed: 0, n: 3 });
  });
});

describe("claimsReviewOutput", () => {
  it("builds the claims view from the faithfulness judge, skipping items without claims", () => {
    const out = claimsReviewOutput(run());
    expect(out).toEqual({
      kind: "claims",
      judgeRun: "judge-run-1",
      items: [
        {
          id: "q1",
          question: "What is RAG?",
          answer: "Retrieval-augmented generation. It was invented in 2020.",
          // The learner checks the claims against the same passages the judge saw.
          contexts: ["RAG stands for retrieval-augmented generation."],
          claims: [
            { index: 0, claim: "RAG is retrieval-augmented generation", supported: true, reason: "because RAG is retrieval-augmented generation" },
            { index: 1, claim: "RAG was invented in 2020", supported: false, reason: "because RAG was invented in 2020" },
          ],
        },
      ],
    });
    expect(cellOutput.parse(out)).toEqual(out);
  });

  it("is undefined without a faithfulness judge, without claims or without a run id", () => {
    expect(claimsReviewOutput(run({ judges: [{ judge: "relevancy", items: [{ id: "q1", details: [{ claims: [claim("x", true)] }] }] }] }))).toBeUndefined();
    expect(claimsReviewOutput(run({ judges: [{ judge: "faithfulness", items: [{ id: "q2", details: [] }, { id: "q3", details: [{ unrelated: 1 }] }] }] }))).toBeUndefined();
    expect(claimsReviewOutput(run({ id: "" }))).toBeUndefined();
    expect(claimsReviewOutput({} as ReviewableRun)).toBeUndefined();
  });

  it("keeps an item whose sample is missing, with empty question and answer", () => {
    const out = claimsReviewOutput(run({ samples: [] }));
    expect(out?.items[0]).toMatchObject({ id: "q1", question: "", answer: "", contexts: [] });
  });

  it("stays under the size cap: long texts are cut and items past the budget are counted", () => {
    const long = "x".repeat(10_000);
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `q${i}`, details: [{ claims: [claim(long, i % 2 === 0)] }] }));
    const out = claimsReviewOutput(run({ samples: [], judges: [{ judge: "faithfulness", items }] }), { maxBytes: 20_000 });
    expect(out?.items.length).toBeGreaterThan(0);
    expect(out?.items.length).toBeLessThan(5);
    expect(out?.omittedItems).toBe(5 - (out?.items.length ?? 0));
    expect(JSON.stringify(out).length).toBeLessThanOrEqual(20_000);
    expect(out?.items[0].claims[0].claim.length).toBe(4_000);
    expect(cellOutput.safeParse(out).success).toBe(true);
  });
});
