/**
 * Sentence-level retrieval: every sentence of every chunk embedded (through
 * the embedding cache), and a chunk ranked by its best sentence over the
 * whole collection, not just over another mode's candidates (that is the
 * "rerank" lever). Built on a collection's first sentence search and kept in
 * memory for the next ones.
 */
import { cosineSimilarity } from "@/lib/embeddings";
import { MAX_K, type ChunkRecord, type ChunkStore, type SearchHit } from "@/lib/vectorstore/port";
import { sentencesOf } from "./levers";

export interface SentenceIndex {
  chunks: ChunkRecord[];
  /** Per sentence: its vector and the index of its chunk. */
  vectors: number[][];
  owner: number[];
}

/** A few collections' indexes at most: a grid searches one collection at a time. */
const KEPT = 4;
const built = new Map<string, Promise<SentenceIndex>>();

/**
 * The collection's sentence index. The key holds what makes its content: a
 * collection's name carries its chunker and model, its metadata the corpus
 * version, and a collection written again from the same corpus holds the same chunks.
 */
export async function sentenceIndex(store: ChunkStore, collection: string, embedTexts: (texts: string[]) => Promise<number[][]>): Promise<SentenceIndex> {
  const meta = await store.collectionMeta(collection);
  const key = `${store.engine}|${collection}|${meta.modelId}|${meta.corpusVersion}`;
  let index = built.get(key);
  if (!index) {
    index = buildIndex(store, collection, embedTexts);
    built.set(key, index);
    // A failed build is not kept: the next search tries again.
    index.catch(() => built.delete(key));
    if (built.size > KEPT) built.delete(built.keys().next().value!);
  }
  return index;
}

async function buildIndex(store: ChunkStore, collection: string, embedTexts: (texts: string[]) => Promise<number[][]>): Promise<SentenceIndex> {
  const ids = (await store.allVectors(collection)).map((r) => r.id);
  const chunks: ChunkRecord[] = [];
  for (let i = 0; i < ids.length; i += MAX_K) chunks.push(...(await store.getChunks(collection, ids.slice(i, i + MAX_K))));
  const sentences = chunks.map((c) => sentencesOf(c.text));
  const vectors = await embedTexts(sentences.flat());
  const owner = sentences.flatMap((s, i) => s.map(() => i));
  return { chunks, vectors, owner };
}

/** The chunks `keep` allows, ranked by their best sentence's cosine similarity to the query, at most `limit`. */
export function rankBySentence(query: number[], index: SentenceIndex, keep: (chunk: ChunkRecord) => boolean, limit: number): SearchHit[] {
  const best = new Float64Array(index.chunks.length).fill(-Infinity);
  index.vectors.forEach((v, i) => {
    const o = index.owner[i];
    best[o] = Math.max(best[o], cosineSimilarity(query, v));
  });
  return index.chunks
    .map((chunk, i) => ({ chunk, score: best[i] }))
    .filter((h) => h.score > -Infinity && keep(h.chunk))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
