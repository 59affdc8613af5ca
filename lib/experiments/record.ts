/**
 * Stored grid runs, read back through a schema rather than cast. Records
 * written by earlier versions lack what was added since (intervals, per
 * question cost columns, the set's hash, a point's model, the drill-down),
 * so fields added later have defaults or are computed again from what was
 * stored; a record that still does not parse is an error for that run alone.
 */
import path from "node:path";
import { z } from "zod";
import { gridPointSummarySchema, questionScoreSchema } from "@/lib/eval/contract";
import { qualityIntervals } from "@/lib/eval/metrics";
import { LabError } from "@/lib/errors";
import { chunkerConfigFor } from "@/lib/ingest/contract";
import { experimentSchema, gridPointSchema, gridSpecSchema, retrievedChunkSchema } from "./contract";
import type { ExperimentRecord } from "./runner";

/** The first version stored a question file's path and version, not the set's id and content hash. */
const questionSetSchema = z.union([
  experimentSchema.shape.questionSet,
  z.object({ path: z.string(), version: z.string(), questions: z.number() }).transform(({ path: file, version, questions }) => ({ id: path.basename(file, ".json"), hash: version, questions })),
]);

/** The first version's spec named its question file by path; a shipped set is now named by id. */
const specSchema = z.preprocess((spec) => {
  if (typeof spec !== "object" || spec === null) return spec;
  const { questions } = spec as { questions?: unknown };
  return typeof questions === "string" && questions.endsWith(".json") ? { ...spec, questions: path.basename(questions, ".json") } : spec;
}, gridSpecSchema);

const pointSchema = gridPointSchema
  .extend({
    chunker: chunkerConfigFor(),
    modelId: z.string().optional(),
    summary: gridPointSummarySchema.extend({ intervals: gridPointSummarySchema.shape.intervals.optional() }),
    // Cost columns per question came after the quality ones: 0 where a run did not record them.
    perQuestion: z.array(questionScoreSchema.extend({ redundancy: z.number().default(0), contextTokens: z.number().default(0), latencyMs: z.number().default(0) })),
  })
  .transform(({ summary, ...p }, ctx) => {
    if (summary.intervals) return { ...p, summary: { ...summary, intervals: summary.intervals } };
    if (p.perQuestion.length === 0) {
      ctx.addIssue({ code: "custom", message: "has neither intervals nor per-question scores to compute them from" });
      return z.NEVER;
    }
    // Intervals are seeded, so computing them now gives what the run would have stored.
    return { ...p, summary: { ...summary, intervals: qualityIntervals(p.perQuestion) } };
  });

const storedSchema = experimentSchema
  .extend({
    spec: specSchema,
    questionSet: questionSetSchema,
    points: z.array(pointSchema),
    ranked: z.record(z.string(), z.record(z.string(), z.array(retrievedChunkSchema))).default({}),
  })
  .transform((r): ExperimentRecord => ({ ...r, points: r.points.map((p) => ({ ...p, modelId: p.modelId ?? r.modelId })) }));

/** A stored run, upgraded to the current shape; a clear error naming the run and the field when it cannot be. */
export function parseExperimentRecord(id: string, stored: unknown): ExperimentRecord {
  const parsed = storedSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  throw new LabError("conflict", `Experiment ${id} is stored in a shape this version cannot read (${where}${first.message}); delete it, or run its grid again`);
}
