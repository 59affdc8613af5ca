import { describe, expect, it } from "vitest";
import type { Question } from "./questions";
import { scoreQuestion, type ScoredChunk } from "./score";

const VIDEO = "OUemfrKe65c";

/** Two gold spans: 300–330 s and 800–850 s. */
const question: Question = {
  id: "q",
  question: "?",
  evidence: [
    { video_id: VIDEO, start_s: 300, end_s: 330 },
    { video_id: VIDEO, start_s: 800, end_s: 850 },
  ],
};

function hit(id: string, startS: number, endS: number, text: string, tokens: number): ScoredChunk {
  return { id, docId: `google-talks:${VIDEO}`, startS, endS, text, tokens };
}

describe("scoreQuestion", () => {
  it("judges the hits and computes every metric at k", () => {
    const hits = [
      hit("miss", 0, 40, "welcome to the talk", 10),
      hit("first", 310, 340, "the screen draws ninety milliamps", 20),
      hit("again", 320, 345, "ninety milliamps for the screen", 30),
      hit("late", 810, 830, "wifi costs an order of magnitude less", 40),
    ];
    const scores = scoreQuestion(question, hits, { k: 3, relevantPossible: 3, latencyMs: 12 });
    const d2 = 1 / Math.log2(3);
    expect(scores.hit).toBe(1);
    // Only the first span is reached within k = 3.
    expect(scores.recall).toBe(0.5);
    expect(scores.reciprocalRank).toBe(0.5);
    // Relevant at ranks 2 and 3; ideal has three relevant chunks at the top.
    expect(scores.ndcg).toBeCloseTo((d2 + 0.5) / (1 + d2 + 0.5));
    // precision@2 = 1/2, precision@3 = 2/3.
    expect(scores.contextPrecision).toBeCloseTo((1 / 2 + 2 / 3) / 2);
    // "first" and "again" overlap in time: 1 of 3 pairs.
    expect(scores.redundancy).toBeCloseTo(1 / 3);
    expect(scores.contextTokens).toBe(60);
    expect(scores.latencyMs).toBe(12);
  });

  it("scores a run of misses as zero", () => {
    const scores = scoreQuestion(question, [hit("miss", 0, 40, "welcome", 10)], { k: 5, relevantPossible: 2, latencyMs: 3 });
    expect(scores).toEqual({
      hit: 0,
      recall: 0,
      reciprocalRank: 0,
      ndcg: 0,
      contextPrecision: 0,
      redundancy: 0,
      contextTokens: 10,
      latencyMs: 3,
    });
  });
});
