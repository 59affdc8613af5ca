import { withCache } from "@/lib/embeddings";
import type { QaDeps } from "./vector-qa";
import { indexTasks } from "./task-index";
import type { GraphStore } from "@/lib/graph/port";
import type { ChunkStore } from "@/lib/vectorstore/port";
import type { Embedder } from "@/lib/embeddings";
import type { EmbeddingCacheStore } from "@/lib/db/app-db";

/**
 * The task index is rebuilt on demand (idempotent; its vectors come from the
 * embedding cache after the first time), so vector QA always matches the graph.
 */
export async function qaRetrievalDeps(graph: GraphStore, store: ChunkStore, embedder: Embedder, cache: EmbeddingCacheStore): Promise<Omit<QaDeps, "model">> {
  const cached = withCache(embedder, cache);
  await indexTasks(graph, store, cached);
  return { graph, store, embedder: cached };
}
