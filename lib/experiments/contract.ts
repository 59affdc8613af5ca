/** The experiments routes: retrieval grids run as jobs, their stored runs, drill-downs and downloads, and scoring one collection. */
import { z } from "zod";
import { endpoint, labType, noInput, rawResponse } from "@/lib/api/endpoint";
import { DATASET_NAMES } from "@/lib/captions/contract";
import { gridPointSummarySchema, qualityMetricSchema, questionScoreSchema, questionsRefSchema, splitSpecSchema } from "@/lib/eval/contract";
import { jobRecordSchema } from "@/lib/jobs/contract";
import { fusionSchema, keywordIndexSchema, leversSchema, searchModeSchema } from "@/lib/retrieval/contract";

/** "sentence": chunks ranked by their best sentence; "kvg": vector seeds plus hops through the chunk graph, with k as the total budget. */
export const GRID_MODES = ["vector", "bm25", "hybrid", "sentence", "kvg"] as const;
const gridModeSchema = z.enum(GRID_MODES);

const oneOrMany = z.union([z.int(), z.array(z.int()).min(1, "must list at least one value").max(12)]);

/** One chunker family with lists of values, expanded into every combination. */
const chunkingSchema = z.strictObject({
  kind: z.enum(["token", "recursive", "sentence", "time"]),
  size: oneOrMany,
  overlap: oneOrMany.default(0),
});

export const EMBEDDER_NAMES = ["use-lite", "openai"] as const;

