/**
 * Relevance judged by time, not text: a retrieved chunk is relevant to a
 * question when it overlaps one of the question's gold spans in the same
 * video. Gold spans are stretches of the recording, so they stay valid
 * whatever chunker cut the transcript.
 */
import type { Chunk } from "@/lib/captions/types";
import type { Question } from "./questions";

/** What judging needs to know about a retrieved chunk. */
export type JudgedChunk = Pick<Chunk, "id" | "docId" | "startS" | "endS">;

/**
 * Whether [aStart, aEnd) and [bStart, bEnd) share any time. Half-open, so a
 * chunk that ends exactly where a span starts shares no speech with it.
 */
export function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

/** "google-talks:<videoId>" → "<videoId>": dataset names never contain a colon. */
export function videoIdOf(docId: string): string {
  return docId.slice(docId.indexOf(":") + 1);
}

/** Indices into `question.evidence` of the gold spans the chunk overlaps. */
export function spansCovered(chunk: JudgedChunk, question: Question): number[] {
  const videoId = videoIdOf(chunk.docId);
  return question.evidence.flatMap((span, i) =>
    span.video_id === videoId && overlaps(chunk.startS, chunk.endS, span.start_s, span.end_s) ? [i] : [],
  );
}

/**
 * For each hit, in rank order, whether it is relevant. A chunk already
 * ranked higher is not relevant again (the TREC convention), so returning
 * the same chunk twice cannot raise precision or nDCG.
 */
export function relevantFlags(hits: readonly JudgedChunk[], question: Question): boolean[] {
  const seen = new Set<string>();
  return hits.map((hit) => {
    const repeat = seen.has(hit.id);
    seen.add(hit.id);
    return !repeat && spansCovered(hit, question).length > 0;
  });
}

/**
 * How many distinct chunks of the searched index are relevant: the
 * "relevant possible" count that nDCG's ideal ranking is built from. Pass
 * every chunk of the collection the hits came from.
 */
export function countRelevant(corpus: readonly JudgedChunk[], question: Question): number {
  const ids = new Set(corpus.filter((chunk) => spansCovered(chunk, question).length > 0).map((chunk) => chunk.id));
  return ids.size;
}
