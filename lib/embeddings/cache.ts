import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { Embeddings } from "@langchain/core/embeddings";

/** Bound parameters per lookup statement (model id + hashes): small, predictable IN lists. */
const MAX_PARAMS = 500;

export function textHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

// Vectors are stored as raw Float32 in the platform's byte order (little-endian
// everywhere Node runs in practice); the blob length gives the dimension.
function toBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

function fromBlob(blob: Uint8Array): Float32Array {
  // Copy: the blob's offset need not be 4-byte aligned.
  return new Float32Array(blob.slice().buffer);
}

/**
 * Persistent embedding cache in `<dataDir>/embeddings.sqlite`, keyed by
 * (model id, sha256 of the text). One process should own the file (see the
 * design brief); WAL keeps readers from blocking the writer all the same.
 */
export class EmbeddingCache {
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, "embeddings.sqlite");
    this.db = new DatabaseSync(this.file, { timeout: 5_000 });
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS embeddings (
        model_id TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model_id, text_hash)
      ) WITHOUT ROWID;
    `);
    // Same model and text give the same vector, so the first one stored wins.
    this.insert = this.db.prepare(
      "INSERT INTO embeddings (model_id, text_hash, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    );
  }

  /** Cached vectors for those hashes that have one; absent hashes are misses. */
  getMany(modelId: string, hashes: readonly string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    const step = MAX_PARAMS - 1;
    for (let i = 0; i < hashes.length; i += step) {
      const part = hashes.slice(i, i + step);
      const rows = this.db
        .prepare(
          `SELECT text_hash, vector FROM embeddings WHERE model_id = ? AND text_hash IN (${part.map(() => "?").join(",")})`,
        )
        .all(modelId, ...part);
      for (const row of rows) {
        found.set(String(row.text_hash), fromBlob(row.vector as Uint8Array));
      }
    }
    return found;
  }

  /** Stores all entries in one transaction: a batch is either fully cached or not at all. */
  putMany(modelId: string, entries: ReadonlyMap<string, Float32Array>): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      for (const [hash, vector] of entries) this.insert.run(modelId, hash, toBlob(vector));
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }
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
  cache: EmbeddingCache;
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
  private readonly cache: EmbeddingCache;
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
    const vectors = this.cache.getMany(keySpace, [...distinct.keys()]);
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
      this.cache.putMany(keySpace, stored);
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
