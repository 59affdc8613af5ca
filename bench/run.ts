/**
 * `npm run bench [ingest|grid|judge|llm|graph|page|load]`: the ingestion benchmarks (the grid
 * benchmarks are in ./grid.ts, judging in ./judge.ts, a hung model in ./llm.ts, the graph engine process in ./graph.ts,
 * a lesson page's download in ./page.ts, one instance under a cohort's load in ./load.ts), each measured against its baseline in the same
 * run on the same data. Prints `BENCH <name> <value> <unit>` and
 * `RATIO <name> <value>` lines on stdout; details go to stderr.
 *
 *   ingest_overhead     our cold ingestion / embedding the same chunk texts alone (goal ≤ 1.15)
 *   reingest_fraction   re-ingesting unchanged data / first ingestion          (goal ≤ 0.02)
 *   vs_langchain_ingest our cold ingestion / a plain LangChain.js pipeline     (goal ≤ 0.6)
 *   search_p95_ms       vector search over 10k stored chunks, query embedding excluded
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { loadDataset } from "@/lib/captions/datasets";
import { chunkDocuments } from "@/lib/chunking/chunk";
import { USE_LITE_MAX_TOKENS } from "@/lib/embeddings/use-lite";
import { tokenSplitter } from "@/lib/chunking/splitters";
import { buildTranscript } from "@/lib/chunking/transcript";
import { openAppDb } from "@/lib/db";
import { createEmbedder } from "@/lib/embeddings";
import { ingest } from "@/lib/ingest/pipeline";
import { openChunkStore } from "@/lib/vectorstore";
import { MainThreadUseLite } from "./main-thread-use-lite";
import { graphBench } from "./graph";
import { gridBench } from "./grid";
import { judgeBench } from "./judge";
import { llmBench } from "./llm";
import { loadBench } from "./load";
import { pageBench } from "./page";
import { bench, log, ratio, round, time } from "./report";
import { measureChunkStore } from "./store-latency";

const CHUNKER = { kind: "token", size: 128, overlap: 0 } as const;
const SOURCE = { kind: "dataset", name: "google-talks" } as const;

const noJob = { signal: new AbortController().signal, progress: () => {} };

async function ingestBench(): Promise<void> {
  const docs = await loadDataset("google-talks");
  const chunks = await chunkDocuments(docs, CHUNKER, USE_LITE_MAX_TOKENS);
  bench("corpus_documents", docs.length, "docs");
  bench("corpus_cues", docs.reduce((n, d) => n + d.cues.length, 0), "cues");
  bench("corpus_chunks_token_128_0", chunks.length, "chunks");

  // 1. The same chunk texts embedded alone, with the lab's embedder (worker pool), no cache.
  const alone = createEmbedder({ provider: "use-lite" });
  await alone.embeddings.embedQuery("warm up");
  const [, embedOnlyMs] = await time(() => alone.embeddings.embedDocuments(chunks.map((c) => c.text)));
  await alone.close();
  log(`embedding ${chunks.length} chunks alone: ${round(embedOnlyMs / 1000)} s`);

  // 2. Our pipeline, cold (empty cache and store), then again on unchanged data.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-bench-"));
  const db = await openAppDb({ dataDir });
  const store = await openChunkStore({ engine: "lancedb", dataDir, manifest: db.manifests });
  const embedder = createEmbedder({ provider: "use-lite" });
  await embedder.embeddings.embedQuery("warm up");
  const deps = { store, embedder, cache: db.embeddings, owner: "bench" };
  const [first, coldMs] = await time(() => ingest({ source: SOURCE, chunker: CHUNKER }, deps, noJob));
  log(`cold ingestion: ${round(coldMs / 1000)} s ${JSON.stringify(first.ms)}`);
  const [again, warmMs] = await time(() => ingest({ source: SOURCE, chunker: CHUNKER }, deps, noJob));
  log(`re-ingestion: ${round(warmMs)} ms, store ${again.store}, ${again.embedded} embedded`);
  await embedder.close();

  // 3. A plain LangChain.js pipeline: TokenTextSplitter + MemoryVectorStore + the same model.
  const plain = new MainThreadUseLite();
  await plain.embedQuery("warm up");
  const [, langchainMs] = await time(async () => {
    const splitter = tokenSplitter(CHUNKER.size, CHUNKER.overlap);
    const pages = docs.map((d) => new Document({ pageContent: buildTranscript(d).text, metadata: { source: d.videoId } }));
    const split = await splitter.splitDocuments(pages);
    await MemoryVectorStore.fromDocuments(split, plain);
  });
  log(`plain LangChain.js pipeline: ${round(langchainMs / 1000)} s`);

  bench("ingest_cold_s", coldMs / 1000, "s");
  bench("embed_only_s", embedOnlyMs / 1000, "s");
  bench("ingest_rate", first.chunks / (coldMs / 1000), "chunks/s");
  bench("reingest_ms", warmMs, "ms");
  bench("langchain_plain_s", langchainMs / 1000, "s");
  ratio("ingest_overhead", coldMs / embedOnlyMs);
  ratio("reingest_fraction", warmMs / coldMs);
  ratio("vs_langchain_ingest", coldMs / langchainMs);

  // 4. Search latency over 10k stored chunks with synthetic 512-d vectors.
  const latency = await measureChunkStore(store, { chunks: 10_000, dimension: 512, k: 5, queries: 200, batch: 256 });
  bench("search_p50_ms", latency.searchMs.vector.p50, "ms");
  bench("search_p95_ms", latency.searchMs.vector.p95, "ms");
  bench("search_hybrid_p95_ms", latency.searchMs.hybrid.p95, "ms");
  bench("search_bm25_p95_ms", latency.searchMs.bm25.p95, "ms");

  await store.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const only = process.argv[2];
if (!only || only === "ingest") await ingestBench();
if (!only || only === "grid") await gridBench();
if (!only || only === "judge") await judgeBench();
if (!only || only === "llm") await llmBench();
if (!only || only === "graph") await graphBench();
if (!only || only === "page") await pageBench();
if (!only || only === "load") await loadBench(process.argv.slice(3));
