/**
 * Labelled question sets: questions with gold spans of transcript time that
 * answer them. The file format is snake_case JSON (see
 * datasets/questions/README.md); the schema is strict so a typo in a key is an
 * error, not a silently ignored field.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { VIDEO_ID } from "@/lib/captions/inputs";
import type { CaptionDocument } from "@/lib/captions/types";
import { LabError } from "@/lib/errors";

export const QUESTION_KINDS = ["factual", "paraphrase", "multi-part", "conceptual"] as const;

/** Relative to the working directory, like the caption datasets. */
export const DEFAULT_QUESTION_SET = path.join("datasets", "questions", "google-talks-v1.json");

/**
 * Caption files often end their last cue a little before the speech does, so
 * a span may run this far past the last cue's end.
 */
const END_SLACK_S = 1;

const notBlank = z.string().regex(/\S/, "must not be blank");

const goldSpanSchema = z.strictObject({
  video_id: z.string().regex(VIDEO_ID, "must be an 11-character YouTube video id"),
  start_s: z.number(),
  end_s: z.number(),
});

const questionSchema = z.strictObject({
  id: z.string().regex(/^\S+$/, "must be non-empty and without spaces"),
  question: notBlank,
  evidence: z.array(goldSpanSchema).min(1, "needs at least one gold span"),
  reference_answer: notBlank.optional(),
  kind: z.enum(QUESTION_KINDS).optional(),
});

export const questionSetSchema = z.strictObject({
  version: z.literal(1),
  questions: z
    .array(questionSchema)
    .min(1)
    .superRefine((questions, ctx) => {
      const seen = new Set<string>();
      questions.forEach((q, i) => {
        if (seen.has(q.id)) ctx.addIssue({ code: "custom", message: `duplicate id ${JSON.stringify(q.id)}`, path: [i, "id"] });
        seen.add(q.id);
      });
    }),
});

export type QuestionSet = z.infer<typeof questionSetSchema>;
export type Question = QuestionSet["questions"][number];
export type GoldSpan = Question["evidence"][number];

/** Reads and checks a question set; the file's problems are LabErrors naming the file. */
export async function loadQuestionSet(file: string = DEFAULT_QUESTION_SET): Promise<QuestionSet> {
  const resolved = path.resolve(file);
  let text: string;
  try {
    text = await readFile(resolved, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new LabError("not_found", `question set not found: ${resolved}`);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LabError("bad_input", `${resolved}: not valid JSON: ${(e as Error).message}`);
  }
  const parsed = questionSetSchema.safeParse(json);
  if (!parsed.success) throw new LabError("bad_input", `${resolved}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The LabError's `details` when validation fails: each offending question and what is wrong with its spans. */
export interface SpanProblem {
  id: string;
  problems: string[];
}

/**
 * Checks every gold span against the transcripts it points into: the video
 * must be among `docs`, and the span must start at or after 0 s, end after it
 * starts, and end no later than the last cue's end plus END_SLACK_S. A span
 * outside its transcript can never be matched by a chunk, so it would quietly
 * lower every score; this rejects the set instead, listing the question ids.
 */
export function validateAgainstTranscripts(set: QuestionSet, docs: readonly CaptionDocument[]): void {
  const lastCueEnd = new Map<string, number>();
  for (const doc of docs) {
    if (doc.videoId) lastCueEnd.set(doc.videoId, doc.cues.reduce((end, cue) => Math.max(end, cue.endS), 0));
  }
  const bad: SpanProblem[] = [];
  for (const q of set.questions) {
    const problems = q.evidence.flatMap((span, i) => spanProblems(span, lastCueEnd.get(span.video_id)).map((p) => `evidence[${i}] ${p}`));
    if (problems.length > 0) bad.push({ id: q.id, problems });
  }
  if (bad.length > 0) {
    const list = bad.map((b) => `${b.id} (${b.problems.join("; ")})`).join(", ");
    throw new LabError("bad_input", `${bad.length} question(s) have gold spans outside their transcripts: ${list}`, bad);
  }
}

function spanProblems(span: GoldSpan, lastEnd: number | undefined): string[] {
  if (lastEnd === undefined) return [`points to unknown video ${span.video_id}`];
  const problems: string[] = [];
  if (span.start_s < 0) problems.push(`starts at ${span.start_s} s, before the video starts`);
  if (span.end_s <= span.start_s) problems.push(`ends at ${span.end_s} s, not after its start at ${span.start_s} s`);
  if (span.end_s > lastEnd + END_SLACK_S) problems.push(`ends at ${span.end_s} s, after the transcript ends at ${lastEnd} s`);
  return problems;
}
