/** The judging routes: LLM judges over answers as a job, the stored judge runs, the judges' prompts, and the learner's reviews of claims. */
import { z } from "zod";
import { endpoint, labType, noInput } from "@/lib/api/endpoint";
import { jobRecordSchema } from "@/lib/jobs/contract";
import { searchModeSchema } from "@/lib/retrieval/contract";

/** The judge prompts a spec's `templates` may replace, by name. */
export const JUDGE_TEMPLATE_NAMES = ["faithfulness_claims", "faithfulness_verdicts", "relevancy", "context_precision", "context_recall", "rubric"] as const;
export type JudgeTemplateName = (typeof JUDGE_TEMPLATE_NAMES)[number];

const rubricSchema = z.strictObject({
  name: z.string().min(1).max(40),
  criterion: z.string().min(1).max(2_000),
  scores: z.record(z.string(), z.string()),
});

const template = z.string().min(1).max(20_000).optional();
const templatesSchema = z.strictObject({
  faithfulness_claims: template,
  faithfulness_verdicts: template,
  relevancy: template,
  context_precision: template,
  context_recall: template,
  rubric: template.describe("Used by the style judge and your rubric."),
}) satisfies z.ZodType<Partial<Record<JudgeTemplateName, string>>>;

export const judgeItemSchema = labType(
  "JudgeItem",
  z.strictObject({
    id: z.string().min(1).max(100),
    question: z.string().min(1).max(4_000),
    answer: z.string().min(1).max(20_000),
    contexts: z.array(z.string().max(20_000)).max(20),
    reference: z.string().max(20_000).optional(),
  }),
);
export type JudgeItem = z.output<typeof judgeItemSchema>;

export const JUDGE_NAMES = ["faithfulness", "relevancy", "context_precision", "context_recall", "style"] as const;

export const judgeSpecSchema = labType(
  "JudgeSpec",
  z
    .strictObject({
      judges: z.array(z.enum(JUDGE_NAMES)).min(1).max(5).default(["faithfulness", "relevancy"]),
      rubric: rubricSchema.optional().describe("A 1-5 rubric of your own (scores keyed \"1\" to \"5\"), judged alongside the others."),
      templates: templatesSchema.optional().describe("Replacement judge prompts (see `templates()`); each must keep its required placeholders."),
      items: z.array(judgeItemSchema).min(1).max(200).optional().describe("Answers to judge..."),
      experiment: z
        .strictObject({ id: z.string().min(1).max(100), questions: z.int().min(1).max(200).optional(), point: z.int().min(0).optional() })
        .optional()
        .describe("...or a stored experiment: its questions are answered with the chat model (best point by MRR, or `point`), stored, then judged."),
      repeats: z.int().min(1).max(10).default(3),
      concurrency: z.int().min(1).max(16).default(4).describe("Model calls in flight at once (default 4), for answering and judging: 1 for a local server or a tight rate limit."),
      threshold: z.number().optional().describe("Items whose 95% interval straddles this score are flagged as undecided."),
    })
    .refine((s) => (s.items === undefined) !== (s.experiment === undefined), { message: "Give either items (answers to judge) or experiment (a run id), not both." }),
  "input",
);
export type JudgeSpec = z.output<typeof judgeSpecSchema>;
/** A judge spec as a cell writes it (defaults left out). */
export type JudgeSpecInput = z.input<typeof judgeSpecSchema>;

const ciSchema = z.object({ low: z.number(), high: z.number() }).nullable();

export const judgeSummarySchema = labType("JudgeSummary", z.object({ n: z.number(), mean: z.number().nullable(), std: z.number().nullable(), ci: ciSchema }));
export type JudgeSummary = z.output<typeof judgeSummarySchema>;

const tokensSchema = z.object({ input: z.number(), output: z.number() });

/** The grid point whose answers were judged, with its retrieval metrics, when judging an experiment. */
const judgedPointSchema = z.object({ id: z.string(), point: z.string(), mode: searchModeSchema, k: z.number(), hitRate: z.number(), mrr: z.number() }).nullable();

