/**
 * Labelled question sets: questions with gold spans of transcript time that
 * answer them. The file format is snake_case JSON (see
 * datasets/questions/README.md). What scoring needs is checked strictly
 * (ids, questions, gold spans, with errors naming the question and field);
 * anything else a file carries (a `source` note, a label of its own) is kept
 * as metadata and listed once as a warning, since refusing it costs the
 * learner a rewrite and buys nothing.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import type { CaptionDocument } from "@/lib/captions/types";
import { LabError } from "@/lib/errors";
import { DEFAULT_QUESTION_SET_ID, MAX_QUESTION_SET_BYTES, questionSetSchema, type GoldSpan, type QuestionSet, type QuestionsRef } from "./contract";

// The schemas are the requests' (./contract); most readers of question sets import them from here.
export { DEFAULT_QUESTION_SET_ID, DEFAULT_SPLIT_SEED, MAX_QUESTIONS, MAX_QUESTION_SET_BYTES, questionSetSchema, questionsRefSchema } from "./contract";
export type { GoldSpan, Question, QuestionSet, QuestionsRef } from "./contract";

/** Shipped sets, relative to the working directory like the caption datasets; a set's id is its file name without ".json". */
const SHIPPED_DIR = path.join("datasets", "questions");
/**
 * Caption files often end their last cue a little before the speech does, so
 * a span may run this far past the last cue's end.
 */
const END_SLACK_S = 1;

/** What a run records about its question set: the shipped id, if any, and a hash of the content. */
export interface QuestionSetLineage {
  id?: string;
  hash: string;
}

/** Ids of the shipped question sets. */
export async function shippedQuestionSets(): Promise<string[]> {
  const files = await readdir(SHIPPED_DIR);
  return files.filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -".json".length)).sort();
}

export interface ResolvedQuestionSet {
  set: QuestionSet;
  lineage: QuestionSetLineage;
  /** At most one: the fields kept as metadata (see metadataWarning). */
  warnings: string[];
}

/** Resolves a spec's question set (the shipped default when absent), its lineage and its warnings. */
export async function resolveQuestionSet(ref: QuestionsRef = DEFAULT_QUESTION_SET_ID): Promise<ResolvedQuestionSet> {
  if (typeof ref !== "string") return { set: ref, lineage: { hash: contentHash(ref) }, warnings: metadataWarning(ref) };
  const shipped = await shippedQuestionSets();
  if (!shipped.includes(ref)) throw new LabError("not_found", `No shipped question set is called ${ref}; there are: ${shipped.join(", ")}`);
  const set = parseQuestionSet(await readFile(path.join(SHIPPED_DIR, `${ref}.json`), "utf8"), ref);
  return { set, lineage: { id: ref, hash: contentHash(set) }, warnings: metadataWarning(set) };
}

/** A field name as a warning shows it: short, and only plain characters, since it comes from the learner's file. */
const shownField = (name: string) => (/^[\w.-]{1,40}$/.test(name) ? name : "(a field with an unusual name)");

/**
 * One warning listing the fields kept as metadata, with how many questions
 * carry each: fields the lab does not score with, so a misspelt
 * `reference_anwser` is seen rather than silently unused.
 */
export function metadataWarning(set: QuestionSet): string[] {
  const perField = new Map<string, number>();
  for (const q of set.questions) for (const key of Object.keys(q.metadata ?? {})) perField.set(shownField(key), (perField.get(shownField(key)) ?? 0) + 1);
  const parts = [
    ...Object.keys(set.metadata ?? {}).map((key) => `${shownField(key)} (on the set)`),
    ...[...perField].map(([key, n]) => `${key} (${n} question${n === 1 ? "" : "s"})`),
  ];
  if (parts.length === 0) return [];
  const listed = parts.slice(0, 10).join(", ") + (parts.length > 10 ? ` and ${parts.length - 10} more` : "");
  return [`Fields the lab does not use were kept as metadata: ${listed}. The fields it reads are id, question, evidence, reference_answer and kind.`];
}

/**
 * Reads a question file on the CLI's side, to send its content to the
 * server. Problems name the file and where in it, never its content.
 */
export async function readQuestionSetFile(file: string): Promise<QuestionSet> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : -1),
    (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") throw new LabError("not_found", `question set not found: ${file}`);
      throw e;
    },
  );
  if (size < 0) throw new LabError("bad_input", `${file}: not a regular file`);
  if (size > MAX_QUESTION_SET_BYTES) throw new LabError("too_large", `${file}: ${size} bytes; a question set is at most ${MAX_QUESTION_SET_BYTES}`);
  return parseQuestionSet(await readFile(file, "utf8"), file);
}

function parseQuestionSet(text: string, name: string): QuestionSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text it choked on.
    throw new LabError("bad_input", `${name}: not valid JSON`);
  }
  const parsed = questionSetSchema.safeParse(json);
  if (!parsed.success) throw new LabError("bad_input", `${name}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Each problem by where it is and what is wrong; at most five, so a broken file gives a readable message. */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "set"}: ${i.message}`);
  if (error.issues.length > 5) lines.push(`and ${error.issues.length - 5} more`);
  return lines.join("; ");
}

/** Order-preserving, so the same set gives the same hash whether shipped or sent inline. */
function contentHash(set: QuestionSet): string {
  return createHash("sha256").update(JSON.stringify(set)).digest("hex").slice(0, 12);
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
