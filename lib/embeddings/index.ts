import type { Embeddings } from "@langchain/core/embeddings";
import type { EmbeddingCacheStore } from "@/lib/db/app-db";
import { CachedEmbeddings, type ProgressCallback } from "./cache";
import { createOpenAIEmbeddings, openAIDimension, openAIEmbedderId, type OpenAIEmbedderConfig } from "./openai";
import { USE_LITE_DIMENSION, USE_LITE_MAX_TOKENS, USE_LITE_MODEL_ID, UseLiteEmbeddings, type UseLiteOptions } from "./use-lite";

export { CachedEmbeddings, textHash } from "./cache";
export type { CachedEmbeddingsOptions, EmbedProgress, EmbedResult, ProgressCallback } from "./cache";
export type { OpenAIEmbedderConfig } from "./openai";
export { cosineSimilarity } from "./similarity";
export { USE_LITE_DIMENSION, USE_LITE_MODEL_ID, UseLiteEmbeddings, UseLitePool } from "./use-lite";
export type { UseLiteOptions } from "./use-lite";

export type UseLiteEmbedderConfig = { provider: "use-lite" } & UseLiteOptions;
export type EmbedderConfig = UseLiteEmbedderConfig | OpenAIEmbedderConfig;

export interface Embedder {
  /** Stable model id: the cache key and what experiment runs record. */
  id: string;
  /** Vector length, when known before the first call. */
  dimension: number | undefined;
  /** Longest input (gpt2 tokens) the model handles well; chunkers reject larger chunks. */
  maxTokens: number;
  embeddings: Embeddings;
  close(): Promise<void>;
}

/** The one place the embeddings adapter is picked from configuration. */
export function createEmbedder(config: EmbedderConfig): Embedder {
  switch (config.provider) {
    case "use-lite": {
      const { workers, batchSize, workerPath } = config;
      const embeddings = new UseLiteEmbeddings({ workers, batchSize, workerPath });
      return { id: USE_LITE_MODEL_ID, dimension: USE_LITE_DIMENSION, maxTokens: USE_LITE_MAX_TOKENS, embeddings, close: () => embeddings.close() };
    }
    case "openai":
      return {
        id: openAIEmbedderId(config),
        dimension: openAIDimension(config),
        // OpenAI's embedding models accept 8191 tokens of their own tokenizer.
        maxTokens: 8191,
        embeddings: createOpenAIEmbeddings(config),
        close: async () => {},
      };
  }
}

/** The same embedder behind the persistent cache; closing it leaves the cache open. */
export function withCache(
  embedder: Embedder,
  cache: EmbeddingCacheStore,
  options: { batchSize?: number; onProgress?: ProgressCallback } = {},
): Embedder {
  return {
    ...embedder,
    embeddings: new CachedEmbeddings({ inner: embedder.embeddings, modelId: embedder.id, cache, ...options }),
  };
}