export const judgeResultsSchema = labType(
  "JudgeResults",
  z
    .object({
      id: z.string(),
      createdAt: z.string(),
      modelId: z.string(),
      repeats: z.number(),
      experiment: judgedPointSchema.describe("The grid point whose answers were judged, with its retrieval metrics, when judging an experiment."),
      samples: z.array(judgeItemSchema),
      answerFailures: z.array(z.object({ id: z.string(), kind: z.string(), message: z.string() })).describe("Questions whose answer could not be generated; they are not judged."),
      answerTokens: tokensSchema.describe("Tokens spent generating answers (judging tokens are per judge, in counts)."),
      judges: z.array(
        z.object({
          judge: z.string(),
          scale: z.object({ min: z.number(), max: z.number() }),
          modelId: z.string(),
          repeats: z.number(),
          overall: judgeSummarySchema,
          counts: z.object({
            ok: z.number(),
            failed: z.record(z.string(), z.number()),
            skipped: z.record(z.string(), z.number()),
            calls: z.number(),
            inputTokens: z.number(),
            outputTokens: z.number(),
          }),
          items: z.array(
            judgeSummarySchema.extend({ id: z.string(), scores: z.array(z.number()), undecided: z.boolean(), failures: z.array(z.string()), details: z.array(z.unknown()) }),
          ),
        }),
      ),
    })
    .describe("A stored judge run: what was judged, how, and the scores; failures are counted and listed, never dropped."),
);
export type JudgeResults = z.output<typeof judgeResultsSchema>;

export const judgeRunSummarySchema = labType(
  "JudgeRunSummary",
  z
    .object({
      id: z.string(),
      createdAt: z.string(),
      modelId: z.string(),
      experiment: judgedPointSchema,
      samples: z.number(),
      repeats: z.number(),
      judges: z.array(z.object({ judge: z.string(), mean: z.number().nullable(), ci: ciSchema })),
      tokens: tokensSchema,
    })
    .describe("One line of `lab.judge.runs()`."),
);
export type JudgeRunSummary = z.output<typeof judgeRunSummarySchema>;

export const judgeTemplateSchema = labType(
  "JudgeTemplate",
  z
    .object({ name: z.enum(JUDGE_TEMPLATE_NAMES), template: z.string(), required: z.array(z.string()), optional: z.array(z.string()) })
    .describe("A judge prompt: `{name}` placeholders are filled in per item; the JSON reply format is appended to it."),
);
export type JudgeTemplate = z.output<typeof judgeTemplateSchema>;

export const REVIEW_LABELS = ["supported", "unsupported"] as const;
export type ReviewLabel = (typeof REVIEW_LABELS)[number];

export const claimReviewRecordSchema = labType(
  "ClaimReviewRecord",
  z
    .object({
      key: z.string().describe("`${judgeRun}|${item}|${claim index}`"),
      claim: z.string(),
      judgeLabel: z.enum(REVIEW_LABELS),
      learnerLabel: z.enum(REVIEW_LABELS),
      updatedAt: z.string(),
    })
    .describe("Your verdict on one claim the faithfulness judge labelled (see lab.judge.review)."),
);
export type ClaimReviewRecord = z.output<typeof claimReviewRecordSchema>;

export const kappaAgreementSchema = labType(
  "KappaAgreement",
  z
    .union([z.object({ kappa: z.number(), observed: z.number(), expected: z.number(), n: z.number() }), z.object({ kappa: z.null(), reason: z.string(), n: z.number() })])
    .describe("Cohen's kappa between two raters; undefined (null, with the reason) when it cannot be computed."),
);
export type KappaAgreement = z.output<typeof kappaAgreementSchema>;

export const startJudgeRun = endpoint({ method: "POST", path: "/api/judge", request: judgeSpecSchema, response: jobRecordSchema, maxBytes: 2_000_000 });

export const listJudgeRuns = endpoint({ method: "GET", path: "/api/judge/runs", request: noInput, response: z.object({ runs: z.array(judgeRunSummarySchema) }) });

export const readJudgeRun = endpoint({ method: "GET", path: "/api/judge/runs/[id]", request: noInput, response: judgeResultsSchema });

export const listJudgeTemplates = endpoint({ method: "GET", path: "/api/judge/templates", request: noInput, response: z.object({ templates: z.array(judgeTemplateSchema) }) });

export const listClaimReviews = endpoint({
  method: "GET",
  path: "/api/judge/reviews",
  request: noInput,
  response: z.object({ reviews: z.array(claimReviewRecordSchema), agreement: kappaAgreementSchema }),
});

/** Records (or changes) the learner's verdict on one claim. */
export const saveClaimReview = endpoint({
  method: "POST",
  path: "/api/judge/reviews",
  request: z.strictObject({ key: z.string().min(1).max(300), claim: z.string().max(4_000), judgeLabel: z.enum(REVIEW_LABELS), learnerLabel: z.enum(REVIEW_LABELS) }),
  response: z.object({ review: claimReviewRecordSchema, agreement: kappaAgreementSchema }),
  maxBytes: 16_000,
});

const REMOVE_KEY = "Give the review to remove as ?key= (at most 300 characters).";

/** Removes one review (`?key=`): the claim goes back to "not reviewed". */
export const deleteClaimReview = endpoint({
  method: "DELETE",
  path: "/api/judge/reviews",
  request: z.object({ key: z.string(REMOVE_KEY).min(1, REMOVE_KEY).max(300, REMOVE_KEY) }),
  response: z.object({ agreement: kappaAgreementSchema }),
});
