import { z } from "zod";
import { LabError } from "../errors";
import { fusionSchema, type FusionSetting } from "@/lib/retrieval/contract";
import type { CheckedSearch, SearchHit, SingleSearch } from "./port";

/**
 * How hybrid search merges its two rankings: weighted reciprocal rank fusion,
 * score = w / (k + vector rank) + (1 - w) / (k + keyword rank), ranks from 1
 * (Cormack, Clarke and Büttcher, 2009, with a weight per list). A smaller k
 * lets the top few ranks of each list count for more.
 */
export type Fusion = Required<FusionSetting>;


/** Equal weights and the usual k: plain RRF. */
export const EQUAL_FUSION: Fusion = { vectorWeight: 0.5, k: 60 };

/**
 * Candidates drawn from each list before fusing: lists drawn at k are too
 * short to fuse (at k=1 the result would be one list's top hit), and a fixed
 * pool makes every smaller k a prefix of the same ranking.
 */
const FUSION_POOL = 50;

/** Defaults filled in, and a clear error for weights or k out of range. */
export function checkFusion(fusion: FusionSetting = {}): Fusion {
  const parsed = fusionSchema.safeParse(fusion);
  if (!parsed.success) throw new LabError("bad_input", `fusion: ${z.prettifyError(parsed.error)}`);
  return { ...EQUAL_FUSION, ...parsed.data };
}

/** The fused ranking of two hit lists, best first, cut to `limit`; a chunk in both lists is scored once, from both ranks. */
export function fuse(vector: readonly SearchHit[], keyword: readonly SearchHit[], fusion: Fusion, limit: number): SearchHit[] {
  const fused = new Map<string, SearchHit>();
  const add = (hits: readonly SearchHit[], weight: number) =>
    hits.forEach((hit, i) => {
      const score = weight / (fusion.k + i + 1);
      const seen = fused.get(hit.chunk.id);
      fused.set(hit.chunk.id, { chunk: hit.chunk, score: (seen?.score ?? 0) + score });
    });
  add(vector, fusion.vectorWeight);
  add(keyword, 1 - fusion.vectorWeight);
  // Stable sort: equal scores keep the vector list's order, then the keyword list's.
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}

/** Hybrid search from an engine's own vector and keyword searches, so every engine fuses the same way. */
export async function hybridSearch(
  search: (req: SingleSearch) => Promise<SearchHit[]>,
  req: Extract<CheckedSearch, { mode: "hybrid" }>,
): Promise<SearchHit[]> {
  const pool = Math.max(req.k, FUSION_POOL);
  const [vector, keyword] = await Promise.all([
    search({ mode: "vector", vector: req.vector, k: pool, filter: req.filter }),
    search({ mode: "bm25", text: req.text, k: pool, filter: req.filter, keywords: req.keywords }),
  ]);
  return fuse(vector, keyword, req.fusion, req.k);
}
