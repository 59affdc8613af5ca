import { describe, expect, it } from "vitest";
import { labError } from "@/lib/testing/lab-error";
import {
  contextPrecisionAtK,
  contextTokensAtK,
  hitAtK,
  ndcgAtK,
  percentile,
  recallAtK,
  reciprocalRankAtK,
  redundancyAtK,
  summarizeRun,
  tokenJaccard,
  type QuestionScores,
  type RedundancyChunk,
} from "./metrics";

const T = true;
const F = false;
/** 1/log2(3) and 1/log2(4): the discounts at ranks 2 and 3. */
const D2 = 1 / Math.log2(3);
const D3 = 0.5;

describe("k", () => {
  it.each([0, -1, 1.5, Number.NaN])("rejects k = %s", (k) => {
    expect(labError(() => hitAtK([T], k)).message).toMatch(/k must be a positive integer/);
  });
});

describe("hitAtK", () => {
  it("is 1 once a relevant hit is within the first k", () => {
    expect(hitAtK([F, T, F], 1)).toBe(0);
    expect(hitAtK([F, T, F], 2)).toBe(1);
  });

  it("is 0 with no relevant hit or no hits, and counts missing ranks as misses when k is larger", () => {
    expect(hitAtK([F, F], 5)).toBe(0);
    expect(hitAtK([], 3)).toBe(0);
    expect(hitAtK([F, T], 10)).toBe(1);
  });
});

describe("recallAtK", () => {
  // Three gold spans; hit 3 covers two of them at once.
  const covered = [[0], [], [0, 1], [2]];

  it("is the share of gold spans covered by the first k hits", () => {
    expect(recallAtK(covered, 3, 1)).toBeCloseTo(1 / 3);
    expect(recallAtK(covered, 3, 3)).toBeCloseTo(2 / 3);
    expect(recallAtK(covered, 3, 4)).toBe(1);
    expect(recallAtK(covered, 3, 100)).toBe(1);
  });

  it("counts a span once however many hits cover it", () => {
    expect(recallAtK([[0], [0], [0]], 2, 3)).toBe(0.5);
  });

  it("is 0 when nothing relevant came back", () => {
    expect(recallAtK([[], []], 2, 2)).toBe(0);
    expect(recallAtK([], 1, 5)).toBe(0);
  });

  it("rejects a question without spans and span indices it does not have", () => {
    expect(labError(() => recallAtK([], 0, 1)).message).toMatch(/at least one gold span/);
    expect(labError(() => recallAtK([[2]], 2, 1)).message).toMatch(/span index 2 is outside/);
  });
});

describe("reciprocalRankAtK", () => {
  it("is 1/rank of the first relevant hit within k", () => {
    expect(reciprocalRankAtK([T, F], 2)).toBe(1);
    expect(reciprocalRankAtK([F, F, T, T], 5)).toBeCloseTo(1 / 3);
    expect(reciprocalRankAtK([F, F, T, T], 2)).toBe(0);
  });

  it("is 0 with no relevant hit", () => {
    expect(reciprocalRankAtK([F, F], 2)).toBe(0);
    expect(reciprocalRankAtK([], 3)).toBe(0);
  });
});

