import { createHash } from "node:crypto";
import { Embeddings } from "@langchain/core/embeddings";
import type { EmbeddingCacheStore } from "@/lib/db/app-db";

export function textHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export interface EmbedProgress {
  /** Distinct texts embedded so far in this call (misses only). */
  done: number;
  /** Distinct texts this call has to embed. */
  total: number;
  /** Distinct texts found in the cache. */
  hits: number;
  /** Distinct texts not in the cache (equals total). */
  misses: number;
}

export type ProgressCallback = (progress: EmbedProgress) => void;

export interface CachedEmbeddingsOptions {
  inner: Embeddings;
  modelId: string;
  cache: EmbeddingCacheStore;
  /** Misses per call to the inner embedder; each batch is stored as soon as it is embedded. */
  batchSize?: number;
  /** Default progress callback for embedDocuments. */
  onProgress?: ProgressCallback;
}

export interface EmbedResult {
  vectors: number[][];
  hits: number;
  misses: number;
}

/**
 * Embeddings that consult the cache first and embed only distinct misses,
 * batch by batch, storing each batch before the next: an interrupted
 * ingestion keeps what it already paid for. Cached and fresh vectors are
 * both Float32-rounded, so a text gets the same vector either way.
 */
export class CachedEmbeddings extends Embeddings {
  readonly inner: Embeddings;
  readonly modelId: string;
  private readonly cache: EmbeddingCacheStore;
  private readonly batchSize: number;
  private readonly onProgress?: ProgressCallback;

  constructor(options: CachedEmbeddingsOptions) {
    super({});
    this.inner = options.inner;
    this.modelId = options.modelId;
    this.cache = options.cache;
    this.batchSize = options.batchSize ?? 128;
    this.onProgress = options.onProgress;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
    }
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedWithStats(texts)).vectors;
  }

  /** Like embedDocuments, with hit/miss counts and a per-call progress callback. */
  embedWithStats(texts: string[], onProgress = this.onProgress): Promise<EmbedResult> {
    return this.resolve(texts, this.modelId, (batch) => this.inner.embedDocuments(batch), onProgress);
  }

  /**
   * Queries are cached too (evaluation grids ask the same questions again),
   * under their own key space because some models embed queries differently.
   */
  async embedQuery(text: string): Promise<number[]> {
    const { vectors } = await this.resolve(
      [text],
      `${this.modelId}#query`,
      async ([query]) => [await this.inner.embedQuery(query)],
    );
    return vectors[0];
  }

  private async resolve(
    texts: string[],
    keySpace: string,
    embed: (batch: string[]) => Promise<number[][]>,
    onProgress?: ProgressCallback,
  ): Promise<EmbedResult> {
    const hashes = texts.map(textHash);
    const distinct = new Map<string, string>();
    hashes.forEach((hash, i) => distinct.set(hash, texts[i]));
    const vectors = await this.cache.getMany(keySpace, [...distinct.keys()]);
    const missing = [...distinct].filter(([hash]) => !vectors.has(hash));
    const hits = vectors.size;
    const misses = missing.length;

    onProgress?.({ done: 0, total: misses, hits, misses });
    for (let i = 0; i < missing.length; i += this.batchSize) {
      const batch = missing.slice(i, i + this.batchSize);
      const fresh = await embed(batch.map(([, text]) => text));
      if (fresh.length !== batch.length) {
        throw new Error(`${this.modelId} returned ${fresh.length} vectors for ${batch.length} texts`);
      }
      const stored = new Map(batch.map(([hash], j) => [hash, Float32Array.from(fresh[j])]));
      await this.cache.putMany(keySpace, stored);
      for (const [hash, vector] of stored) vectors.set(hash, vector);
      onProgress?.({ done: Math.min(i + this.batchSize, misses), total: misses, hits, misses });
    }
    const ordered = hashes.map((hash) => {
      const vector = vectors.get(hash);
      if (!vector) throw new Error(`no vector for text ${hash} (cache inconsistency)`);
      return Array.from(vector);
    });
    return { vectors: ordered, hits, misses };
  }
}
