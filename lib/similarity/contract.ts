/**
 * The similarity routes: the live triangle of three texts, triples mined from
 * a collection, and the job comparing plain vector top-k against vector seeds
 * + graph hops (a knowledge vector graph).
 */
import { z } from "zod";
import { endpoint, labType, noInput } from "@/lib/api/endpoint";
import { questionsRefSchema } from "@/lib/eval/contract";
import { jobRecordSchema } from "@/lib/jobs/contract";

/** Graph hops a knowledge vector graph query may take from its seeds. */
export const MAX_HOPS = 3;

export const triangleSchema = labType(
  "Triangle",
  z
    .object({
      modelId: z.string(),
      // json-schema-to-typescript reads no prefixItems: tsType keeps the tuple in lab.d.ts.
      texts: z.tuple([z.string(), z.string(), z.string()]).meta({ tsType: "[string, string, string]" }),
      ab: z.number(),
      bc: z.number(),
      ac: z.number(),
      matrix: z.array(z.array(z.number())).describe("Rows and columns in the order A, B, C; the diagonal is 1."),
    })
    .describe("Three pairwise similarities under one embedder."),
);

export const triangleResultSchema = labType(
  "TriangleResult",
  triangleSchema.extend({
    others: z.array(triangleSchema).describe("The same triangle with every other configured embedder."),
    unavailable: z
      .array(z.object({ modelId: z.string(), reason: z.string() }))
      .describe("Configured embedders that could not compute it, with why (say, a chat-only server has no embeddings)."),
  }),
);

export const exampleTripleSchema = labType(
  "ExampleTriple",
  z.object({
    id: z.string(),
    a: z.string(),
    b: z.string(),
    c: z.string(),
    note: z.string().describe("Why A→B and B→C are direct links while A→C is only indirect."),
  }),
);

export type Triangle = z.output<typeof triangleSchema>;
export type TriangleResult = z.output<typeof triangleResultSchema>;
export type ExampleTriple = z.output<typeof exampleTripleSchema>;

export const triangleExamples = endpoint({
  method: "GET",
  path: "/api/similarity/triangle",
  request: noInput,
  response: z.object({ examples: z.array(exampleTripleSchema) }),
});

/**
 * A sentence each. Bounded in characters before the token count: gpt2's BPE
 * is quadratic in the length of one unbroken word and blocks the server's
 * event loop (a 16,000-letter word takes 13 s to count).
 */
const text = z.string().max(4_000, "must be at most 4,000 characters: the triangle compares sentences");

/** The three pairwise similarities of three texts, computed now with every configured embedder (the default first). */
export const computeTriangle = endpoint({
  method: "POST",
  path: "/api/similarity/triangle",
  request: z.strictObject({ a: text, b: text, c: text }),
  response: triangleResultSchema,
  maxBytes: 64_000,
});

const tripleChunkSchema = labType(
  "TripleChunk",
  z.object({ id: z.string(), docId: z.string().optional(), startS: z.number().optional(), citation: z.string().optional(), text: z.string().optional() }),
);

export const minedTriplesSchema = labType(
  "MinedTriples",
  z.object({
    triples: z.array(
      z.object({
        a: tripleChunkSchema,
        b: tripleChunkSchema,
        c: tripleChunkSchema,
        ab: z.number(),
        bc: z.number(),
        ac: z.number(),
        gap: z.number().describe("min(ab, bc) − ac: how much weaker the indirect link is than the weaker direct one."),
        videos: z.union([z.literal(1), z.literal(2), z.literal(3)]).describe("Distinct videos among A, B and C."),
      }),
    ),
    thresholds: z.object({
      tauHigh: z.number(),
      tauLow: z.number(),
      fromPercentiles: z.object({ high: z.boolean(), low: z.boolean() }).describe("Which thresholds were estimated from sampled pairs rather than given."),
    }),
    stats: z.object({
      rows: z.number(),
      sampledPairs: z.number().describe("Pairs sampled to estimate default thresholds (0 when both were given)."),
      candidatePairs: z.number().describe("(A, C) pairs examined: pairs of neighbours of some B."),
      triplesFound: z.number(),
      elapsedMs: z.number(),
    }),
  }),
);

export type MinedTriples = z.output<typeof minedTriplesSchema>;

/** Triples in a collection with sim(A,B) and sim(B,C) high but sim(A,C) low; thresholds default to percentiles. */
export const mineTriples = endpoint({
  method: "POST",
  path: "/api/similarity/mine",
  request: z.strictObject({
    collection: z.string().min(1),
    tauHigh: z.number().optional(),
    tauLow: z.number().optional(),
    limit: z.int().optional().describe("Triples returned (the best ones); all found are counted."),
    neighbours: z.int().optional().describe("k of the nearest-neighbour lists."),
  }),
  response: minedTriplesSchema,
  maxBytes: 4_000,
});

/** The comparison's settings; `questions` is a shipped set's id or a question set of your own, as for a grid. */
export const kvgCompareRequestSchema = z.strictObject({
  // Bounded like every collection name a request carries: a "not found" quotes it back.
  collection: z.string().min(1).max(200),
  /** Chunks every configuration may return: plain top-k gets k = budget. */
  budget: z.int().min(2).max(20).default(5),
  seeds: z.int().min(1).max(19).default(2),
  hops: z.array(z.int().min(0).max(MAX_HOPS)).min(1).max(4).default([0, 1, 2]),
  questions: questionsRefSchema.optional(),
});

/** Starts the comparison as a job; its result is a KvgComparison. */
export const startKvgCompare = endpoint({
  method: "POST",
  path: "/api/similarity/kvg",
  request: kvgCompareRequestSchema,
  response: jobRecordSchema,
  // A question set of your own travels in the body, as it does for a grid.
  maxBytes: 1_100_000,
});
