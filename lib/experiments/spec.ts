import { z } from "zod";
import { parseChunkerConfig, type ChunkerConfig } from "@/lib/chunking/config";
import { DATASET_NAMES } from "@/lib/captions/datasets";
import { LabError } from "@/lib/errors";
import { questionsRefSchema } from "@/lib/eval/questions";
import { fusionSchema } from "@/lib/vectorstore/fusion";
import type { SearchMode } from "@/lib/vectorstore/port";

export const MAX_POINTS = 400;
export const MAX_CHUNKINGS = 24;
/** "kvg": vector seeds plus hops through the chunk graph, with k as the total budget. */
const MODES = ["vector", "bm25", "hybrid", "kvg"] as const;

const oneOrMany = z.union([z.int(), z.array(z.int()).min(1, "must list at least one value").max(12)]);

/** One chunker family with lists of values, expanded into every combination. */
const chunkingSchema = z.strictObject({
  kind: z.enum(["token", "recursive", "sentence", "time"]),
  size: oneOrMany,
  overlap: oneOrMany.default(0),
});

export const gridSpecSchema = z.strictObject({
  corpus: z
    .strictObject({ dataset: z.enum(DATASET_NAMES).default("google-talks"), only: z.array(z.string()).min(1).max(13).optional() })
    .default({ dataset: "google-talks" }),
  /** A shipped question set's id, or a set in the format of datasets/questions (defaults to the shipped set). */
  questions: questionsRefSchema.optional(),
  chunking: z.array(chunkingSchema).min(1, "must list at least one chunker").max(8),
  topK: z.array(z.int().min(1, "must be at least 1").max(50, "must be at most 50")).min(1, "must list at least one k").max(12),
  modes: z.array(z.enum(MODES)).min(1, "must list at least one mode").default(["vector"]),
  /** How "hybrid" weighs its vector and BM25 rankings (weighted RRF; equal weights, k 60 when absent). */
  hybrid: fusionSchema.optional(),
  /** Seeds and hops for the "kvg" mode; at k ≤ seeds it is plain vector top-k. */
  kvg: z.strictObject({ seeds: z.int().min(1).max(10).default(2), hops: z.int().min(1).max(3).default(1) }).default({ seeds: 2, hops: 1 }),
  /** Embedders to compare (each must be configured on the server); the server's default when absent. */
  embedders: z.array(z.enum(["use-lite", "openai"])).min(1, "must list at least one embedder").max(2).optional(),
  /** "llm": each question is first rewritten into a search query by the chat model (query understanding). */
  queryRewrite: z.enum(["none", "llm"]).default("none"),
});
export type GridSpec = z.infer<typeof gridSpecSchema>;

export interface GridPoint {
  chunker: ChunkerConfig;
  mode: SearchMode | "kvg";
  k: number;
}

const list = (v: number | number[]) => (Array.isArray(v) ? v : [v]);

/** The chunker's own names for "size" and "overlap". */
function chunkerFor(kind: GridSpec["chunking"][number]["kind"], size: number, overlap: number): unknown {
  switch (kind) {
    case "token":
    case "recursive":
      return { kind, size, overlap };
    case "sentence":
      return { kind, maxTokens: size, overlapSentences: overlap };
    case "time":
      return { kind, windowS: size, overlapS: overlap };
  }
}

/**
 * Validates a grid and expands it into points, before any work starts: every
 * chunker is checked against the embedder's limit and the grid's size is
 * capped, with messages naming the field and the limit.
 */
export function expandGrid(input: unknown, maxTokens: number): { spec: GridSpec; chunkers: ChunkerConfig[]; points: GridPoint[]; total: number } {
  const parsed = gridSpecSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "spec"}: ${i.message}`);
    throw new LabError("bad_input", `Invalid grid spec: ${problems.join("; ")}`);
  }
  const spec = parsed.data;
  const chunkers: ChunkerConfig[] = [];
  spec.chunking.forEach((c, i) => {
    for (const size of list(c.size)) {
      for (const overlap of list(c.overlap)) {
        try {
          chunkers.push(parseChunkerConfig(chunkerFor(c.kind, size, overlap), maxTokens));
        } catch (e) {
          throw new LabError("bad_input", `chunking.${i} (${c.kind} size ${size}, overlap ${overlap}): ${(e as Error).message}`);
        }
      }
    }
  });
  if (chunkers.length > MAX_CHUNKINGS) throw new LabError("bad_input", `chunking: ${chunkers.length} chunker configurations, at most ${MAX_CHUNKINGS}`);
  const topK = [...new Set(spec.topK)].sort((a, b) => a - b);
  const modes = [...new Set(spec.modes)];
  const embedders = spec.embedders ? [...new Set(spec.embedders)] : [];
  const total = chunkers.length * topK.length * modes.length * Math.max(1, embedders.length);
  if (total > MAX_POINTS) throw new LabError("bad_input", `The grid has ${total} configurations (chunkers × topK × modes × embedders); the limit is ${MAX_POINTS}`);
  const points = chunkers.flatMap((chunker) => modes.flatMap((mode) => topK.map((k) => ({ chunker, mode, k }))));
  return { spec: { ...spec, topK, modes, embedders: embedders.length ? embedders : undefined }, chunkers, points, total };
}

/** The grid lessons start from: chunk size × top-k with the course's token splitter. */
export const DEFAULT_GRID = {
  corpus: { dataset: "google-talks" },
  chunking: [{ kind: "token", size: [64, 128, 256, 384], overlap: [0] }],
  topK: [1, 3, 5, 10],
  modes: ["vector", "hybrid"],
} as const;