export const gridSpecSchema = labType(
  "GridSpec",
  z.strictObject({
    corpus: z
      .strictObject({ dataset: z.enum(DATASET_NAMES).default("google-talks"), only: z.array(z.string()).min(1).max(13).optional() })
      .default({ dataset: "google-talks" }),
    questions: questionsRefSchema.optional(),
    chunking: z.array(chunkingSchema).min(1, "must list at least one chunker").max(8),
    topK: z.array(z.int().min(1, "must be at least 1").max(50, "must be at most 50")).min(1, "must list at least one k").max(12),
    modes: z.array(gridModeSchema).min(1, "must list at least one mode").default(["vector"]).describe('"sentence" = each chunk ranked by its best sentence (every sentence embedded, cached); "kvg" = vector seeds + graph hops with k as the total chunk budget.'),
    hybrid: fusionSchema
      .extend({
        vectorWeight: z
          .union([z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1"), z.literal("fit")], { error: 'must be a number from 0 to 1, or "fit"' })
          .optional()
          .describe('0 to 1 (default 0.5), or "fit": each hybrid point tries 0, 0.1, ..., 1 and keeps the weight best on the tuning part (needs `split`).'),
      })
      .optional()
      .describe('How "hybrid" points weigh the two rankings (equal weights, k 60 when absent).'),
    kvg: z
      .strictObject({ seeds: z.int().min(1).max(10).default(2), hops: z.int().min(1).max(3).default(1) })
      .default({ seeds: 2, hops: 1 })
      .describe('Seeds and hops for the "kvg" mode; at k ≤ seeds it is plain vector top-k.'),
    embedders: z.array(z.enum(EMBEDDER_NAMES)).min(1, "must list at least one embedder").max(2).optional().describe("Compare embedders (each must be configured on the server); the server's default when absent."),
    queryRewrite: z.enum(["none", "llm"]).default("none").describe('"llm": the chat model rewrites each question into a search query first.'),
    split: splitSpecSchema
      .optional()
      .describe(
        'Rank configurations on a tuning part and score the chosen one on a held-out test part: each talk\'s questions in the same share (`test`, default 0.4), shuffled by `seed` (default: the one fixed for the shipped set), ranked by `metric` (default "mrr").',
      ),
    levers: z
      .array(leversSchema)
      .min(1, "must list at least one combination ([] for none)")
      .max(8)
      .default([[]])
      .describe("Retrieval levers to compare, each entry one combination (`[]` = none, the default); each applies to every vector, bm25 and hybrid point (kvg retrieves without them)."),
    headers: z
      .array(z.boolean())
      .min(1, "must list at least one setting")
      .max(2)
      .default([false])
      .describe("Contextual chunk headers to compare: `true` embeds and indexes each chunk with its talk's title and speaker (shown and cited text stays plain), a collection of its own."),
    keywords: z
      .array(keywordIndexSchema)
      .min(1, "must list at least one keyword index")
      .max(2)
      .default(["plain"])
      .describe('Keyword indexes to compare for bm25 and hybrid points: "plain" matches words as written, "stemmed" matches word stems with English stop words removed ("running" finds "run"; LanceDB only: Weaviate\'s BM25 has no stemming).'),
  }),
  "input",
);
export type GridSpec = z.output<typeof gridSpecSchema>;
/** A grid spec as a cell or the CLI writes it (defaults left out). */
export type GridSpecInput = z.input<typeof gridSpecSchema>;

export const gridPointSchema = labType(
  "GridPoint",
  z.object({
    chunkerLabel: z.string(),
    modelId: z.string(),
    size: z.number(),
    overlap: z.number(),
    mode: gridModeSchema,
    levers: leversSchema.optional().describe("The levers this point retrieved with, when any (in the order they apply)."),
    headers: z.literal(true).optional().describe("Set when the chunks were embedded and indexed with contextual headers."),
    keywords: z.literal("stemmed").optional().describe("Set when BM25 (alone or in hybrid) read the stemmed keyword index."),
    fusion: fusionSchema
      .required()
      .optional()
      .describe('A hybrid point\'s fusion when its weight was fitted (`hybrid.vectorWeight: "fit"`): the weight chosen on the tuning part.'),
    k: z.number(),
    collection: z.string(),
    chunks: z.number(),
    summary: gridPointSummarySchema,
    perQuestion: z.array(questionScoreSchema).describe("Per question, in question-set order (the tuning part's, with a split): the metrics at this point's k."),
  }),
);
export type GridPoint = z.output<typeof gridPointSchema>;

export const experimentSplitSchema = labType(
  "ExperimentSplit",
  z
    .object({
      seed: z.number(),
      test: z.number().describe("The share held out."),
      metric: qualityMetricSchema.describe("What the chosen configuration was the best at, on the tuning part."),
      tuneQuestions: z.number(),
      testQuestions: z.number(),
      testIds: z.array(z.string()),
      testPart: z.string().describe("Identifies the test part (the set's content and the held-out ids): looks are counted per test part."),
      chosen: z.object({
        point: z.number().describe("Index into the run's points."),
        config: z.string(),
        tune: gridPointSummarySchema,
        test: gridPointSummarySchema,
        perQuestion: z.array(questionScoreSchema),
      }),
      looks: z.number().describe("Distinct configurations you have scored on this test part, this one included: each look makes its test scores a little less unseen."),
    })
    .describe("A grid's tuning/test split: points are scored on the tuning part; only the chosen one on the test part."),
);
export type ExperimentSplit = z.output<typeof experimentSplitSchema>;

/** A stored grid run as GET /api/experiments/[id] sends it: the record without its per-question rankings (those come from the drill-down). */
export const experimentSchema = labType(
  "Experiment",
  z.object({
    id: z.string(),
    createdAt: z.string(),
    spec: gridSpecSchema,
    specHash: z.string(),
    corpus: z.object({ dataset: z.string(), only: z.array(z.string()).optional(), versions: z.record(z.string(), z.string()) }),
    questionSet: z
      .object({ id: z.string().optional(), hash: z.string(), questions: z.number() })
      .describe("The shipped set's id (absent for a set of your own), a hash of its content, and how many of its questions were scored."),
    modelId: z.string(),
    codeVersion: z.string().describe("The git commit the lab ran the grid from."),
    notebook: z.string().optional().describe("The lesson whose notebook started the grid; absent for one started elsewhere (the CLI, say)."),
    elapsedMs: z.number(),
    points: z.array(gridPointSchema),
    split: experimentSplitSchema.optional(),
    warnings: z.array(z.string()).optional().describe("Things worth knowing about the run's input (fields kept as metadata in a question set, say)."),
    rewrittenQueries: z.record(z.string(), z.string()).optional().describe("What was searched for each question, when the grid rewrote questions."),
    rewriteFailures: z
      .array(z.object({ question: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .describe("Questions the chat model could not rewrite (with the failure's class): left out of every score."),
  }),
);
export type Experiment = z.output<typeof experimentSchema>;

export const experimentSummarySchema = labType(
  "ExperimentSummary",
  z.object({
    id: z.string(),
    createdAt: z.string(),
    points: z.number(),
    questions: z.number(),
    modelId: z.string(),
    codeVersion: z.string(),
    elapsedMs: z.number(),
    best: z
      .object({ chunker: z.string(), mode: z.string(), k: z.number(), hitRate: z.number(), mrr: z.number() })
      .optional()
      .describe("The best point by MRR, or with a split the one chosen on the tuning part (its tuning scores)."),
    test: z
      .object({ hitRate: z.number(), mrr: z.number(), questions: z.number(), looks: z.number() })
      .optional()
      .describe("With a split: the chosen point's test scores, and your looks at that test part."),
  }),
);
export type ExperimentSummary = z.output<typeof experimentSummarySchema>;

/** One ranked chunk of a drill-down, gold or not. */
export const retrievedChunkSchema = z.object({
  id: z.string(),
  docId: z.string(),
  startS: z.number(),
  endS: z.number(),
  score: z.number(),
  relevant: z.boolean(),
  citation: z.string(),
  excerpt: z.string(),
});
export type RetrievedChunk = z.output<typeof retrievedChunkSchema>;

export const listExperiments = endpoint({
  method: "GET",
  path: "/api/experiments",
  request: noInput,
  response: z.object({
    experiments: z.array(experimentSummarySchema),
    unreadable: z
      .array(z.object({ id: z.string(), message: z.string() }))
      .optional()
      .describe("Runs stored in a shape this version cannot read, each with why: delete them, or run their grids again."),
  }),
});

/** The spec is validated in full (the chunkers against the embedder too) before the job is queued. */
export const startGridRun = endpoint({ method: "POST", path: "/api/experiments", request: gridSpecSchema, response: jobRecordSchema });

export const readExperiment = endpoint({ method: "GET", path: "/api/experiments/[id]", request: noInput, response: experimentSchema });

export const deleteExperiment = endpoint({ method: "DELETE", path: "/api/experiments/[id]", request: noInput, response: z.object({ deleted: z.string() }) });

export const drilldownExperiment = endpoint({
  method: "GET",
  path: "/api/experiments/[id]/drilldown",
  request: z.object({
    question: z.string().default(""),
    // Repeated (`?point=a&point=b`): the client sends a list as repeated parameters; the route reads them all from the URL.
    point: z.union([z.string(), z.array(z.string())]).optional().describe('The points to show, as "chunker|mode" keys (e.g. "token 128/0|vector").'),
  }),
  response: z.object({ question: z.string(), points: z.array(z.object({ key: z.string(), hits: z.array(retrievedChunkSchema) })) }),
});

/** A run as a download: `format=csv` gives one row per grid point, anything else the full JSON record (rankings included). */
export const exportExperiment = endpoint({ method: "GET", path: "/api/experiments/[id]/export", request: z.object({ format: z.string().optional() }), response: rawResponse });

export const rerunExperiment = endpoint({ method: "POST", path: "/api/experiments/[id]/rerun", request: noInput, response: jobRecordSchema });

export const collectionEvalSchema = labType(
  "CollectionEval",
  z.object({
    collection: z.string(),
    questions: z.number(),
    k: z.number(),
    mode: searchModeSchema,
    summary: gridPointSummarySchema,
    perQuestion: z.array(z.object({ id: z.string(), hit: z.number(), reciprocalRank: z.number(), recall: z.number(), ndcg: z.number(), top: z.array(z.string()).describe("Citations of the retrieved chunks, best first.") })),
    warnings: z.array(z.string()).optional().describe("Fields the question set carried that the lab does not use (kept as metadata)."),
  }),
);
export type CollectionEval = z.output<typeof collectionEvalSchema>;

/** Scores an existing collection on a question set (`ragcamp eval`); the set may be sent whole, up to a question set's 1 MB. */
export const evaluateCollectionRun = endpoint({
  method: "POST",
  path: "/api/eval",
  request: z.strictObject({
    collection: z.string().min(1).max(200),
    questions: questionsRefSchema.optional(),
    k: z.int().min(1).max(100).default(5),
    mode: searchModeSchema.default("vector"),
  }),
  response: collectionEvalSchema,
  maxBytes: 1_100_000,
});