describe("ndcgAtK", () => {
  it("divides DCG by the ideal DCG of min(k, R) relevant chunks", () => {
    // DCG = D2 + D3; ideal with R = 2: 1 + D2.
    expect(ndcgAtK([F, T, T], 2, 3)).toBeCloseTo((D2 + D3) / (1 + D2)); // 0.6934
    // With R = 5 the ideal fills all three ranks: 1 + D2 + D3.
    expect(ndcgAtK([F, T, T], 5, 3)).toBeCloseTo((D2 + D3) / (1 + D2 + D3)); // 0.5307
  });

  it("is 1 for an ideal ranking, even when k exceeds the hits", () => {
    expect(ndcgAtK([T, T], 2, 5)).toBe(1);
    expect(ndcgAtK([T, F, F], 1, 3)).toBe(1);
  });

  it("keeps the ideal at min(k, R) when fewer than k hits came back", () => {
    // One relevant hit at rank 1, three relevant chunks exist, k = 10: ideal is 1 + D2 + D3.
    expect(ndcgAtK([T], 3, 10)).toBeCloseTo(1 / (1 + D2 + D3)); // 0.4693
  });

  it("is 0 with no relevant hit, or when nothing relevant exists", () => {
    expect(ndcgAtK([F, F], 2, 2)).toBe(0);
    expect(ndcgAtK([F, F], 0, 2)).toBe(0);
  });

  it("rejects more relevant hits than relevant chunks, a sign R was not counted over the index", () => {
    expect(labError(() => ndcgAtK([T, T], 1, 2)).message).toMatch(/2 relevant hits in the top 2, but only 1/);
    expect(labError(() => ndcgAtK([T], -1, 1)).message).toMatch(/whole number/);
  });
});

describe("contextPrecisionAtK", () => {
  it("averages precision@i over the relevant ranks i", () => {
    // precision@1 = 1, precision@3 = 2/3.
    expect(contextPrecisionAtK([T, F, T], 3)).toBeCloseTo((1 + 2 / 3) / 2); // 0.8333
    expect(contextPrecisionAtK([F, T], 2)).toBe(0.5);
    expect(contextPrecisionAtK([T, T, F], 3)).toBe(1);
  });

  it("only looks at the first k", () => {
    expect(contextPrecisionAtK([F, T], 1)).toBe(0);
    expect(contextPrecisionAtK([T, F, F, T], 2)).toBe(1);
  });

  it("is 0 with no relevant hit, and ignores missing ranks when k is larger", () => {
    expect(contextPrecisionAtK([F, F, F], 3)).toBe(0);
    expect(contextPrecisionAtK([], 3)).toBe(0);
    expect(contextPrecisionAtK([F, T], 10)).toBe(0.5);
  });
});

describe("tokenJaccard", () => {
  it("compares word sets, ignoring case and punctuation", () => {
    expect(tokenJaccard("Hello, world!", "hello world")).toBe(1);
    expect(tokenJaccard("the cat sat on the mat", "the cat sat on a mat")).toBeCloseTo(5 / 6);
    expect(tokenJaccard("a b c", "a b d")).toBe(0.5);
    expect(tokenJaccard("a b", "c d")).toBe(0);
  });

  it("treats two texts without words as equal", () => {
    expect(tokenJaccard("", "...")).toBe(1);
    expect(tokenJaccard("", "word")).toBe(0);
  });
});

describe("redundancyAtK", () => {
  const chunk = (docId: string, startS: number, endS: number, text: string): RedundancyChunk => ({ docId, startS, endS, text });
  const a = chunk("x", 0, 30, "the cat sat on the mat");
  const b = chunk("x", 20, 50, "totally different words here");
  const c = chunk("y", 0, 30, "the cat sat on a mat");
  const d = chunk("x", 60, 90, "unrelated text again");

  it("is the share of pairs that overlap in one document or are near-duplicates", () => {
    // Pairs: a–b overlap in x, a–c share 5 of 6 words; the other four pairs differ.
    expect(redundancyAtK([a, b, c, d], 4)).toBeCloseTo(2 / 6);
    expect(redundancyAtK([a, b, c, d], 2)).toBe(1);
    expect(redundancyAtK([b, d], 2)).toBe(0);
  });

  it("needs the same document for a time overlap, and more than touching", () => {
    expect(redundancyAtK([chunk("x", 0, 30, "one two"), chunk("y", 0, 30, "three four")], 2)).toBe(0);
    expect(redundancyAtK([chunk("x", 0, 30, "one two"), chunk("x", 30, 60, "three four")], 2)).toBe(0);
  });

  it("counts Jaccard exactly 0.5 as a near-duplicate", () => {
    expect(redundancyAtK([chunk("x", 0, 10, "a b c"), chunk("y", 0, 10, "a b d")], 2)).toBe(1);
  });

  it("counts a hit returned twice", () => {
    expect(redundancyAtK([a, a], 2)).toBe(1);
  });

  it("is 0 with fewer than two hits", () => {
    expect(redundancyAtK([], 5)).toBe(0);
    expect(redundancyAtK([a], 5)).toBe(0);
    expect(redundancyAtK([a, a], 1)).toBe(0);
  });
});

