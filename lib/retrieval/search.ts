import { z } from "zod";
import type { EmbeddingCache } from "@/lib/embeddings/cache";
import { withCache, type Embedder } from "@/lib/embeddings";
import { LabError } from "@/lib/errors";
import { fusionSchema } from "@/lib/vectorstore/fusion";
import type { ChunkStore, SearchHit } from "@/lib/vectorstore/port";

export const searchRequestSchema = z.strictObject({
  collection: z.string().min(1).max(200),
  query: z.string().trim().min(1, "query must not be empty").max(2_000),
  k: z.int().min(1).max(100).default(3),
  mode: z.enum(["vector", "bm25", "hybrid"]).default("vector"),
  filter: z.strictObject({ docId: z.string().optional(), videoId: z.string().optional() }).optional(),
  /** "hybrid": the weight of the vector ranking and the RRF k. */
  fusion: fusionSchema.optional(),
});
export type SearchInput = z.input<typeof searchRequestSchema>;

export interface SearchResult {
  collection: string;
  query: string;
  mode: string;
  k: number;
  hits: SearchHit[];
  ms: { embed: number; search: number };
}

/** Embeds the query (cached) with the collection's own model, then searches. */
export async function search(input: SearchInput, deps: { store: ChunkStore; embedder: Embedder; cache: EmbeddingCache }): Promise<SearchResult> {
  const req = searchRequestSchema.parse(input);
  const meta = await deps.store.collectionMeta(req.collection);
  if (meta.modelId !== deps.embedder.id && req.mode !== "bm25") {
    throw new LabError("conflict", `collection ${req.collection} was embedded with ${meta.modelId}, but the lab is configured for ${deps.embedder.id}`);
  }
  const t0 = performance.now();
  const vector =
    req.mode === "bm25"
      ? undefined
      : await withCache(deps.embedder, deps.cache).embeddings.embedQuery(req.query);
  const t1 = performance.now();
  const hits = await deps.store.search(req.collection, { vector, text: req.query, k: req.k, mode: req.mode, filter: req.filter, fusion: req.fusion });
  return {
    collection: req.collection,
    query: req.query,
    mode: req.mode,
    k: req.k,
    hits,
    ms: { embed: Math.round(t1 - t0), search: Math.round(performance.now() - t1) },
  };
}
