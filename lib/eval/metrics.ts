/**
 * Retrieval metrics that need no LLM. Each scores one question's ranked hits,
 * already judged against its gold spans (see relevance.ts), and looks only at
 * the first k. When fewer than k hits came back, the missing ranks count as
 * not relevant.
 */
import type { Chunk } from "@/lib/captions/types";
import { LabError } from "@/lib/errors";
import type { GridPointSummary, QualityMetric } from "@/lib/sdk/types";
import { bootstrapInterval } from "./bootstrap";
import { overlaps } from "./relevance";

/** Token Jaccard at or above this makes two chunks near-duplicates. */
export const NEAR_DUPLICATE_JACCARD = 0.5;

function topK<T>(items: readonly T[], k: number): readonly T[] {
  if (!Number.isInteger(k) || k < 1) throw new LabError("bad_input", `k must be a positive integer, got ${k}`);
  return items.slice(0, k);
}

/** hit@k: 1 when at least one of the first k hits is relevant, else 0. */
export function hitAtK(relevant: readonly boolean[], k: number): number {
  return topK(relevant, k).includes(true) ? 1 : 0;
}

/**
 * recall@k: the share of the question's gold spans that at least one of the
 * first k hits overlaps. It counts spans, not chunks: a span cut into three
 * chunks is recalled by retrieving any one of them, and a multi-part
 * question is fully recalled only when every part is. `covered[i]` lists the
 * indices of the spans hit i overlaps (relevance.spansCovered).
 */
export function recallAtK(covered: readonly (readonly number[])[], spanCount: number, k: number): number {
  if (!Number.isInteger(spanCount) || spanCount < 1) {
    throw new LabError("bad_input", `recall needs at least one gold span, got ${spanCount}`);
  }
  const found = new Set(topK(covered, k).flat());
  for (const span of found) {
    if (!Number.isInteger(span) || span < 0 || span >= spanCount) {
      throw new LabError("bad_input", `span index ${span} is outside the question's ${spanCount} gold spans`);
    }
  }
  return found.size / spanCount;
}

/**
 * Reciprocal rank@k: 1/r for the rank r (counting from 1) of the first
 * relevant hit among the first k, 0 when there is none. MRR is its mean over
 * a run's questions (see summarizeRun).
 */
export function reciprocalRankAtK(relevant: readonly boolean[], k: number): number {
  const index = topK(relevant, k).indexOf(true);
  return index < 0 ? 0 : 1 / (index + 1);
}

const discount = (rank: number): number => 1 / Math.log2(rank + 1);

/**
 * nDCG@k with binary gains. DCG@k sums 1/log2(i + 1) over the ranks i ≤ k
 * that hold a relevant hit; nDCG@k divides it by the DCG of an ideal ranking
 * with relevant chunks at ranks 1…min(k, R). R, the relevant possible,
 * counts chunks, not spans: the distinct chunks of the searched index that
 * overlap a gold span (relevance.countRelevant). So a span spread over three
 * chunks asks for all three at the top, and the score depends on the
 * chunking as well as on the ranking. nDCG is 0 when R is 0: nothing could
 * be found.
 */
export function ndcgAtK(relevant: readonly boolean[], relevantPossible: number, k: number): number {
  const top = topK(relevant, k);
  if (!Number.isInteger(relevantPossible) || relevantPossible < 0) {
    throw new LabError("bad_input", `the relevant-possible count must be a whole number ≥ 0, got ${relevantPossible}`);
  }
  const found = top.filter(Boolean).length;
  if (found > relevantPossible) {
    throw new LabError(
      "bad_input",
      `${found} relevant hits in the top ${k}, but only ${relevantPossible} relevant chunks were counted: count them over the whole index`,
    );
  }
  if (relevantPossible === 0) return 0;
  const dcg = top.reduce((sum, rel, i) => (rel ? sum + discount(i + 1) : sum), 0);
  let ideal = 0;
  for (let rank = 1; rank <= Math.min(k, relevantPossible); rank++) ideal += discount(rank);
  return dcg / ideal;
}

/**
 * Context precision@k as Ragas defines it: the mean of precision@i over the
 * ranks i ≤ k that hold a relevant hit, where precision@i is the share of
 * relevant hits among the first i. Written out,
 * Σ_{i≤k} precision@i · rel_i / (relevant hits in the first k), and 0 when
 * none of the first k is relevant. It rewards ranking relevant chunks above
 * irrelevant ones, which hit@k and recall@k do not see.
 */
export function contextPrecisionAtK(relevant: readonly boolean[], k: number): number {
  let found = 0;
  let sum = 0;
  topK(relevant, k).forEach((rel, i) => {
    if (rel) {
      found++;
      sum += found / (i + 1);
    }
  });
  return found === 0 ? 0 : sum / found;
}

