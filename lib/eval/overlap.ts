import type { CaptionDocument } from "@/lib/captions/types";
import { contentWordOverlap } from "@/lib/retrieval/text";
import type { Question } from "./questions";
import { overlaps } from "./relevance";

export interface QuestionOverlap {
  id: string;
  /** The share of the question's distinct content words (stop words aside, stemmed) found in its evidence text. */
  fraction: number;
  shared: string[];
  total: number;
}

/** The text a question's gold spans cover: every cue overlapping a span, in order. */
export function evidenceText(q: Question, docs: readonly CaptionDocument[]): string {
  return q.evidence
    .flatMap((span) => docs.find((d) => d.videoId === span.video_id)?.cues.filter((c) => overlaps(c.startS, c.endS, span.start_s, span.end_s)) ?? [])
    .map((c) => c.text)
    .join(" ");
}

/** How much each question's wording is given away by its evidence: the measure a paraphrase set is held to. */
export function questionOverlaps(questions: readonly Question[], docs: readonly CaptionDocument[]): QuestionOverlap[] {
  return questions.map((q) => ({ id: q.id, ...contentWordOverlap(q.question, evidenceText(q, docs)) }));
}
