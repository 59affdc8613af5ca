/**
 * Question sets and tuning/test splits as requests carry them (a grid spec,
 * a KVG comparison): checked the same way by the route, the CLI and the
 * server's own readers. Browser-safe: zod and pure modules only.
 */
import { z } from "zod";
import { labType } from "@/lib/api/endpoint";
import { VIDEO_ID } from "@/lib/captions/inputs";

export const QUALITY_METRICS = ["hitRate", "recall", "mrr", "ndcg", "contextPrecision"] as const;
export const qualityMetricSchema = labType("QualityMetric", z.enum(QUALITY_METRICS));
export type QualityMetric = z.output<typeof qualityMetricSchema>;

export const DEFAULT_QUESTION_SET_ID = "google-talks-v1";
/**
 * The seed of the default set's tuning/test split, fixed before any retrieval
 * lever was tried so no lever could be chosen by picking a lucky split.
 */
export const DEFAULT_SPLIT_SEED = 18;
export const MAX_QUESTIONS = 2_000;
export const MAX_QUESTION_SET_BYTES = 1_000_000;
const SET_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

const notBlank = z.string().regex(/\S/, "must not be blank");
const metadataSchema = z.record(z.string(), z.unknown(), { error: "must be an object of extra fields" });

/**
 * An object that keeps fields beyond `shape` under `metadata` (merged with
 * any `metadata` the input already has), so a set parsed twice, by the CLI
 * and then the server, comes out the same.
 */
function keepingExtras<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject({ ...shape, metadata: metadataSchema.optional() }).transform((value) => {
    const known = new Set([...Object.keys(shape), "metadata"]);
    const extras = Object.fromEntries(Object.entries(value).filter(([key]) => !known.has(key)));
    const picked = Object.fromEntries(Object.entries(value).filter(([key]) => known.has(key) && key !== "metadata"));
    const metadata = { ...(value.metadata as Record<string, unknown> | undefined), ...extras };
    return { ...picked, ...(Object.keys(metadata).length > 0 ? { metadata } : {}) } as z.output<z.ZodObject<T>> & { metadata?: Record<string, unknown> };
  });
}

/** Spans stay strict: each of their fields decides what counts as relevant, so a typo must be an error. */
const goldSpanSchema = z.strictObject(
  {
    video_id: z.string().regex(VIDEO_ID, "must be an 11-character YouTube video id"),
    start_s: z.number(),
    end_s: z.number(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? "unknown field; the fields are video_id, start_s, end_s" : undefined) },
);

const questionSchema = keepingExtras({
  id: z.string().regex(/^\S+$/, "must be non-empty and without spaces").max(200),
  question: notBlank,
  evidence: z.array(goldSpanSchema).min(1, "needs at least one gold span").describe("Gold spans: the stretches of a talk, in seconds, whose speech answers the question."),
  reference_answer: notBlank.optional(),
  kind: notBlank.max(40, "must be at most 40 characters").optional().describe('A free label (the shipped sets use "factual", "paraphrase", "multi-part", "conceptual").'),
});

export const questionSetSchema = labType(
  "QuestionSet",
  keepingExtras({
    version: z.literal(1),
    questions: z
      .array(questionSchema)
      .min(1)
      .max(MAX_QUESTIONS, `at most ${MAX_QUESTIONS} questions`)
      .superRefine((questions, ctx) => {
        const first = new Map<string, number>();
        questions.forEach((q, i) => {
          // Names the earlier index, not the id: messages never repeat the set's content.
          const earlier = first.get(q.id);
          if (earlier !== undefined) ctx.addIssue({ code: "custom", message: `duplicate of questions.${earlier}.id`, path: [i, "id"] });
          else first.set(q.id, i);
        });
      }),
  })
  .superRefine((set, ctx) => {
    const bytes = new TextEncoder().encode(JSON.stringify(set)).length;
    if (bytes > MAX_QUESTION_SET_BYTES) ctx.addIssue({ code: "custom", message: `is ${bytes} bytes as JSON; at most ${MAX_QUESTION_SET_BYTES}` });
  })
  .describe("A labelled question set in the datasets/questions format (at most 2,000 questions and 1 MB as JSON). Fields the lab does not read are kept as `metadata`; ids, questions and gold spans are checked, naming the question and field."),
  "input",
);

export type QuestionSet = z.infer<typeof questionSetSchema>;
export type Question = QuestionSet["questions"][number];
export type GoldSpan = Question["evidence"][number];

const setIdSchema = z.string().regex(SET_ID, `must be the id of a shipped question set (such as "${DEFAULT_QUESTION_SET_ID}") or a question set object`);

/**
 * A spec's question set: a shipped set's id, or the set itself. Never a path,
 * so a spec cannot make the server read a file of its choosing.
 */
export const questionsRefSchema = z.unknown().transform((value, ctx): string | QuestionSet => {
  const parsed = typeof value === "string" ? setIdSchema.safeParse(value) : questionSetSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
  return z.NEVER;
})
  // Checked by hand, for messages naming the field; completions still show what it takes.
  .meta({ tsType: "string | QuestionSet", description: 'A shipped question set\'s id (such as "google-talks-v1", the default) or a set of your own.' });
export type QuestionsRef = z.output<typeof questionsRefSchema>;

export const DEFAULT_TEST_SHARE = 0.4;

export const splitSpecSchema = z.strictObject({
  /** Seeds the shuffle within each talk; the default is the one fixed for the shipped set. */
  seed: z.int({ error: "must be a whole number (the same seed gives the same split)" }).default(DEFAULT_SPLIT_SEED),
  /** The share of each talk's questions held out for the test part. */
  test: z.number({ error: "must be a number between 0 and 1" }).gt(0, "must be more than 0").lt(1, "must be less than 1").default(DEFAULT_TEST_SHARE),
  /** The metric configurations are ranked by on the tuning part. */
  metric: qualityMetricSchema.default("mrr"),
});
export type SplitSpec = z.output<typeof splitSpecSchema>;

const intervalSchema = z.object({ low: z.number(), high: z.number() });

export const gridPointSummarySchema = labType(
  "GridPointSummary",
  z
    .object({
      questions: z.number(),
      hitRate: z.number(),
      recall: z.number(),
      mrr: z.number(),
      ndcg: z.number(),
      contextPrecision: z.number(),
      redundancy: z.number(),
      contextTokens: z.number().describe("Mean context tokens per question."),
      latencyMs: z.object({ p50: z.number(), p95: z.number() }),
      intervals: z
        .record(qualityMetricSchema, intervalSchema)
        .describe("95% interval of each quality metric's mean: 2,000 seeded resamples of the questions, so the same scores give the same interval."),
    })
    .describe("Retrieval quality over a question set: the mean of each metric (each question weighs the same), its bootstrap 95% interval over the questions, and latency percentiles."),
);
export type GridPointSummary = z.output<typeof gridPointSummarySchema>;

export const questionScoreSchema = labType(
  "QuestionScore",
  z
    .object({
      id: z.string(),
      hit: z.number(),
      reciprocalRank: z.number(),
      recall: z.number(),
      ndcg: z.number(),
      contextPrecision: z.number(),
      redundancy: z.number(),
      contextTokens: z.number(),
      latencyMs: z.number(),
    })
    .describe("One question's scores at one grid point."),
);
export type QuestionScore = z.output<typeof questionScoreSchema>;
