/**
 * Scores one question's retrieval: judges the ranked hits against the
 * question's gold spans, then computes every metric at the same k.
 */
import type { Chunk } from "@/lib/captions/types";
import {
  contextPrecisionAtK,
  contextTokensAtK,
  hitAtK,
  ndcgAtK,
  recallAtK,
  reciprocalRankAtK,
  redundancyAtK,
  type QuestionScores,
} from "./metrics";
import type { Question } from "./questions";
import { relevantFlags, spansCovered } from "./relevance";

export type ScoredChunk = Pick<Chunk, "id" | "docId" | "startS" | "endS" | "text" | "tokens">;

export interface ScoreOptions {
  k: number;
  /** Relevant chunks in the whole searched index (relevance.countRelevant), for nDCG's ideal ranking. */
  relevantPossible: number;
  latencyMs: number;
}

/** `hits` in rank order, best first, as retrieval returned them. */
export function scoreQuestion(question: Question, hits: readonly ScoredChunk[], options: ScoreOptions): QuestionScores {
  const { k, relevantPossible, latencyMs } = options;
  const relevant = relevantFlags(hits, question);
  return {
    hit: hitAtK(relevant, k),
    recall: recallAtK(
      hits.map((hit) => spansCovered(hit, question)),
      question.evidence.length,
      k,
    ),
    reciprocalRank: reciprocalRankAtK(relevant, k),
    ndcg: ndcgAtK(relevant, relevantPossible, k),
    contextPrecision: contextPrecisionAtK(relevant, k),
    redundancy: redundancyAtK(hits, k),
    contextTokens: contextTokensAtK(hits, k),
    latencyMs,
  };
}