/** Lower-cased runs of letters and digits, so case and punctuation don't count. */
function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * Token Jaccard similarity of two texts: |A ∩ B| / |A ∪ B| over their word
 * sets (see `words`). Two texts without words are equal, so 1.
 */
export function tokenJaccard(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  const union = new Set([...wa, ...wb]).size;
  if (union === 0) return 1;
  const shared = [...wa].filter((w) => wb.has(w)).length;
  return shared / union;
}

export type RedundancyChunk = Pick<Chunk, "docId" | "startS" | "endS" | "text">;

/** Same speech twice (overlapping chunks, or one chunk returned twice), or near-duplicate text. */
function repeats(a: RedundancyChunk, b: RedundancyChunk): boolean {
  return (
    (a.docId === b.docId && overlaps(a.startS, a.endS, b.startS, b.endS)) ||
    tokenJaccard(a.text, b.text) >= NEAR_DUPLICATE_JACCARD
  );
}

/**
 * Redundancy@k: the share of the m(m − 1)/2 unordered pairs among the first
 * m = min(k, hits) hits that repeat each other. A pair repeats when both
 * chunks come from the same document and overlap in time (half-open, as in
 * relevance.overlaps), or when their token Jaccard is at least
 * NEAR_DUPLICATE_JACCARD. 0 when there are fewer than two hits. Repeated
 * context costs tokens and crowds out other evidence.
 */
export function redundancyAtK(hits: readonly RedundancyChunk[], k: number): number {
  const top = topK(hits, k);
  const pairs = (top.length * (top.length - 1)) / 2;
  if (pairs === 0) return 0;
  let repeated = 0;
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) if (repeats(top[i], top[j])) repeated++;
  }
  return repeated / pairs;
}

/** Context tokens@k: the sum of `tokens` over the first k hits, what a prompt built from them would carry. */
export function contextTokensAtK(hits: readonly Pick<Chunk, "tokens">[], k: number): number {
  return topK(hits, k).reduce((sum, hit) => sum + hit.tokens, 0);
}

/**
 * Nearest-rank percentile: the smallest of the values such that at least p%
 * of them are at or below it, i.e. the ⌈p·n/100⌉-th smallest. It is always
 * one of the observed values.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new LabError("bad_input", "a percentile needs at least one value");
  return nearestRank(Float64Array.from(values).sort(), p);
}

/** The nearest-rank percentile of values already sorted ascending (see percentile). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new LabError("bad_input", `percentile must be in (0, 100], got ${p}`);
  return sorted[Math.ceil((p * sorted.length) / 100) - 1];
}

/** One question's scores at one k, and how long its retrieval took. */
export interface QuestionScores {
  hit: number;
  recall: number;
  reciprocalRank: number;
  ndcg: number;
  contextPrecision: number;
  redundancy: number;
  contextTokens: number;
  latencyMs: number;
}

/** A run over a question set: the mean of each metric, and latency percentiles. */
export type RunSummary = GridPointSummary;

/** Each quality metric's per-question field, in QuestionScores and in a grid point's perQuestion. */
export const QUALITY_FIELDS = {
  hitRate: "hit",
  recall: "recall",
  mrr: "reciprocalRank",
  ndcg: "ndcg",
  contextPrecision: "contextPrecision",
} as const satisfies Record<QualityMetric, keyof QuestionScores>;

export type QualityScores = Pick<QuestionScores, (typeof QUALITY_FIELDS)[QualityMetric]>;

/** The bootstrap 95% interval of each quality metric's mean over these questions. */
export function qualityIntervals(scores: readonly QualityScores[]): RunSummary["intervals"] {
  const entries = Object.entries(QUALITY_FIELDS).map(([metric, field]) => {
    const { low, high } = bootstrapInterval(scores.map((s) => s[field]));
    return [metric, { low, high }];
  });
  return Object.fromEntries(entries) as RunSummary["intervals"];
}

/** Means over the questions (each question weighs the same) with their intervals, plus p50 and p95 of latency. */
export function summarizeRun(scores: readonly QuestionScores[]): RunSummary {
  if (scores.length === 0) throw new LabError("bad_input", "a run needs at least one scored question");
  const mean = (pick: (s: QuestionScores) => number): number => scores.reduce((sum, s) => sum + pick(s), 0) / scores.length;
  const latencies = scores.map((s) => s.latencyMs);
  return {
    questions: scores.length,
    hitRate: mean((s) => s.hit),
    recall: mean((s) => s.recall),
    mrr: mean((s) => s.reciprocalRank),
    ndcg: mean((s) => s.ndcg),
    contextPrecision: mean((s) => s.contextPrecision),
    redundancy: mean((s) => s.redundancy),
    contextTokens: mean((s) => s.contextTokens),
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    intervals: qualityIntervals(scores),
  };
}
