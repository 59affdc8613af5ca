import { parseChunkerConfig, type ChunkerConfig } from "@/lib/chunking/config";
import { LabError } from "@/lib/errors";
import { LEVERS, type FusionSetting, type KeywordIndex, type Lever, type RetrievalMode } from "@/lib/retrieval/contract";
import { gridSpecSchema, type GridSpec } from "./contract";
import { missingKeywordIndex, type ChunkStore } from "@/lib/vectorstore/port";

export const MAX_POINTS = 400;
export const MAX_CHUNKINGS = 24;

export interface GridPoint {
  chunker: ChunkerConfig;
  headers: boolean;
  mode: RetrievalMode | "kvg";
  levers: Lever[];
  keywords: KeywordIndex;
  k: number;
}

/** Levers in the order they apply, without repeats: the same combination always looks the same. */
export const canonicalLevers = (levers: readonly Lever[]): Lever[] => LEVERS.filter((l) => levers.includes(l));

/** The keyword index and lever combinations one mode is scored with: KVG retrieves by its own hops, so once, as it is; vector and sentence read no keyword index. */
export function retrievalsFor(mode: GridPoint["mode"], spec: Pick<GridSpec, "levers" | "keywords">): Pick<GridPoint, "levers" | "keywords">[] {
  if (mode === "kvg") return [{ levers: [], keywords: "plain" }];
  return (mode === "bm25" || mode === "hybrid" ? spec.keywords : ["plain" as const]).flatMap((keywords) => spec.levers.map((levers) => ({ levers, keywords })));
}

/** The vector weights "fit" tries. */
export const FIT_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** The spec's fixed fusion; undefined with "fit" (each point then has its own). */
function fixedFusion(hybrid: GridSpec["hybrid"]): FusionSetting | undefined {
  if (!hybrid || hybrid.vectorWeight === "fit") return undefined;
  const { vectorWeight, ...rest } = hybrid;
  return vectorWeight === undefined ? rest : { ...rest, vectorWeight };
}

/** The fusions a hybrid point is tried with: the spec's one, or with "fit" one per weight in FIT_WEIGHTS. */
export function fusionsOf(hybrid: GridSpec["hybrid"]): (FusionSetting | undefined)[] {
  if (hybrid?.vectorWeight !== "fit") return [fixedFusion(hybrid)];
  return FIT_WEIGHTS.map((vectorWeight) => ({ ...hybrid, vectorWeight }));
}

/** How a stored point fused: its own fitted fusion, else the spec's fixed one. */
export function pointFusion(point: { fusion?: FusionSetting }, hybrid: GridSpec["hybrid"]): FusionSetting | undefined {
  return point.fusion ?? fixedFusion(hybrid);
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
 * chunker is checked against the embedder's limit, every keyword index
 * against the engine (when given), and the grid's size is capped, with
 * messages naming the field and the limit.
 */
export function expandGrid(input: unknown, maxTokens: number, engine?: Pick<ChunkStore, "engine" | "keywordIndexes">): { spec: GridSpec; chunkers: ChunkerConfig[]; points: GridPoint[]; total: number } {
  const parsed = gridSpecSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "spec"}: ${i.message}`);
    throw new LabError("bad_input", `Invalid grid spec: ${problems.join("; ")}`);
  }
  const spec = parsed.data;
  if (spec.hybrid?.vectorWeight === "fit" && !spec.split) {
    throw new LabError("bad_input", 'hybrid.vectorWeight: "fit" needs a split: the weight is fitted on the tuning part, and a score on the questions it was fitted on would flatter it');
  }
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
  const headers = [...new Set(spec.headers)];
  const builds = chunkers.length * headers.length;
  if (builds > MAX_CHUNKINGS) throw new LabError("bad_input", `chunking: ${builds} chunker configurations (with headers settings), at most ${MAX_CHUNKINGS}`);
  const topK = [...new Set(spec.topK)].sort((a, b) => a - b);
  const modes = [...new Set(spec.modes)];
  const embedders = spec.embedders ? [...new Set(spec.embedders)] : [];
  const levers = [...new Map(spec.levers.map((c) => [canonicalLevers(c).join("+"), canonicalLevers(c)])).values()];
  const keywords = [...new Set(spec.keywords)];
  const readsKeywords = modes.some((m) => m === "bm25" || m === "hybrid");
  const missing = readsKeywords && engine ? keywords.map((k) => missingKeywordIndex(engine, k)).filter((m) => m !== undefined) : [];
  if (missing.length > 0) throw new LabError("bad_input", `keywords: ${missing.join("; ")}`);
  const modeLevers = modes.flatMap((mode) => retrievalsFor(mode, { levers, keywords }).map((how) => ({ mode, ...how })));
  const total = builds * topK.length * modeLevers.length * Math.max(1, embedders.length);
  if (total > MAX_POINTS) throw new LabError("bad_input", `The grid has ${total} configurations (chunkers × headers × topK × modes × keywords × levers × embedders); the limit is ${MAX_POINTS}`);
  const points = chunkers.flatMap((chunker) => headers.flatMap((h) => modeLevers.flatMap((how) => topK.map((k) => ({ chunker, headers: h, ...how, k })))));
  return { spec: { ...spec, topK, modes, levers, headers, keywords, embedders: embedders.length ? embedders : undefined }, chunkers, points, total };
}

/** The grid lessons start from: chunk size × top-k with the course's token splitter. */
export const DEFAULT_GRID = {
  corpus: { dataset: "google-talks" },
  chunking: [{ kind: "token", size: [64, 128, 256, 384], overlap: [0] }],
  topK: [1, 3, 5, 10],
  modes: ["vector", "hybrid"],
} as const;
