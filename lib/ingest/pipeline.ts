import { describeConfig, configHash, type ChunkerConfig } from "@/lib/chunking/config";
import { chunkDocuments } from "@/lib/chunking/chunk";
import type { Chunk } from "@/lib/captions/types";
import type { EmbeddingCacheStore } from "@/lib/db/app-db";
import { CachedEmbeddings } from "@/lib/embeddings/cache";
import type { Embedder } from "@/lib/embeddings";
import { isLabError } from "@/lib/errors";
import { checkCancelled, type JobContext } from "@/lib/jobs/manager";
import { contextHeader, withHeader } from "@/lib/retrieval/headers";
import { collectionName } from "@/lib/vectorstore/names";
import type { IngestResult } from "./contract";
import type { ChunkStore, CollectionMeta, StoredChunk } from "@/lib/vectorstore/port";
import { resolveSource, type SourceRef } from "./source-ref";

export interface IngestSpec {
  source: SourceRef;
  chunker: ChunkerConfig;
  /** Contextual chunk headers (lib/retrieval/headers): title and speaker embedded and indexed with each chunk, a collection of its own. */
  headers?: boolean;
}

export interface IngestDeps {
  store: ChunkStore;
  embedder: Embedder;
  cache: EmbeddingCacheStore;
  /** Learner id, or "shared" for the read-only course space. */
  owner: string;
}

export type { IngestResult };

/**
 * Captions → chunks → embeddings → vector store, as one idempotent run.
 * Every chunk is embedded (from the cache where possible) before anything is
 * written, and the collection is then written whole, so a stop, failure or
 * crash never leaves half a collection visible; the embedding cache keeps
 * what was paid for, so running again resumes where it stopped.
 */
export async function ingest(spec: IngestSpec, deps: IngestDeps, ctx: JobContext): Promise<IngestResult> {
  return (await ingestWithChunks(spec, deps, ctx)).result;
}

/** `ingest`, also handing back the chunks it stored (the experiment runner scores against them). */
export async function ingestWithChunks(spec: IngestSpec, deps: IngestDeps, ctx: JobContext): Promise<{ result: IngestResult; chunks: Chunk[] }> {
  const t0 = performance.now();
  const lap = (() => {
    let last = t0;
    return () => {
      const now = performance.now();
      const ms = Math.round(now - last);
      last = now;
      return ms;
    };
  })();

  ctx.progress({ stage: "load", done: 0, total: 1, message: "Loading transcripts" });
  const source = await resolveSource(spec.source);
  const load = lap();
  checkCancelled(ctx.signal, "Ingestion cancelled");

  ctx.progress({ stage: "chunk", done: 0, total: source.documents.length, message: `Chunking with ${describeConfig(spec.chunker)}` });
  const chunks = await chunkDocuments(source.documents, spec.chunker, deps.embedder.maxTokens);
  const chunk = lap();
  checkCancelled(ctx.signal, "Ingestion cancelled");

  const headerOf = new Map(source.documents.map((d) => [d.id, spec.headers ? contextHeader(d) : undefined]));
  const { vectors, hits, misses } = await embedAll(chunks.map((c) => withHeader(headerOf.get(c.docId), c.text)), deps, ctx);
  const embed = lap();

  // Without headers the name and metadata are what they always were, so existing collections are found again.
  const config = spec.headers ? { ...spec.chunker, headers: true } : { ...spec.chunker };
  const name = collectionName({ learner: deps.owner, corpus: source.corpus, configHash: spec.headers ? `${configHash(spec.chunker)}h` : configHash(spec.chunker), modelId: deps.embedder.id });
  const meta: CollectionMeta = {
    modelId: deps.embedder.id,
    dimension: vectors[0]?.length ?? 0,
    corpusVersion: source.corpusVersion,
    config,
  };
  const videoIds = new Map(source.documents.map((d) => [d.id, d.videoId]));
  const rows: StoredChunk[] = chunks.map((c, i) => ({ ...c, videoId: videoIds.get(c.docId), vector: vectors[i], header: headerOf.get(c.docId) }));
  const store = await write(deps.store, name, meta, rows, ctx);

  const result: IngestResult = {
    collection: name,
    corpus: source.corpus,
    corpusVersion: source.corpusVersion,
    chunker: describeConfig(spec.chunker),
    modelId: deps.embedder.id,
    documents: source.documents.length,
    cues: source.documents.reduce((n, d) => n + d.cues.length, 0),
    chunks: chunks.length,
    embedded: misses,
    fromCache: hits,
    store,
    ms: { load, chunk, embed, store: lap(), total: Math.round(performance.now() - t0) },
  };
  return { result, chunks };
}

async function embedAll(texts: string[], deps: IngestDeps, ctx: JobContext) {
  // Batches of 32 keep both workers busy (16 each) while progress and Stop act every second or so.
  const cached = new CachedEmbeddings({ inner: deps.embedder.embeddings, modelId: deps.embedder.id, cache: deps.cache, batchSize: 32 });
  const started = performance.now();
  return cached.embedWithStats(
    texts,
    ({ done, total, hits }) => {
      // Throwing here stops between batches; finished batches are already cached.
      checkCancelled(ctx.signal, "Ingestion cancelled");
      const rate = done / Math.max((performance.now() - started) / 1000, 1e-3);
      ctx.progress({
        stage: "embed",
        done,
        total,
        rate: done > 0 ? Math.round(rate * 10) / 10 : undefined,
        etaS: done > 0 ? Math.round((total - done) / rate) : undefined,
        message: `Embedding ${total} new chunks (${hits} from cache)`,
      });
    },
  );
}

/**
 * The collection is written whole under its name (replacing an older one) and
 * becomes visible only once complete, so a crash leaves the old state or
 * nothing, never half a collection (lib/vectorstore/manifest.ts).
 */
async function write(store: ChunkStore, name: string, meta: CollectionMeta, chunks: StoredChunk[], ctx: JobContext) {
  const existing = await store.describeCollection(name).catch((e: unknown) => {
    if (isLabError(e) && e.code === "not_found") return null;
    // Unreadable: writing it again is the repair.
    if (isLabError(e) && e.code === "unavailable") return undefined;
    throw e;
  });
  if (existing && existing.meta.corpusVersion === meta.corpusVersion && existing.count === chunks.length) {
    ctx.progress({ stage: "store", done: 1, total: 1, message: `${name} already holds these ${chunks.length} chunks` });
    return "unchanged";
  }
  checkCancelled(ctx.signal, "Ingestion cancelled");
  ctx.progress({ stage: "store", done: 0, total: 1, message: `Writing ${name}` });
  await store.writeCollection(name, meta, chunks);
  ctx.progress({ stage: "store", done: 1, total: 1, message: `Wrote ${chunks.length} chunks to ${name}` });
  return existing === null || existing?.meta.corpusVersion === meta.corpusVersion ? "written" : "replaced";
}
