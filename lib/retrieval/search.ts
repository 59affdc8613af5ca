import { z } from "zod";
import type { EmbeddingCacheStore } from "@/lib/db/app-db";
import { withCache, type Embedder } from "@/lib/embeddings";
import { LabError } from "@/lib/errors";
import type { ChunkStore } from "@/lib/vectorstore/port";
import { retrieve } from ".";
import { searchRequestSchema, type SearchResult } from "./contract";

export { searchRequestSchema, type SearchResult };
export type SearchInput = z.input<typeof searchRequestSchema>;

/** Embeds the query (cached) with the collection's own model, then retrieves (lib/retrieval). */
export async function search(input: SearchInput, deps: { store: ChunkStore; embedder: Embedder; cache: EmbeddingCacheStore }): Promise<SearchResult> {
  const req = searchRequestSchema.parse(input);
  const meta = await deps.store.collectionMeta(req.collection);
  const needsVector = req.mode !== "bm25" || req.levers?.some((l) => l === "mmr" || l === "rerank");
  if (meta.modelId !== deps.embedder.id && needsVector) {
    throw new LabError("conflict", `collection ${req.collection} was embedded with ${meta.modelId}, but the lab is configured for ${deps.embedder.id}`);
  }
  const t0 = performance.now();
  const embeddings = withCache(deps.embedder, deps.cache).embeddings;
  const vector = needsVector ? await embeddings.embedQuery(req.query) : undefined;
  const t1 = performance.now();
  const hits = await retrieve(
    { collection: req.collection, mode: req.mode, k: req.k, text: req.query, vector, filter: req.filter, fusion: req.fusion, keywords: req.keywords, levers: req.levers },
    { store: deps.store, embedTexts: (texts) => embeddings.embedDocuments(texts) },
  );
  return {
    collection: req.collection,
    query: req.query,
    mode: req.mode,
    k: req.k,
    hits,
    ms: { embed: Math.round(t1 - t0), search: Math.round(performance.now() - t1) },
  };
}