describe("contextTokensAtK", () => {
  it("sums the tokens of the first k hits", () => {
    const hits = [{ tokens: 100 }, { tokens: 50 }, { tokens: 25 }];
    expect(contextTokensAtK(hits, 2)).toBe(150);
    expect(contextTokensAtK(hits, 10)).toBe(175);
    expect(contextTokensAtK([], 3)).toBe(0);
  });
});

describe("percentile", () => {
  it("is the ⌈p·n/100⌉-th smallest value", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(oneToTwenty, 50)).toBe(10);
    expect(percentile(oneToTwenty, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
  });

  it("rejects no values and p outside (0, 100]", () => {
    expect(labError(() => percentile([], 50)).message).toMatch(/at least one value/);
    expect(labError(() => percentile([1], 0)).message).toMatch(/percentile must be/);
    expect(labError(() => percentile([1], 101)).message).toMatch(/percentile must be/);
  });
});

describe("summarizeRun", () => {
  const scores = (overrides: Partial<QuestionScores>): QuestionScores => ({
    hit: 0,
    recall: 0,
    reciprocalRank: 0,
    ndcg: 0,
    contextPrecision: 0,
    redundancy: 0,
    contextTokens: 0,
    latencyMs: 0,
    ...overrides,
  });

  it("averages each metric over the questions and takes latency percentiles", () => {
    const run = [
      scores({ hit: 1, recall: 1, reciprocalRank: 1, ndcg: 1, contextPrecision: 1, redundancy: 0.5, contextTokens: 300, latencyMs: 100 }),
      scores({ hit: 1, recall: 0.5, reciprocalRank: 0.5, ndcg: 0.4, contextPrecision: 0.5, redundancy: 0, contextTokens: 200, latencyMs: 300 }),
      scores({ latencyMs: 200, contextTokens: 100 }),
    ];
    const summary = summarizeRun(run);
    expect(summary.questions).toBe(3);
    expect(summary.hitRate).toBeCloseTo(2 / 3);
    expect(summary.recall).toBeCloseTo(0.5);
    expect(summary.mrr).toBeCloseTo(0.5);
    expect(summary.ndcg).toBeCloseTo(1.4 / 3);
    expect(summary.contextPrecision).toBeCloseTo(0.5);
    expect(summary.redundancy).toBeCloseTo(0.5 / 3);
    expect(summary.contextTokens).toBeCloseTo(200);
    expect(summary.latencyMs).toEqual({ p50: 200, p95: 300 });
  });

  it("brackets each quality mean with its bootstrap interval, the same on every run", () => {
    const run = Array.from({ length: 30 }, (_, i) => scores({ hit: i % 3 === 0 ? 0 : 1, reciprocalRank: i % 3 === 0 ? 0 : 1 / (1 + (i % 2)) }));
    const summary = summarizeRun(run);
    const { low, high } = summary.intervals.hitRate;
    expect(low).toBeLessThan(summary.hitRate);
    expect(high).toBeGreaterThan(summary.hitRate);
    expect(summary.intervals.mrr.low).toBeLessThan(summary.mrr);
    // Every question missed the same way: no spread, so no width.
    expect(summary.intervals.ndcg).toEqual({ low: 0, high: 0 });
    expect(summarizeRun(run).intervals).toEqual(summary.intervals);
  });

  it("rejects an empty run", () => {
    expect(labError(() => summarizeRun([])).message).toMatch(/at least one scored question/);
  });
});
