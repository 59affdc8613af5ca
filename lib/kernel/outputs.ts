import { z } from "zod";
import type { ChartInput } from "@/lib/sdk/types";
import { boundedJson } from "@/lib/validation/json";

/**
 * What a cell can show. Outputs cross two trust boundaries (worker → page,
 * page → server), so both sides validate them with these schemas and the
 * page renders them as data, never as HTML. Every object is strict: a field
 * the schema does not know is refused, not silently dropped.
 */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const textOutput = z.strictObject({
  kind: z.literal("text"),
  /** A later output with the same id replaces this one (e.g. a streaming reply). */
  id: z.string().optional(),
  text: z.string(),
  stream: z.enum(["result", "log", "info", "warn", "error"]).default("result"),
  truncatedFrom: z.number().int().optional(),
});

export const jsonOutput = z.strictObject({
  kind: z.literal("json"),
  value: boundedJson,
  truncatedFrom: z.number().int().optional(),
});

export const tableOutput = z.strictObject({
  kind: z.literal("table"),
  /** A later table with the same id replaces this one (results arriving while a job runs). */
  id: z.string().optional(),
  columns: z.array(z.string()).max(200),
  rows: z.array(z.record(z.string(), boundedJson)),
  totalRows: z.number().int(),
  /** Columns whose highest (best) / lowest (bestLow) value is marked. */
  best: z.array(z.string()).optional(),
  bestLow: z.array(z.string()).optional(),
});

export const chartSpec: z.ZodType<ChartInput> = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.enum(["bar", "line", "scatter"]),
    title: z.string().optional(),
    data: z.array(z.record(z.string(), scalar)).max(5_000),
    x: z.string(),
    y: z.array(z.string()).min(1).max(12),
    intervals: z.record(z.string(), z.strictObject({ low: z.string(), high: z.string() })).optional(),
  }),
  z.strictObject({
    type: z.literal("heatmap"),
    title: z.string().optional(),
    data: z.array(z.record(z.string(), scalar)).max(10_000),
    x: z.string(),
    y: z.string(),
    value: z.string(),
  }),
]);
export type ChartSpec = ChartInput;

export const chartOutput = z.strictObject({ kind: z.literal("chart"), spec: chartSpec });

export const errorOutput = z.strictObject({
  kind: z.literal("error"),
  name: z.string(),
  message: z.string(),
  /** The lab's error class for a failed `lab` call (e.g. not_configured: no chat model). */
  code: z.string().max(60).optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

/** A long server job's progress; a later output with the same id replaces it. */
export const progressOutput = z.strictObject({
  kind: z.literal("progress"),
  id: z.string(),
  label: z.string(),
  status: z.enum(["queued", "running", "done", "failed", "cancelled"]),
  stage: z.string().optional(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  rate: z.number().optional(),
  etaS: z.number().optional(),
  message: z.string().optional(),
  /** Seconds the job's counter has not moved, once that passed the stall limit. */
  stalledS: z.number().nonnegative().optional(),
});
export type ProgressOutput = z.infer<typeof progressOutput>;

/** A transcript with chunk boundaries, for the chunk viewer. */
export const chunksOutput = z.strictObject({
  kind: z.literal("chunks"),
  title: z.string(),
  url: z.string(),
  text: z.string(),
  truncatedFrom: z.number().int().optional(),
  chunks: z
    .array(
      z.strictObject({
        index: z.number().int(),
        startChar: z.number().int(),
        endChar: z.number().int(),
        startS: z.number(),
        endS: z.number(),
        tokens: z.number().int(),
        citation: z.string(),
      }),
    )
    .max(20_000),
});
export type ChunksOutput = z.infer<typeof chunksOutput>;

/** Nodes and relationships found in a query result, for the graph view. */
export const graphOutput = z.strictObject({
  kind: z.literal("graph"),
  nodes: z.array(z.strictObject({ id: z.string(), label: z.string(), caption: z.string(), role: z.string().optional() })).max(2_000),
  edges: z.array(z.strictObject({ source: z.string(), target: z.string(), type: z.string(), caption: z.string().optional() })).max(5_000),
});
export type GraphOutput = z.infer<typeof graphOutput>;

/** Three texts and their pairwise similarities, drawn as a triangle with a threshold slider. */
export const triangleOutput = z.strictObject({
  kind: z.literal("triangle"),
  modelId: z.string(),
  texts: z.array(z.string()).length(3),
  ab: z.number(),
  bc: z.number(),
  ac: z.number(),
});
export type TriangleOutput = z.infer<typeof triangleOutput>;

/** Caps for the claims view; a review key `${judgeRun}|${item}|${index}` stays under 300 characters. */
export const CLAIMS_LIMITS = { judgeRun: 100, itemId: 150, items: 200, claims: 100, question: 4_000, answer: 8_000, claim: 4_000, reason: 4_000, contexts: 20, context: 4_000 } as const;

/** A faithfulness judge run's claims and verdicts, for the learner to agree with or overrule. */
export const claimsOutput = z.strictObject({
  kind: z.literal("claims"),
  judgeRun: z.string().min(1).max(CLAIMS_LIMITS.judgeRun),
  items: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(CLAIMS_LIMITS.itemId),
        question: z.string().max(CLAIMS_LIMITS.question),
        answer: z.string().max(CLAIMS_LIMITS.answer),
        /** The passages the judge checked the claims against, so the learner can too. */
        contexts: z.array(z.string().max(CLAIMS_LIMITS.context)).max(CLAIMS_LIMITS.contexts),
        /** How many passages the judge saw, when more than are shown. */
        contextsTotal: z.number().int().optional(),
        claims: z
          .array(
            z.strictObject({
              index: z.number().int().nonnegative(),
              claim: z.string().max(CLAIMS_LIMITS.claim),
              supported: z.boolean(),
              reason: z.string().max(CLAIMS_LIMITS.reason),
            }),
          )
          .max(CLAIMS_LIMITS.claims),
      }),
    )
    .max(CLAIMS_LIMITS.items),
  /** Items left out to stay under the output size cap. */
  omittedItems: z.number().int().optional(),
});
export type ClaimsOutput = z.infer<typeof claimsOutput>;

export const cellOutput = z.discriminatedUnion("kind", [
  textOutput,
  jsonOutput,
  tableOutput,
  chartOutput,
  errorOutput,
  progressOutput,
  chunksOutput,
  graphOutput,
  triangleOutput,
  claimsOutput,
]);
export type CellOutput = z.infer<typeof cellOutput>;
export type ErrorOutput = z.infer<typeof errorOutput>;

export const cellRun = z.strictObject({
  /** needs-model: the cell wants a chat model and none is configured; not an error. */
  status: z.enum(["done", "error", "needs-model"]),
  outputs: z.array(cellOutput).max(500),
  elapsedMs: z.number().nonnegative(),
});
export type CellRun = z.infer<typeof cellRun>;
