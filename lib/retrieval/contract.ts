/** The retrieval settings every search-shaped request shares (`lab.search`, the grid, judging), and the search route. */
import { z } from "zod";
import { endpoint, labType } from "@/lib/api/endpoint";
import { chunkSchema } from "@/lib/ingest/contract";

/**
 * - "mmr": maximal marginal relevance over the candidates (needs the query vector);
 * - "prf": pseudo-relevance feedback, the keyword query widened with words of the top BM25 hits;
 * - "rerank": candidates reordered by their best sentence's similarity (sentence embeddings, cached).
 */
export const LEVERS = ["prf", "rerank", "mmr"] as const;
export type Lever = (typeof LEVERS)[number];
export const leversSchema = z.array(z.enum(LEVERS)).max(LEVERS.length);

/** "sentence": every chunk ranked by its best sentence's similarity (sentence embeddings, cached), over the whole collection. */
export const searchModeSchema = z.enum(["vector", "bm25", "hybrid", "sentence"]);
export type RetrievalMode = z.output<typeof searchModeSchema>;

/**
 * Which keyword index BM25 (and hybrid's keyword half) reads: "plain" matches
 * words as written; "stemmed" matches word stems with English stop words
 * removed (the full-text index's own options), so "running" finds "run".
 */
export const KEYWORD_INDEXES = ["plain", "stemmed"] as const;
export type KeywordIndex = (typeof KEYWORD_INDEXES)[number];
export const keywordIndexSchema = z.enum(KEYWORD_INDEXES);

/** A talk (docId or videoId), its speaker and a time range in seconds: the fields a self-query fills in. */
export const retrievalFilterSchema = z.strictObject({
  docId: z.string().min(1).optional(),
  videoId: z.string().min(1).optional(),
  speaker: z.string().trim().min(1, "must not be empty").max(200).optional(),
  fromS: z.number().min(0, "must be at least 0").optional(),
  toS: z.number().min(0, "must be at least 0").optional(),
});

/**
 * Weighted reciprocal rank fusion for hybrid search:
 * score = vectorWeight / (k + vector rank) + (1 - vectorWeight) / (k + BM25 rank).
 */
export const fusionSchema = z
  .strictObject({
    vectorWeight: z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1").optional().describe("0 to 1 (default 0.5); BM25 gets the rest."),
    k: z
      .int("must be a whole number from 1 to 1000")
      .min(1, "must be a whole number from 1 to 1000")
      .max(1_000, "must be a whole number from 1 to 1000")
      .optional()
      .describe("Default 60; smaller lets each list's top ranks count for more."),
  })
  .describe("Weighted reciprocal rank fusion for hybrid search: score = vectorWeight / (k + vector rank) + (1 - vectorWeight) / (k + BM25 rank).");
export type FusionSetting = z.output<typeof fusionSchema>;

export const searchRequestSchema = z.strictObject({
  collection: z.string().min(1).max(200),
  query: z.string().trim().min(1, "query must not be empty").max(2_000),
  k: z.int().min(1).max(100).default(3),
  mode: searchModeSchema.default("vector"),
  filter: retrievalFilterSchema.optional(),
  /** "hybrid": the weight of the vector ranking and the RRF k. */
  fusion: fusionSchema.optional(),
  /** "bm25" and "hybrid": plain (the default) or stemmed keywords. */
  keywords: keywordIndexSchema.optional(),
  levers: leversSchema.optional(),
});

export const searchHitSchema = labType(
  "SearchHit",
  z.object({
    chunk: chunkSchema,
    score: z.number().describe("Higher is better; comparable only within one mode: cosine similarity (vector; sentence: of the best sentence), BM25 score (bm25), weighted reciprocal-rank-fusion score (hybrid)."),
    distance: z.number().optional().describe("Cosine distance, present for \"vector\" hits."),
  }),
);
export type SearchHit = z.output<typeof searchHitSchema>;

export const searchResultSchema = z.object({
  collection: z.string(),
  query: z.string(),
  mode: searchModeSchema,
  k: z.number(),
  hits: z.array(searchHitSchema),
  ms: z.object({ embed: z.number(), search: z.number() }),
});
export type SearchResult = z.output<typeof searchResultSchema>;

/** Searches one of the learner's (or the course's shared) collections. */
export const searchCollection = endpoint({ method: "POST", path: "/api/search", request: searchRequestSchema, response: searchResultSchema });
