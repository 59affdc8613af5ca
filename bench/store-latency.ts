/**
 * Measures a ChunkStore: upsert throughput and search latency (p50/p95) over
 * synthetic chunks with random vectors, for vector, filtered vector, bm25 and
 * hybrid search. Run: `npx tsx bench/store-latency.ts [chunks] [dimension]`
 * (embedded LanceDB in a temp dir). Prints one JSON document on stdout.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { seededRandom } from "@/lib/random/seeded";
import { fakeChunk } from "@/lib/testing/fake-chunks";
import { openChunkStore } from "@/lib/vectorstore";
import type { ChunkStore, SearchRequest, StoredChunk } from "@/lib/vectorstore/port";

export interface MeasureOptions {
  chunks: number;
  dimension: number;
  k: number;
  queries: number;
  batch: number;
}


const VOCABULARY = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);

/** ~100 words a chunk drawn with a Zipf-like skew, so some words are common and most are rare. */
function syntheticChunks(n: number, dimension: number, next: () => number): StoredChunk[] {
  const word = () => VOCABULARY[Math.floor(next() ** 3 * VOCABULARY.length)];
  return Array.from({ length: n }, (_, i) => {
    const text = Array.from({ length: 100 }, word).join(" ");
    const vector = Array.from({ length: dimension }, () => next() - 0.5);
    return fakeChunk({ id: `c${i}`, docId: `d${i % 100}`, videoId: `v${i % 100}`, index: i, text, vector, citation: `https://www.youtube.com/watch?v=v${i % 100}&t=${i * 30}s`, tokens: 128 });
  });
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function percentiles(ms: number[]): { p50: number; p95: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100;
  return { p50: at(0.5), p95: at(0.95) };
}

export async function measureChunkStore(store: ChunkStore, options: MeasureOptions) {
  const { chunks: n, dimension, k, queries, batch } = options;
  const next = seededRandom(42);
  const rows = syntheticChunks(n, dimension, next);
  const name = `measure_${Date.now().toString(36)}`;
  await store.createCollection(name, { modelId: "random", dimension, corpusVersion: "synthetic", config: { n } });
  try {
    const upsertMs = await timed(async () => {
      for (let i = 0; i < n; i += batch) await store.upsert(name, rows.slice(i, i + batch));
    });
    const reupsertMs = await timed(() => store.upsert(name, rows.slice(0, batch)));
    const query = (): number[] => Array.from({ length: dimension }, () => next() - 0.5);
    const text = (): string => rows[Math.floor(next() * n)].text.split(" ")[Math.floor(next() * 100)];
    // An engine may do deferred maintenance (LanceDB: compaction, FTS index) on the first search after writes.
    const firstSearchMs = await timed(() => store.search(name, { mode: "bm25", text: text(), k }));
    const latency = async (request: () => SearchRequest) => {
      const ms: number[] = [];
      for (let i = 0; i < queries; i++) ms.push(await timed(() => store.search(name, request())));
      return percentiles(ms);
    };
    const search = {
      vector: await latency(() => ({ mode: "vector", vector: query(), k })),
      vectorFilteredByDoc: await latency(() => ({ mode: "vector", vector: query(), k, filter: { docId: "d7" } })),
      bm25: await latency(() => ({ mode: "bm25", text: text(), k })),
      hybrid: await latency(() => ({ mode: "hybrid", vector: query(), text: text(), k })),
    };
    const extra = syntheticChunks(batch, dimension, next).map((r) => ({ ...r, id: `extra-${r.id}` }));
    await store.upsert(name, extra);
    const searchAfterOneBatchMs = await timed(() => store.search(name, { mode: "bm25", text: text(), k }));
    const allVectorsMs = await timed(() => store.allVectors(name));
    return {
      engine: store.engine,
      ...options,
      upsert: { totalMs: Math.round(upsertMs), chunksPerSecond: Math.round((n / upsertMs) * 1000) },
      reupsertSameIdsBatchMs: Math.round(reupsertMs),
      firstSearchAfterIngestMs: Math.round(firstSearchMs),
      firstSearchAfterOneMoreBatchMs: Math.round(searchAfterOneBatchMs),
      searchMs: search,
      allVectorsMs: Math.round(allVectorsMs),
    };
  } finally {
    await store.dropCollection(name);
  }
}

async function main(): Promise<void> {
  const [chunks = 10_000, dimension = 512] = process.argv.slice(2).map(Number);
  const dataDir = await mkdtemp(path.join(tmpdir(), "ragcamp-measure-"));
  const store = await openChunkStore({ engine: "lancedb", dataDir });
  try {
    console.error(`measuring ${chunks} chunks of ${dimension} dimensions in ${dataDir}`);
    const result = await measureChunkStore(store, { chunks, dimension, k: 5, queries: 200, batch: 256 });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
